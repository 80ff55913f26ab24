"""The aid ledger import (one row per household), export, figures and the command line."""

import datetime as dt
import io
import json

import openpyxl
import pytest
import time_machine
from django.core.management import call_command

from gonghui.assistance import services as svc
from gonghui.assistance.ledger import aid_export, aid_import
from gonghui.assistance.models import Application, Campaign, Disbursement, GoodsLine
from gonghui.core.models import AuditEvent
from tests.assistance.helpers import D, apply, fetch, make_campaign, set_dibao
from tests.factories import make_id_number, make_person

HEADER = [
    "姓名",
    "公民身份号码",
    "所在工会/社区",
    "类别",
    "家庭人口",
    "慰问金(元)",
    "慰问物资",
    "物资折价(元)",
    "发放日期",
    "经办人",
    "备注",
]


def workbook(rows, title="2026年双节慰问台账") -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append([title])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    for cell in ws["B"]:
        cell.number_format = "@"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def campaign(world):
    set_dibao(world.town)
    return make_campaign(world, name="2026年双节慰问")


def _row(
    name,
    id_number,
    org="桥涯村",
    category="低保户",
    cash=500,
    goods="大米、食用油",
    value=150,
    date="2026-01-20",
):
    return [name, id_number, org, category, 3, cash, goods, value, date, "李四", ""]


def test_import_checks_then_commits_and_is_idempotent(world, campaign):
    ids = [make_id_number(dt.date(1960, 1, i + 1)) for i in range(3)]
    data = workbook(
        [
            _row("张一", ids[0]),
            _row(
                "王二", ids[1], org="杭坑村工会", category="大病家庭", cash=3000, goods="", value=0
            ),
            _row("李三", ids[2], category="孤寡老人"),
        ]
    )
    checked = aid_import(
        user=world.clerk, source=data, filename="台账.xlsx", options={"campaign": campaign.name}
    )
    assert (checked.accepted, checked.rejected, checked.committed) == (3, 0, False)
    assert Application.objects.count() == 0
    result = aid_import(
        user=world.clerk,
        source=data,
        filename="台账.xlsx",
        commit=True,
        options={"campaign": campaign.name},
    )
    assert (result.created, result.rejected) == (3, 0)
    app = Application.objects.get(person__name="王二")
    assert (app.status, app.category, app.cash, app.org) == (
        "disbursed",
        "illness",
        D("3000"),
        world.union_b,
    )
    assert Disbursement.objects.count() == 3
    assert GoodsLine.objects.count() == 2
    assert AuditEvent.objects.filter(kind="import").count() == 1
    again = aid_import(
        user=world.clerk,
        source=data,
        filename="台账.xlsx",
        commit=True,
        options={"campaign": campaign.name},
    )
    assert (again.created, again.unchanged, again.rejected) == (0, 3, 0)
    assert Application.objects.count() == 3


@time_machine.travel(dt.datetime(2026, 1, 25, 10, tzinfo=dt.UTC))
def test_import_rejects_double_aid_with_reasons(world, campaign):
    person = make_person("赵六")
    apply(world, campaign, person=person)  # already applied in this campaign
    barred = make_person("孙八")
    other = make_campaign(
        world,
        name="2025年临时救助",
        kind="temporary",
        start=dt.date(2025, 10, 1),
        end=dt.date(2025, 12, 31),
    )
    old = apply(world, other, person=barred, today=dt.date(2025, 10, 5))
    svc.application_disqualify(
        applications=fetch([old]), by=world.clerk, reason="隐瞒收入", today=dt.date(2025, 11, 1)
    )
    excl = make_campaign(
        world, name="2026年春节帮扶", start=dt.date(2026, 1, 1), end=dt.date(2026, 2, 28)
    )
    campaign.excludes.add(excl)
    paired = make_person("钱七")
    apply(world, excl, person=paired)
    twice = make_id_number(dt.date(1970, 5, 5))
    data = workbook(
        [
            _row("赵六", person.id_number),
            _row("孙八", barred.id_number),
            _row("钱七", paired.id_number),
            _row("周九", twice),
            _row("周九", twice),
            _row("吴十", make_id_number(dt.date(1971, 1, 1)), category="外星人"),
            _row("郑十一", "320102199003070000"),
        ]
    )
    result = aid_import(
        user=world.clerk,
        source=data,
        filename="台账.xlsx",
        commit=True,
        options={"campaign": campaign.name},
    )
    reasons = {(e.row, e.column): e.reason for e in result.errors}
    assert reasons[(3, "公民身份号码")] == "同一户已在“2026年双节慰问”中申请，不能重复申请"
    assert reasons[(4, "公民身份号码")] == "该户因申报不实被取消申报资格，2026年11月01日前不能申请"
    assert reasons[(5, "公民身份号码")].startswith("该户已在互斥的活动“2026年春节帮扶”中申请")
    assert reasons[(7, "公民身份号码")] == "与第 6 行是同一人，同一户在一个活动中只能慰问一次"
    assert "类别“外星人”无法识别" in reasons[(8, "类别")]
    assert "Excel" in reasons[(9, "公民身份号码")]
    assert (result.created, result.rejected) == (1, 6)
    assert result.error_workbook()[:2] == b"PK"


def test_import_yearly_cap_counts_earlier_rows_of_the_same_file(world, campaign):
    campaign.yearly_cap = D("600")
    campaign.start = dt.date(2026, 1, 2)
    campaign.save()
    a = make_person("冯十二")
    apply(
        world,
        make_campaign(
            world,
            name="2026年临时救助",
            kind="temporary",
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 3, 1),
        ),
        person=a,
        category="other",
        cash=D("500"),
        goods_value=D("0"),
    )
    data = workbook([_row("冯十二", a.id_number, cash=100, value=0, goods="")])
    ok = aid_import(
        user=world.clerk, source=data, filename="a.xlsx", options={"campaign": campaign.name}
    )
    assert ok.rejected == 0
    data = workbook([_row("冯十二", a.id_number, cash=200, value=0, goods="")])
    over = aid_import(
        user=world.clerk, source=data, filename="a.xlsx", options={"campaign": campaign.name}
    )
    assert over.errors[0].reason == (
        "该户2026年已获救助 500.00 元，加上本次 200.00 元超过每户年度上限 600.00 元"
    )


def test_chair_imports_only_into_their_union(world, campaign):
    data = workbook([_row("张一", make_id_number(dt.date(1960, 2, 2)), org="杭坑村")])
    result = aid_import(
        user=world.chair_a, source=data, filename="a.xlsx", options={"campaign": campaign.name}
    )
    assert result.rejected == 1 and "没有找到“杭坑村”" in result.errors[0].reason


def test_export_masks_for_viewers_and_logs_unmasked(world, campaign):
    data = workbook([_row("张一", "320102199003070017")])
    aid_import(
        user=world.clerk,
        source=data,
        filename="a.xlsx",
        commit=True,
        options={"campaign": campaign.name},
    )
    masked = openpyxl.load_workbook(
        io.BytesIO(aid_export(user=world.viewer, options={"campaign": campaign.name}))
    )
    rows = list(
        masked.active.values_only
        if hasattr(masked.active, "values_only")
        else masked.active.iter_rows(values_only=True)
    )
    assert rows[1][:4] == ("姓名", "公民身份号码", "所在工会/社区", "类别")
    assert rows[2][1] == "3201**********0017"
    assert not AuditEvent.objects.filter(kind="export").exists()
    full = openpyxl.load_workbook(
        io.BytesIO(aid_export(user=world.clerk, options={"campaign": campaign.name}))
    )
    assert list(full.active.iter_rows(values_only=True))[2][1] == "320102199003070017"
    assert AuditEvent.objects.filter(kind="export").count() == 1


def test_command_line(world, tmp_path, capsys):
    call_command(
        "campaign",
        "create",
        "--name",
        "2026年金秋助学",
        "--kind",
        "study_aid",
        "--org",
        "太华镇",
        "--from",
        "2026-07-01",
        "--to",
        "2026-09-30",
        "--standard",
        "困难职工子女（助学）=2000",
    )
    campaign = Campaign.objects.get(name="2026年金秋助学")
    assert (campaign.org, campaign.kind, campaign.approval) == (
        world.town,
        "study_aid",
        "organiser",
    )
    assert campaign.standards.get().cash == D("2000")
    path = tmp_path / "台账.xlsx"
    path.write_bytes(
        workbook(
            [
                _row(
                    "张一",
                    "320102199003070017",
                    category="困难职工子女（助学）",
                    cash=2000,
                    goods="",
                    value=0,
                    date="2026-08-20",
                )
            ]
        )
    )
    with pytest.raises(SystemExit) as exit_:
        call_command("import", "aid", str(path), "--campaign", "不存在的活动", "--json")
    assert exit_.value.code == 2
    capsys.readouterr()
    call_command("import", "aid", str(path), "--campaign", "2026年金秋助学", "--commit", "--json")
    out = json.loads(capsys.readouterr().out)
    assert (out["accepted"], out["created"], out["rejected"], out["errors"]) == (1, 1, 0, [])
    call_command("figures", "aid", "--campaign", "2026年金秋助学", "--json")
    figures = json.loads(capsys.readouterr().out)
    assert (figures["households"], figures["cash"]) == (1, "2000.00")
    assert figures["by_category"][10] == {
        "category": "student",
        "label": "困难职工子女（助学）",
        "households": 1,
        "persons": 3,
    }
    target = tmp_path / "out.xlsx"
    call_command("export", "aid", "--campaign", "2026年金秋助学", "-o", str(target))
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert rows[2][:2] == ("张一", "320102199003070017")
