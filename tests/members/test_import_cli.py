"""`gonghui import|export|figures members ...` through call_command: JSON, exit codes, files."""

import datetime as dt
import io
import json

import openpyxl
import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from gonghui.core.models import AuditEvent
from gonghui.members.models import Membership, Person
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0), tick=False):
        yield


def write_roster(path, *rows):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["会员名册"])
    ws.append(["姓名", "公民身份号码", "所在工会", "入会日期"])
    for row in rows:
        ws.append(list(row))
    book.save(path)
    return path


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


GOOD = ["张三", "320102199003070017", "桥涯村工会", "2019-03-05"]
BAD = ["李四", 320102198506150022, "桥涯村工会", "2019-03-05"]


def test_check_only_json_and_exit_1_when_a_row_is_rejected(world, tmp_path):
    path = write_roster(tmp_path / "名册.xlsx", GOOD, BAD)
    code, out, _ = run("import", "members", str(path), "--json")
    assert code == 1
    report = json.loads(out)
    assert {k: report[k] for k in ("accepted", "created", "updated", "rejected")} == {
        "accepted": 1,
        "created": 1,
        "updated": 0,
        "rejected": 1,
    }
    (error,) = report["errors"]
    assert error["row"] == 4 and error["column"] == "公民身份号码"
    assert error["value"] == "320102198506150000" and "存成了数字" in error["reason"]
    assert Person.objects.count() == 0  # without --commit nothing is written


def test_commit_writes_accepted_rows_and_exit_0_when_clean(world, tmp_path):
    path = write_roster(tmp_path / "名册.xlsx", GOOD)
    code, out, _ = run("import", "members", str(path), "--commit", "--json")
    assert code == 0
    assert json.loads(out)["created"] == 1
    assert Membership.objects.get().person.name == "张三"
    event = AuditEvent.objects.get(kind="import")
    assert event.username == "命令行" and event.user is None
    # again: nothing changes
    code, out, _ = run("import", "members", str(path), "--commit", "--json")
    assert code == 0 and json.loads(out)["created"] == 0 and json.loads(out)["updated"] == 0


def test_commit_with_rejections_writes_the_rest(world, tmp_path):
    path = write_roster(tmp_path / "名册.xlsx", GOOD, BAD)
    code, out, _ = run("import", "members", str(path), "--commit")
    assert code == 1
    assert "第 4 行  公民身份号码" in out and "新增 1" in out and "未通过 1 行" in out
    assert Person.objects.count() == 1


def test_file_level_failure_exits_2_with_one_sentence(world, tmp_path):
    path = tmp_path / "空.xlsx"
    path.write_bytes(b"")
    code, out, err = run("import", "members", str(path))
    assert code == 2 and err.strip() == "文件“空.xlsx”是空的，没有任何内容。"
    code, out, _ = run("import", "members", str(path), "--json")
    assert code == 2 and json.loads(out) == {"error": "文件“空.xlsx”是空的，没有任何内容。"}
    code, _, err = run("import", "members", str(tmp_path / "missing.xlsx"))
    assert code == 2 and "找不到文件" in err


def test_org_and_user_options(world, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号"])
    book.active.append(["张三", "320102199003070017"])
    path = tmp_path / "a.xlsx"
    book.save(path)
    # no union column: --org names the union; 入会日期 is still required
    code, _, err = run("import", "members", str(path), "--org", "桥涯村")
    assert code == 2 and "入会日期" in err
    write_roster(path, ["张三", "320102199003070017", "", "2019-03-05"])
    code, out, _ = run("import", "members", str(path), "--org", "桥涯村", "--commit", "--json")
    assert code == 0 and json.loads(out)["created"] == 1
    # as chair_b, union_a is out of reach
    write_roster(path, ["李四", "320102198506150022", "桥涯村工会", "2019-03-05"])
    code, out, _ = run("import", "members", str(path), "--user", "chair_b", "--json")
    assert code == 1 and "没有找到工会“桥涯村工会”" in json.loads(out)["errors"][0]["reason"]
    with pytest.raises(CommandError, match="没有找到名为“不存在”的组织"):
        call_command("import", "members", str(path), "--org", "不存在")
    with pytest.raises(CommandError, match="没有名为 nope 的台账"):
        call_command("import", "nope", str(path))


def test_export_writes_the_roster_with_ids_as_text(world, tmp_path):
    make_member(world.union_a, "张三", id_number="320102199003070017")
    make_member(world.union_c, "外镇", id_number="320102198506150022")
    out = tmp_path / "roster.xlsx"
    code, _, err = run("export", "members", "-o", str(out), "--org", "太华镇")
    assert code == 0 and "已导出会员名册" in err
    ws = openpyxl.load_workbook(out).active
    assert ws["A1"].value == "姓名" and ws["A2"].value == "张三"
    assert ws["B2"].value == "320102199003070017" and ws["B2"].number_format == "@"
    assert ws.max_row == 2  # only the town's subtree
    assert AuditEvent.objects.get(kind="export").detail["rows"] == 1
    # as the viewer: masked, and no export event for masked data
    code, _, _ = run("export", "members", "-o", str(out), "--user", "viewer")
    ws = openpyxl.load_workbook(out).active
    assert ws["B2"].value == "3201**********0017"
    assert AuditEvent.objects.filter(kind="export").count() == 1


def test_figures_json(world):
    make_member(world.union_a, "张三", joined=dt.date(2019, 3, 5))
    make_member(world.union_a, "李四", joined=dt.date(2026, 2, 1))
    make_member(world.union_b, "王五", joined=dt.date(2026, 3, 1))
    code, out, _ = run(
        "figures",
        "members",
        "--org",
        "太华镇",
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
        "--json",
    )
    figures = json.loads(out)
    assert figures["members"] == 3 and figures["new_members"] == 2
    assert figures["membership_rate"] == {"numerator": 3, "denominator": 70, "percent": 4.3}
    by_union = {u["name"]: u for u in figures["unions"]}
    assert by_union["桥涯村工会"]["members"] == 2 and by_union["桥涯村工会"]["new_members"] == 1
    assert by_union["杭坑村工会"]["employees"] == 30
    assert figures["period"] == {"from": "2026-01-01", "to": "2026-06-30"}


def test_member_figures_count_members_on_the_last_day_of_a_past_period(world):
    from gonghui.core.dates import Period
    from gonghui.members.selectors import member_figures

    stayed = make_member(world.union_a, "张三", joined=dt.date(2019, 3, 5))
    left = make_member(world.union_a, "李四", joined=dt.date(2024, 2, 1))
    Membership.objects.filter(pk=left.pk).update(status="left", ended=dt.date(2025, 8, 1))
    moved = make_member(world.union_b, "王五", joined=dt.date(2025, 3, 1))
    Membership.objects.create(
        person=make_member(world.union_c, "赵六", joined=dt.date(2020, 1, 1)).person,
        org=world.union_c,
        joined=dt.date(2021, 1, 1),
        status="transferred",
        ended=dt.date(2022, 1, 1),
    )
    year_2025 = member_figures(world.town, Period.year(2025))
    assert year_2025["members"] == 2  # 张三 and 王五 on 2025-12-31; 李四 left in August
    assert year_2025["new_members"] == 1  # 王五
    first_half = member_figures(world.town, Period.half(2025, 1))
    assert first_half["members"] == 3  # 李四 still a member on 2025-06-30
    now = member_figures(world.town)
    assert now["members"] == 2 and now["new_members"] is None
    assert now["membership_rate"]["denominator"] == 70  # employees of union_a and union_b
    assert stayed.pk and moved.pk
