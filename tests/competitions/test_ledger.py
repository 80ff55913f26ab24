import datetime as dt
import io
import json

import openpyxl
import pytest
import time_machine
from django.core.management import call_command

from gonghui.competitions import samples, services
from gonghui.competitions.ledger import contestants_import, proposals_import
from gonghui.competitions.models import Competition, Contestant, Proposal
from gonghui.core.models import AuditEvent
from tests.factories import make_id_number


def _xlsx(headers, rows) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def contest(world):
    comp = services.competition_create(
        by=world.clerk,
        name="太华镇职工技能竞赛",
        kind=Competition.Kind.SKILLS,
        organiser=world.town,
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 12, 31),
    )
    services.trade_add(by=world.clerk, competition=comp, name="中式烹饪")
    return comp


def test_contestants_import_checks_then_writes(world, contest):
    ids = [make_id_number() for _ in range(3)]
    data = _xlsx(
        ["姓名", "公民身份号码", "参赛单位", "竞赛项目", "赛前等级", "决赛成绩", "达到等级"],
        [
            ["王强", ids[0], "桥涯纺织有限公司", "中式烹饪", "中级工", 91.5, "高级工"],
            ["李娜", ids[1], "桥涯村工会", "电工", "四级", 80, "中级工"],
            ["赵六", ids[2], "不存在的公司", "中式烹饪", "", "", ""],
            ["王强", ids[0], "桥涯纺织有限公司", "中式烹饪", "中级工", 90, "高级工"],
        ],
    )
    options = {"competition": contest.name}
    checked = contestants_import(
        user=world.clerk, source=data, filename="选手.xlsx", options=options
    )
    assert (checked.accepted, checked.rejected) == (2, 2)
    reasons = {(e.row, e.column): e.reason for e in checked.errors}
    assert "不是本竞赛的参赛单位" in reasons[(4, "参赛单位")]
    assert "与第 2 行重复" in reasons[(5, "公民身份号码")]
    assert not Contestant.objects.exists()
    done = contestants_import(
        user=world.clerk, source=data, filename="选手.xlsx", options=options, commit=True
    )
    assert done.created == 2
    assert contest.participants.count() == 2
    assert set(contest.trades.values_list("name", flat=True)) == {"中式烹饪", "电工"}
    wang = Contestant.objects.get(person__name="王强")
    assert wang.grade_reached == 3 and wang.participant.employer == world.employer_a
    assert wang.scores.get().score == 91.5
    assert AuditEvent.objects.filter(kind="import").count() == 1
    again = contestants_import(
        user=world.clerk, source=data, filename="选手.xlsx", options=options, commit=True
    )
    assert (again.created, again.unchanged) == (0, 2)


def test_contestants_import_needs_the_competition(world):
    from gonghui.core.sheets import SheetError

    with pytest.raises(SheetError, match="--competition"):
        contestants_import(
            user=world.clerk,
            source=_xlsx(["姓名", "公民身份号码", "参赛单位", "竞赛项目"], [["a", "b", "c", "d"]]),
            filename="x.xlsx",
        )


def test_chair_cannot_import_into_another_union(world):
    from django.core.exceptions import PermissionDenied

    data = _xlsx(["建议题目", "建议人", "提出日期"], [["a", "b", "2026-01-02"]])
    with pytest.raises(PermissionDenied):
        proposals_import(user=world.chair_b, source=data, filename="p.xlsx", org=world.union_a)


def test_proposals_import_and_figures_command(world, capsys):
    data = _xlsx(
        [
            "建议题目",
            "建议人",
            "所在工会",
            "提出日期",
            "状态",
            "未采纳原因",
            "实施日期",
            "预计效益",
        ],
        [
            ["改进络筒工艺", "王芳", "桥涯村工会", "2026-03-01", "已采纳", "", "", ""],
            ["节能照明", "李四", "桥涯村", "2026-04-01", "已实施", "", "2026-06-01", "12,000"],
            ["增加夜班补贴", "张三", "杭坑村工会", "2026-05-01", "未采纳", "", "", ""],
            ["食堂延时", "张三", "杭坑村工会", "2026-05-02", "未采纳", "超出职责范围", "", ""],
            ["工具柜", "赵六", "杭坑村工会", "2025-12-02", "", "", "", ""],
        ],
    )
    result = proposals_import(user=world.clerk, source=data, filename="建议.xlsx", commit=True)
    assert (result.created, result.rejected) == (4, 1)
    assert result.errors[0].column == "未采纳原因" and result.errors[0].row == 4
    assert Proposal.objects.get(title="节能照明").estimated_benefit == 12000
    capsys.readouterr()
    call_command(
        "figures",
        "proposals",
        "--org",
        "太华镇总工会",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--json",
    )
    figures = json.loads(capsys.readouterr().out)
    assert (figures["submitted"], figures["adopted"]) == (3, 2)
    assert figures["adoption_rate"] == "66.7"
    assert {u["unit"]: u["submitted"] for u in figures["by_unit"]} == {
        "桥涯村工会": 2,
        "杭坑村工会": 1,
    }


def test_figures_competition_command_pian6(world, capsys):
    with time_machine.travel(dt.datetime(2026, 6, 15, 9, 0), tick=False):
        comp = samples.load_pian6(parent=world.county, by=world.county_clerk)
    capsys.readouterr()
    call_command(
        "figures", "competition", "--competition", comp.name, "--to", "2026-06-15", "--json"
    )
    figures = json.loads(capsys.readouterr().out)
    assert figures["units"] == 12
    assert figures["findings"]["on_time_count"] == 7
    assert figures["findings"]["rules_without_plan"] == ["信息通信分公司工会"]
    assert figures["findings"]["published_count"] == 4
    assert figures["handins"]["on_time_rate"] == "44.4"


def test_figures_competition_command_pian2(world, capsys):
    with time_machine.travel(dt.datetime(2026, 12, 20, 9, 0), tick=False):
        comp = samples.load_pian2(parent=world.county, by=world.county_clerk)
    capsys.readouterr()
    call_command("figures", "competition", "--competition", comp.name, "--json")
    c = json.loads(capsys.readouterr().out)["contest"]
    assert (c["contestants"], c["enterprises"], c["reached"]["高级工"], c["trade_count"]) == (
        93,
        53,
        70,
        2,
    )
    assert c["grade_rose"] == 123
    call_command("figures", "proposals", "--org", "xx区总工会", "--json")
    p = json.loads(capsys.readouterr().out)
    assert (p["submitted"], p["adopted"]) == (4150, 1198)


def test_exports_through_the_command(world, tmp_path):
    with time_machine.travel(dt.datetime(2026, 12, 20, 9, 0), tick=False):
        comp = samples.load_pian2(parent=world.county, by=world.county_clerk)
    out = tmp_path / "选手.xlsx"
    call_command("export", "contestants", "-o", str(out), "--competition", comp.name)
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert len(rows) == 2 + 93
    out = tmp_path / "双挂钩.xlsx"
    call_command("export", "competition", "-o", str(out), "--competition", comp.name)
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert len(rows) == 3 + 53
