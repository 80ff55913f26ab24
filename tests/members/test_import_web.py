"""The web import: upload → preview → commit or cancel, the downloads, a big file in the background."""

import datetime as dt
import io
import threading

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.core import import_jobs
from gonghui.core.models import AuditEvent
from gonghui.members.models import Membership, Person
from tests.factories import make_member


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0), tick=True):
        yield


def xlsx_upload(*rows, headers=("姓名", "公民身份号码", "所在工会", "入会日期"), name="名册.xlsx"):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["会员名册"])
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


GOOD = ["张三", "320102199003070017", "桥涯村工会", "2019-03-05"]
BAD = ["李四", 320102198506150022, "桥涯村工会", "2019-03-05"]


def upload(client, file, **data):
    response = client.post(reverse("members:import"), {"file": file, **data})
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def test_upload_preview_commit(world, client):
    client.force_login(world.clerk)
    make_member(world.union_a, "王五", id_number="11010519491231002X", joined=dt.date(2018, 1, 1))
    changed = ["王五", "11010519491231002X", "桥涯村工会", "2018-02-01"]
    preview = upload(client, xlsx_upload(GOOD, BAD, changed))
    page = client.get(preview)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-count="created">1<' in html and 'data-count="updated">1<' in html
    assert 'data-count="rejected">1<' in html
    assert "存成了数字" in html and "<td>4</td><td>公民身份号码</td>" in html
    assert "入会日期：<del" in html and "2018-01-01" in html and "2018-02-01" in html
    assert Person.objects.count() == 1  # nothing written yet
    job_id = preview.rstrip("/").rsplit("/", 1)[1]
    response = client.post(reverse("members:import_commit", args=[job_id]))
    assert response.status_code == 302
    assert Membership.objects.filter(person__name="张三", org=world.union_a).exists()
    assert Membership.objects.get(person__name="王五").joined == dt.date(2018, 2, 1)
    assert AuditEvent.objects.get(kind="import").detail["created"] == 1
    page = client.get(preview).content.decode()
    assert "已导入：新增 1 人，更新 1 人" in page
    # the upload itself is gone once written
    assert not (import_jobs.import_dir() / job_id / "source.xlsx").exists()
    # and it cannot be committed twice
    client.post(reverse("members:import_commit", args=[job_id]))
    assert AuditEvent.objects.filter(kind="import").count() == 1


def test_rejected_rows_download_with_reason_and_cancel_writes_nothing(world, client):
    client.force_login(world.clerk)
    preview = upload(client, xlsx_upload(GOOD, BAD))
    job_id = preview.rstrip("/").rsplit("/", 1)[1]
    response = client.get(reverse("members:import_errors", args=[job_id]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = rows.get_sheet_by_index(0).to_python()
    assert rows[0] == ["姓名", "公民身份号码", "所在工会", "入会日期", "错误原因"]
    assert rows[1][:2] == ["李四", "320102198506150000"]
    assert "后几位已经丢失" in rows[1][4]
    assert len(rows) == 2
    response = client.post(reverse("members:import_cancel", args=[job_id]))
    assert response.status_code == 302 and response["Location"] == reverse("members:import")
    assert not (import_jobs.import_dir() / job_id).exists()
    assert client.get(preview).status_code == 404
    assert Person.objects.count() == 0


def test_a_bad_file_gets_one_sentence_and_nothing_is_kept(world, client):
    client.force_login(world.clerk)
    preview = upload(client, SimpleUploadedFile("空.xlsx", b""))
    assert "文件“空.xlsx”是空的，没有任何内容。" in client.get(preview).content.decode()
    response = client.post(
        reverse("members:import"), {"file": SimpleUploadedFile("a.pdf", b"%PDF")}
    )
    assert response.status_code == 400 and "不是 Excel 表格或 CSV 文件" in response.content.decode()
    response = client.post(reverse("members:import"), {})
    assert response.status_code == 400 and "请选择要导入的文件" in response.content.decode()


def test_a_chairs_rows_default_to_their_union_and_reach_no_further(world, client):
    client.force_login(world.chair_a)
    file = xlsx_upload(
        ["张三", "320102199003070017", "2019-03-05"], headers=("姓名", "身份证号", "入会时间")
    )
    preview = upload(client, file)
    job_id = preview.rstrip("/").rsplit("/", 1)[1]
    client.post(reverse("members:import_commit", args=[job_id]))
    assert Membership.objects.get().org == world.union_a
    preview = upload(
        client, xlsx_upload(["李四", "320102198506150022", "杭坑村工会", "2019-03-05"])
    )
    assert "没有找到工会“杭坑村工会”" in client.get(preview).content.decode()
    # another writer cannot see or commit this import
    client.force_login(world.clerk)
    other = preview.rstrip("/").rsplit("/", 1)[1]
    assert client.get(preview).status_code == 404
    assert client.post(reverse("members:import_commit", args=[other])).status_code == 404


def test_staff_may_name_a_default_union(world, client):
    client.force_login(world.clerk)
    file = xlsx_upload(
        ["张三", "320102199003070017", "2019-03-05"], headers=("姓名", "身份证号", "入会日期")
    )
    preview = upload(client, file, org="杭坑村")
    job_id = preview.rstrip("/").rsplit("/", 1)[1]
    client.post(reverse("members:import_commit", args=[job_id]))
    assert Membership.objects.get().org == world.union_b
    response = client.post(
        reverse("members:import"), {"file": xlsx_upload(GOOD), "org": "缸窑社区工会"}
    )
    assert (
        response.status_code == 400
        and "没有找到基层工会“缸窑社区工会”" in response.content.decode()
    )


def test_template_has_headers_example_and_drop_downs(world, client):
    client.force_login(world.chair_a)
    response = client.get(reverse("members:import_template"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    ws = book["导入模板"]
    headers = [c.value for c in ws[1]]
    assert headers[:4] == ["姓名", "公民身份号码", "所在工会", "入会日期"]
    assert ws["B2"].value == "320102199003070017" and ws["B2"].number_format == "@"
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in ws.data_validations.dataValidation}
    assert set(lists) == {"F2", "G2", "H2"}  # 民族, 政治面貌, 文化程度
    assert book["选项"]["A2"].value == "汉族"


def test_export_masks_ids_for_readers_and_logs_unmasked_exports(world, client):
    make_member(world.union_a, "张三", id_number="320102199003070017", mobile="13812345678")
    client.force_login(world.viewer)
    response = client.get(reverse("members:export"))
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert ws["B2"].value == "3201**********0017" and ws["G2"].value == "138****5678"
    assert not AuditEvent.objects.filter(kind="export").exists()
    client.force_login(world.clerk)
    response = client.get(reverse("members:export"), {"q": "张"})
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert ws["B2"].value == "320102199003070017" and ws["B2"].number_format == "@"
    event = AuditEvent.objects.get(kind="export")
    assert event.user == world.clerk and event.detail["rows"] == 1
    client.force_login(world.chair_b)
    ws = openpyxl.load_workbook(io.BytesIO(client.get(reverse("members:export")).content)).active
    assert ws.max_row == 1  # union_b has nobody


@pytest.mark.django_db(transaction=True)
def test_a_big_file_is_checked_and_committed_in_the_background(client, settings, monkeypatch):
    from tests.factories import build_world

    world = build_world()
    settings.IMPORT_INLINE_MAX_BYTES = 0  # every file counts as big
    deferred = []

    class DeferredThread(threading.Thread):
        """Started by the test once the request is over: SQLite's shared in-memory test database
        would otherwise see the request and the import write at the same moment."""

        def start(self):
            deferred.append(self)

    def run_deferred():
        while deferred:
            thread = deferred.pop()
            threading.Thread.start(thread)
            thread.join(timeout=60)
            assert not thread.is_alive()

    monkeypatch.setattr(import_jobs, "Thread", DeferredThread)
    client.force_login(world.clerk)
    preview = upload(client, xlsx_upload(GOOD, BAD))
    job_id = preview.rstrip("/").rsplit("/", 1)[1]
    page = client.get(preview).content.decode()
    assert "正在检查文件" in page and 'role="progressbar"' in page
    run_deferred()
    page = client.get(preview).content.decode()
    assert 'data-count="created">1<' in page and 'data-count="rejected">1<' in page
    progress = client.get(reverse("members:import_progress", args=[job_id]), HTTP_HX_REQUEST="true")
    assert progress.headers.get("HX-Refresh") == "true"
    client.post(reverse("members:import_commit", args=[job_id]))
    assert "正在导入" in client.get(preview).content.decode()
    assert Person.objects.count() == 0
    run_deferred()
    assert "已导入：新增 1 人" in client.get(preview).content.decode()
    assert Person.objects.get().name == "张三"


def test_progress_bar_while_running(world, client):
    client.force_login(world.clerk)
    job = import_jobs.job_create(user=world.clerk, ledger="members", filename="x.csv", data=b"a")
    job.state = import_jobs.CHECKING
    job.save()
    from django.core.cache import cache

    cache.set(import_jobs._progress_key(job.id), (250, 1000))
    page = client.get(reverse("members:import_preview", args=[job.id])).content.decode()
    assert 'aria-valuenow="25"' in page and "正在检查文件" in page
    fragment = client.get(reverse("members:import_progress", args=[job.id]), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and 'hx-trigger="load delay:1s"' in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
