"""Importing a campaign's aid ledger on the web: upload → preview → commit or cancel, errors."""

import datetime as dt
import io
import threading

import openpyxl
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.assistance.models import Application, Disbursement
from gonghui.core import import_jobs
from gonghui.core.models import AuditEvent, ChangeRecord
from gonghui.members.models import Person
from tests.assistance.helpers import make_campaign, set_dibao
from tests.assistance.test_ledger import HEADER
from tests.factories import make_id_number

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["2026年双节慰问台账（桥涯村）"])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    for cell in ws["B"]:
        cell.number_format = "@"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row(name, id_number, org="桥涯村工会", category="低保户", cash=500):
    return [name, id_number, org, category, 3, cash, "大米、食用油", 150, "2026-01-20", "李四", ""]


@pytest.fixture
def campaign(world):
    set_dibao(world.town)
    return make_campaign(world, name="2026年双节慰问")


@pytest.fixture
def ledger():
    ids = [make_id_number(dt.date(1960, 3, i + 1)) for i in range(3)]
    return xlsx(
        [
            row("张一", ids[0]),
            row("王二", ids[1], org="杭坑村工会", category="大病家庭", cash=3000),
            row("李三", ids[2], category="外星人"),
        ]
    )


def upload(client, campaign, data, name="台账.xlsx"):
    response = client.post(
        reverse("assistance:import", args=[campaign.pk]),
        {"file": SimpleUploadedFile(name, data, XLSX)},
    )
    assert response.status_code == 302, response.content.decode()
    return response["Location"]


def test_campaign_page_links_to_the_import_for_writers_only(world, client, campaign):
    url = reverse("assistance:import", args=[campaign.pk])
    client.force_login(world.clerk)
    assert url in client.get(reverse("assistance:campaign", args=[campaign.pk])).content.decode()
    client.force_login(world.viewer)
    assert (
        url not in client.get(reverse("assistance:campaign", args=[campaign.pk])).content.decode()
    )
    assert client.get(url).status_code == 403


def test_upload_preview_commit_then_reimport_changes_nothing(world, client, campaign, ledger):
    client.force_login(world.clerk)
    preview_url = upload(client, campaign, ledger)
    page = client.get(preview_url).content.decode()
    assert 'data-count="created">2<' in page and 'data-count="rejected">1<' in page
    assert "类别“外星人”无法识别" in page and "<td>5</td><td>类别</td><td" in page
    assert "确认导入 2 户" in page and "张一" in page
    assert "19600301" not in page  # ID numbers masked in the preview
    assert Application.objects.count() == 0 and Person.objects.count() == 0

    job_id = preview_url.rstrip("/").rsplit("/", 1)[1]
    client.post(reverse("assistance:import_commit", args=[campaign.pk, job_id]))
    apps = Application.objects.filter(campaign=campaign).select_related("person", "org")
    assert sorted((a.person.name, a.org.name, a.status, a.cash) for a in apps) == [
        ("张一", "桥涯村工会", "disbursed", 500),
        ("王二", "杭坑村工会", "disbursed", 3000),
    ]
    assert Disbursement.objects.count() == 2
    event = AuditEvent.objects.get(kind="import")
    assert event.user == world.clerk and event.detail["created"] == 2
    assert ChangeRecord.objects.filter(model="assistance.application").count() == 2
    page = client.get(preview_url).content.decode()
    assert "已导入：新增 2 户" in page

    again = client.get(upload(client, campaign, ledger)).content.decode()
    assert 'data-count="created">0<' in again and 'data-count="unchanged">2<' in again
    assert "没有需要写入的行" in again
    assert Application.objects.count() == 2
    assert AuditEvent.objects.filter(kind="import").count() == 1


def test_cancel_writes_nothing_and_forgets_the_file(world, client, campaign, ledger):
    client.force_login(world.clerk)
    preview_url = upload(client, campaign, ledger)
    job_id = preview_url.rstrip("/").rsplit("/", 1)[1]
    response = client.post(reverse("assistance:import_cancel", args=[campaign.pk, job_id]))
    assert response["Location"] == reverse("assistance:import", args=[campaign.pk])
    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url + "commit/").status_code == 404
    assert Application.objects.count() == 0 and Person.objects.count() == 0
    assert not AuditEvent.objects.filter(kind="import").exists()


def test_error_workbook_has_the_reason_column(world, client, campaign, ledger):
    client.force_login(world.clerk)
    preview_url = upload(client, campaign, ledger)
    job_id = preview_url.rstrip("/").rsplit("/", 1)[1]
    response = client.get(reverse("assistance:import_errors", args=[campaign.pk, job_id]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
    header = next(r for r in rows if "错误原因" in r)
    last = rows[-1]
    assert last[header.index("姓名")] == "李三"
    assert "类别“外星人”无法识别" in last[header.index("错误原因")]


def test_chair_rows_of_a_sibling_union_are_rejected(world, client, campaign, ledger):
    client.force_login(world.chair_a)
    page = client.get(upload(client, campaign, ledger)).content.decode()
    assert 'data-count="created">1<' in page and 'data-count="rejected">2<' in page
    assert "在您管辖的范围内没有找到“杭坑村工会”" in page


def test_a_job_belongs_to_its_campaign_and_uploader(world, client, campaign, ledger):
    client.force_login(world.clerk)
    preview_url = upload(client, campaign, ledger)
    job_id = preview_url.rstrip("/").rsplit("/", 1)[1]
    other = make_campaign(world, name="2026年金秋助学", kind="study_aid")
    assert (
        client.get(reverse("assistance:import_preview", args=[other.pk, job_id])).status_code == 404
    )
    client.force_login(world.chair_a)
    assert client.get(preview_url).status_code == 404


def test_not_a_spreadsheet_and_no_file(world, client, campaign):
    client.force_login(world.clerk)
    url = reverse("assistance:import", args=[campaign.pk])
    response = client.post(
        url, {"file": SimpleUploadedFile("台账.pdf", b"%PDF", "application/pdf")}
    )
    assert response.status_code == 400 and "不是 Excel 表格或 CSV 文件" in response.content.decode()
    assert client.post(url, {}).status_code == 400


def test_a_file_that_is_not_a_workbook_fails_cleanly(world, client, campaign):
    client.force_login(world.clerk)
    page = client.get(upload(client, campaign, b"not a workbook", "坏.xlsx")).content.decode()
    assert 'class="alert alert-danger"' in page and "重新上传" in page
    assert Application.objects.count() == 0


def test_progress_bar_while_running(world, client, campaign):
    client.force_login(world.clerk)
    job = import_jobs.job_create(
        user=world.clerk,
        ledger="aid",
        filename="big.xlsx",
        data=b"x",
        options={"campaign": campaign.name, "campaign_id": campaign.pk},
    )
    job.state = import_jobs.CHECKING
    job.save()
    cache.set(import_jobs._progress_key(job.id), (300, 1000))
    page = client.get(reverse("assistance:import_preview", args=[campaign.pk, job.id]))
    assert 'aria-valuenow="30"' in page.content.decode() and "正在检查文件" in page.content.decode()
    progress = reverse("assistance:import_progress", args=[campaign.pk, job.id])
    fragment = client.get(progress, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="load delay:1s"' in fragment and "<html" not in fragment
    job.state = import_jobs.CHECKED
    job.save()
    assert client.get(progress, HTTP_HX_REQUEST="true").headers.get("HX-Refresh") == "true"


def test_big_file_is_checked_in_the_background(
    world, client, campaign, ledger, settings, monkeypatch
):
    """Above IMPORT_INLINE_MAX_BYTES the check runs in a thread; the page shows progress."""
    settings.IMPORT_INLINE_MAX_BYTES = 0
    client.force_login(world.clerk)
    started = []

    def defer(thread):
        started.append(thread)  # not run: the test database is the request's transaction

    with monkeypatch.context() as patch:
        patch.setattr(threading.Thread, "start", defer)
        preview_url = upload(client, campaign, ledger)
    assert len(started) == 1
    page = client.get(preview_url).content.decode()
    assert "正在检查文件" in page and 'role="progressbar"' in page
    job_id = preview_url.rstrip("/").rsplit("/", 1)[1]
    import_jobs.THREADS.pop(job_id, None)
    job = import_jobs.job_get(user=world.clerk, job_id=job_id)
    import_jobs._run(job, commit=False)  # what the thread would do
    page = client.get(preview_url).content.decode()
    assert 'data-count="created">2<' in page
