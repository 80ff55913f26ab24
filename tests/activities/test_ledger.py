"""`gonghui import|export|figures activities` and `articles`: 篇5's results and 篇1's publicity
entered from spreadsheets come out exactly from the figures command."""

import io
import json

import openpyxl
from django.core.management import call_command

from gonghui.activities import selectors
from gonghui.activities.ledger import activities_import, articles_import
from gonghui.activities.models import Event
from gonghui.core.dates import Period
from gonghui.core.models import AuditEvent
from tests.activities.source_data import GONGS, TUG_RESULTS, TUG_TEAMS, enter_pian1, enter_pian7


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


EVENT_HEADER = ["活动名称", "活动类别", "日期", "地点", "主办工会", "参赛队伍", "名次", "奖项"]


def _pian5_sheet():
    rows = [EVENT_HEADER]
    for name, rank, award in GONGS:
        rows.append(
            ["元宵十番锣鼓大赛", "文艺活动", "2026-03-03", "鼎球广场", "", name, rank, award]
        )
    for name in TUG_TEAMS:
        rank, award = TUG_RESULTS.get(name, (None, ""))
        rows.append(["元宵拔河比赛", "体育", "2026年3月3日", "中学操场", "", name, rank, award])
    return _xlsx(rows)


def test_pian5_results_imported(world):
    data = _pian5_sheet()
    result = activities_import(user=world.clerk, source=data, filename="活动.xlsx", commit=True)
    assert result.rejected == 0 and result.accepted == 22
    gongs = Event.objects.get(name="元宵十番锣鼓大赛")
    assert gongs.org == world.town and gongs.entries.count() == 8
    assert [(r["award"], r["name"]) for r in selectors.event_results(event=gongs)] == [
        ("金锣奖", "桥涯村十番锣鼓队"),
        ("银锣奖", "杭坑村十番锣鼓队"),
        ("铜锣奖", "乾元村十番锣鼓队"),
        ("铜锣奖", "胥锦村十番锣鼓队"),
    ]
    tug = Event.objects.get(name="元宵拔河比赛")
    assert tug.kind == "sports" and tug.entries.count() == 14
    assert [(r["rank"], r["name"]) for r in selectors.event_results(event=tug)] == [
        (1, "海福工会"),
        (2, "机关工会"),
        (3, "博大工会"),
    ]
    again = activities_import(user=world.clerk, source=data, filename="活动.xlsx", commit=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 22)
    assert AuditEvent.objects.filter(kind="import").count() == 2


def test_event_import_errors_name_row_and_column(world):
    data = _xlsx(
        [
            EVENT_HEADER,
            ["篮球赛", "球类", "2026-05-01", "", "", "甲队", "一", ""],
            ["篮球赛", "体育比赛", "2026-02-30", "", "杭坑村工会", "乙队", 0, ""],
        ]
    )
    result = activities_import(user=world.chair_a, source=data, filename="x.xlsx")
    found = {(e.row, e.column) for e in result.errors}
    assert {(2, "活动类别"), (2, "名次"), (3, "日期"), (3, "主办工会")} <= found
    assert result.accepted == 0


def test_pian1_publicity_imported(world):
    rows = [["标题", "日期", "供稿单位", "用稿媒体", "是否采用"]]
    for outlet, n in (("市门户网站", 39), ("《工会》", 10), ("工会手机报", 5)):
        rows += [
            [f"{outlet}稿{i}", f"2026-{1 + i % 11:02d}-15", "", outlet, "是"] for i in range(n)
        ]
    rows.append(["未采用稿", "2026-04-01", "", "", "否"])
    rows.append(["错的媒体", "2026-04-01", "", "人民日报", "是"])
    result = articles_import(
        user=world.clerk, source=_xlsx(rows), filename="稿件.xlsx", commit=True
    )
    assert result.accepted == 55 and result.rejected == 1
    assert result.errors[0].column == "用稿媒体" and result.errors[0].row == 57
    figures = selectors.publicity_figures(org=world.town, period=Period.year(2026))
    assert figures["used"] == 54
    assert {o["outlet"]: o["used"] for o in figures["by_outlet"]} == {
        "市门户网站": 39,
        "《工会》": 10,
        "工会手机报": 5,
    }


def test_figures_activities_command(world, capsys):
    activities_import(user=world.clerk, source=_pian5_sheet(), filename="a.xlsx", commit=True)
    enter_pian1(by=world.clerk, org=world.town)
    enter_pian7(by=world.clerk, org=world.town)
    capsys.readouterr()
    call_command(
        "figures",
        "activities",
        "--org",
        "太华镇总工会",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--json",
    )
    figures = json.loads(capsys.readouterr().out)
    assert figures["publicity"]["used"] == 54
    assert [o["used"] for o in figures["publicity"]["by_outlet"]] == [39, 10, 5]
    assert figures["by_kind"]["speech"]["contestants"] == 13
    assert figures["by_kind"]["speech"]["audience"] == 90
    assert figures["practice"]["record_cards"] == 141
    events = {e["name"]: e for e in figures["event_list"]}
    gongs = events["元宵十番锣鼓大赛"]
    assert gongs["teams"] == 8
    assert [r["award"] for r in gongs["results"]] == ["金锣奖", "银锣奖", "铜锣奖", "铜锣奖"]
    tug = events["元宵拔河比赛"]
    assert tug["teams"] == 14
    assert [r["name"] for r in tug["results"]] == ["海福工会", "机关工会", "博大工会"]
    # A period that holds none of it.
    call_command(
        "figures",
        "activities",
        "--org",
        "太华镇总工会",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
    )
    empty = json.loads(capsys.readouterr().out)
    assert empty["events"] == 0 and empty["publicity"]["used"] == 0


def test_exports(world, tmp_path):
    activities_import(user=world.clerk, source=_pian5_sheet(), filename="a.xlsx", commit=True)
    out = tmp_path / "活动.xlsx"
    call_command("export", "activities", "-o", str(out))
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert len(rows) == 2 + 22
    out = tmp_path / "稿件.xlsx"
    enter_pian1(by=world.clerk, org=world.town)
    call_command("export", "articles", "-o", str(out), "--org", "太华镇总工会")
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert sum(1 for r in rows[2:] if r[5] == "是") == 54
