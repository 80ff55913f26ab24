"""Importing the 劳模 and 信息宣传 ledgers on the web: upload, preview, commit."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.activities import selectors
from gonghui.core.dates import Period
from gonghui.honors.models import ModelWorker
from tests.factories import make_id_number


def _upload(client, ledger, name, text):
    return client.post(
        reverse("honors:import", kwargs={"ledger": ledger}),
        {"file": SimpleUploadedFile(name, text.encode(), "text/csv")},
    )


def test_model_workers_upload_preview_commit(world, client):
    client.force_login(world.clerk)
    man = make_id_number(dt.date(1965, 12, 1))
    text = (
        "姓名,身份证号,退休类别,劳模级别,荣誉称号,授予年份,所在工会\n"
        f"李建国,{man},男职工,省部级,省劳动模范,2015,桥涯村工会\n"
        f"王错,{man[:-1]}0,男职工,省部级,省劳动模范,2015,桥涯村工会\n"
    )
    response = _upload(client, "modelworkers", "劳模.csv", text)
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert 'data-count="created">1<' in preview and 'data-count="rejected">1<' in preview
    assert ModelWorker.objects.count() == 0
    commit = client.post(response["Location"] + "commit/")
    assert commit.status_code == 302
    worker = ModelWorker.objects.get()
    assert worker.statutory_retirement == dt.date(2026, 3, 1)  # RULES §1 vector 4
    errors = client.get(response["Location"] + "errors.xlsx")
    assert errors.status_code == 200 and errors["Content-Type"].startswith("application/vnd")


def test_articles_upload(world, client):
    client.force_login(world.clerk)
    lines = ["标题,日期,用稿媒体,是否采用"]
    for outlet, n in (("市门户网站", 39), ("《工会》", 10), ("工会手机报", 5)):
        lines += [f"{outlet}稿{i},2026-{1 + i % 10:02d}-08,{outlet},是" for i in range(n)]
    response = _upload(client, "articles", "稿件.csv", "\n".join(lines) + "\n")
    client.post(response["Location"] + "commit/")
    figures = selectors.publicity_figures(org=world.town, period=Period.year(2026))
    assert figures["used"] == 54
    assert [o["used"] for o in figures["by_outlet"]] == [39, 10, 5]


def test_unknown_ledger_is_404(world, client):
    client.force_login(world.clerk)
    assert client.get("/honors/import/members/").status_code == 404
