"""Excel import and export of employers and agreements, and the generic commands."""

import datetime as dt
import io
import json

import openpyxl
import pytest
import time_machine
from django.core.management import call_command

from gonghui.bargaining.agreement_ledger import agreement_export, agreement_import
from gonghui.bargaining.employer_ledger import employer_export, employer_import
from gonghui.bargaining.models import Agreement, Filing
from gonghui.core.creditcode import check_char
from gonghui.core.models import AuditEvent, ChangeRecord
from gonghui.orgs.models import Employer
from tests.bargaining.test_source_figures import SENTENCE, build_source_five

pytestmark = pytest.mark.usefixtures("_today")


@pytest.fixture
def _today():
    with time_machine.travel(dt.datetime(2026, 7, 5, 10, 0), tick=False):
        yield


def code(n: int) -> str:
    first17 = f"91320102MA{n:07d}"
    return first17 + check_char(first17)


def xlsx(headers, rows, title=None) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    if title:
        ws.append([title])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


EMPLOYER_HEADERS = [
    "单位名称",
    "统一社会信用代码",
    "行业",
    "职工人数",
    "所在区域",
    "本单位工会",
    "信用代码已核对",
]


def test_employer_import_checks_commits_and_is_idempotent(world):
    bad = code(3)[:17] + ("0" if code(3)[17] != "0" else "1")
    rows = [
        ["太华织造一厂", code(1), "纺织", 80, "太华镇", "", ""],
        ["太华织造二厂", code(2), "纺织", "45", "", "桥涯村工会", ""],
        ["校验不符但已核对", bad, "机械", 30, "太华镇", "", "是"],
        ["校验不符", bad[:16] + "XX", "机械", 30, "太华镇", "", ""],
        ["区域不对", code(4), "机械", 30, "缸窑街道", "", ""],
        ["人数不对", code(5), "机械", "很多", "太华镇", "", ""],
    ]
    data = xlsx(EMPLOYER_HEADERS, rows, title="太华镇用人单位台账")
    result = employer_import(user=world.clerk, source=data, filename="e.xlsx", org=world.town)
    assert (result.accepted, result.rejected) == (3, 3)
    errors = {(e.row, e.column) for e in result.errors}
    assert errors == {(6, "统一社会信用代码"), (7, "所在区域"), (8, "职工人数")}
    assert not Employer.objects.filter(name="太华织造一厂").exists()
    result = employer_import(
        user=world.clerk, source=data, filename="e.xlsx", org=world.town, commit=True
    )
    assert result.created == 3
    second = Employer.objects.get(name="太华织造二厂")
    assert (second.org, second.union, second.employees) == (world.town, world.union_a, 45)
    assert Employer.objects.get(name="校验不符但已核对").credit_code_confirmed
    assert AuditEvent.objects.filter(kind="import").count() == 1
    assert ChangeRecord.objects.filter(model="orgs.employer").count() == 3
    again = employer_import(
        user=world.clerk, source=data, filename="e.xlsx", org=world.town, commit=True
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    rows[0][3] = 90
    changed = employer_import(
        user=world.clerk, source=xlsx(EMPLOYER_HEADERS, rows), filename="e.xlsx", commit=True
    )
    assert changed.updated == 1
    assert Employer.objects.get(name="太华织造一厂").employees == 90


def test_employer_export_round_trip(world):
    data = employer_export(user=world.clerk)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header, first = list(sheet.iter_rows(values_only=True))[:2]
    assert header[:2] == ("单位名称", "统一社会信用代码")
    assert first[0] == "桥涯纺织有限公司" and first[1] == "91320102MA1T8K3W40"
    result = employer_import(user=world.clerk, source=data, filename="export.xlsx")
    assert (result.unchanged, result.rejected) == (1, 0)


def test_chair_b_cannot_import_into_union_a(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        employer_import(
            user=world.chair_b,
            source=xlsx(EMPLOYER_HEADERS, []),
            filename="e.xlsx",
            org=world.union_a,
        )


AGREEMENT_HEADERS = [
    "合同名称",
    "签订形式",
    "合同类别",
    "工会方",
    "企业名称",
    "统一社会信用代码",
    "行业",
    "签订日期",
    "起始日期",
    "终止日期",
    "应到人数",
    "实到人数",
    "同意人数",
    "续签/新签",
    "报送日期",
    "审查结果",
    "答复日期",
    "审查意见",
]


def _employers(world, n, start=0):
    return [
        Employer.objects.create(
            name=f"太华第{i}织造厂", credit_code=code(100 + i), org=world.town, employees=20
        )
        for i in range(start, start + n)
    ]


def _regional_rows(employers, **change):
    base = {
        "合同名称": "太华镇2026年区域性工资集体协议",
        "签订形式": "区域性",
        "合同类别": "工资专项",
        "工会方": "太华镇",
        "行业": "",
        "签订日期": "2026-01-15",
        "起始日期": "2026-01-01",
        "终止日期": "2028-12-31",
        "应到人数": 90,
        "实到人数": 70,
        "同意人数": 60,
        "续签/新签": "新签",
        "报送日期": "2026.1.20",
        "审查结果": "",
        "答复日期": "",
        "审查意见": "",
    }
    base.update(change)
    return [
        [
            base.get(h, "")
            if h not in ("企业名称", "统一社会信用代码")
            else (e.name if h == "企业名称" else e.credit_code)
            for h in AGREEMENT_HEADERS
        ]
        for e in employers
    ]


def test_agreement_import_groups_rows_into_agreements(world):
    employers = _employers(world, 5)
    single = [
        "桥涯纺织2026年工资专项集体合同",
        "单独签订",
        "工资专项集体合同",
        "桥涯村工会",
        "桥涯纺织有限公司",
        "91320102MA1T8K3W40",
        "",
        "2026年1月10日",
        "2026-01-01",
        "2026-12-31",
        40,
        30,
        25,
        "续签",
        "2026-01-15",
        "审查通过",
        "2026-01-25",
        "",
    ]
    data = xlsx(AGREEMENT_HEADERS, [*_regional_rows(employers), single])
    checked = agreement_import(user=world.clerk, source=data, filename="a.xlsx")
    assert (checked.accepted, checked.rejected) == (6, 0), checked.errors
    result = agreement_import(user=world.clerk, source=data, filename="a.xlsx", commit=True)
    assert result.created == 6
    regional = Agreement.objects.get(scope="regional")
    assert regional.coverages.count() == 5
    assert regional.filing.filed == dt.date(2026, 1, 20)
    assert regional.review_status(dt.date(2026, 7, 5)) == "deemed"
    single_agreement = Agreement.objects.get(scope="single")
    assert single_agreement.renewal and single_agreement.renewal_of is None
    assert single_agreement.filing.outcome == Filing.Outcome.APPROVED
    again = agreement_import(user=world.clerk, source=data, filename="a.xlsx", commit=True)
    assert (again.created, again.unchanged) == (0, 6)
    # a sixth employer added to the same agreement
    more = _employers(world, 1, start=5)
    added = agreement_import(
        user=world.clerk,
        source=xlsx(AGREEMENT_HEADERS, _regional_rows(more)),
        filename="b.xlsx",
        commit=True,
    )
    assert added.updated == 1
    assert regional.coverages.count() == 6


def test_one_bad_row_rejects_the_whole_agreement(world):
    employers = _employers(world, 3)
    rows = _regional_rows(employers)
    rows[1][4] = "不存在的工厂"
    rows[1][5] = ""
    result = agreement_import(
        user=world.clerk, source=xlsx(AGREEMENT_HEADERS, rows), filename="a.xlsx", commit=True
    )
    assert (result.accepted, result.rejected) == (0, 3)
    assert {(e.row, e.column) for e in result.errors} == {
        (3, "企业名称"),
        (2, "合同名称"),
        (4, "合同名称"),
    }
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(
    "change, column, reason",
    [
        ({"实到人数": 59, "同意人数": 50}, "同意人数", "三分之二"),
        ({"同意人数": 45}, "同意人数", "半数"),
        ({"终止日期": "2029-01-01"}, "终止日期", "超过三年"),
        ({"终止日期": "2026-12-30"}, "终止日期", "不足一年"),
        (
            {"审查结果": "提出异议", "答复日期": "2026-02-05", "审查意见": "条款不明"},
            "答复日期",
            "视为生效",
        ),
        (
            {"审查结果": "提出异议", "答复日期": "2026-02-04", "审查意见": ""},
            "审查意见",
            "审查意见",
        ),
        ({"签订形式": "区县级"}, "签订形式", "签订形式"),
    ],
)
def test_agreement_rules_at_import(world, change, column, reason):
    employers = _employers(world, 2)
    result = agreement_import(
        user=world.clerk,
        source=xlsx(AGREEMENT_HEADERS, _regional_rows(employers, **change)),
        filename="a.xlsx",
    )
    assert result.rejected == 2
    assert any(e.column == column and reason in e.reason for e in result.errors), result.errors


def test_objection_on_the_last_day_is_accepted(world):
    employers = _employers(world, 1)
    change = {"审查结果": "提出异议", "答复日期": "2026-02-04", "审查意见": "条款不明"}
    result = agreement_import(
        user=world.clerk,
        source=xlsx(AGREEMENT_HEADERS, _regional_rows(employers, **change)),
        filename="a.xlsx",
        commit=True,
    )
    assert result.created == 1
    assert Agreement.objects.get().filing.outcome == "objection"


def test_renewal_links_the_one_earlier_agreement(world):
    employers = _employers(world, 2)
    old = _regional_rows(
        employers,
        合同名称="太华镇2023年区域性工资集体协议",
        签订日期="2023-01-10",
        起始日期="2023-01-01",
        终止日期="2025-12-31",
        报送日期="2023-01-12",
    )
    new = _regional_rows(employers, **{"续签/新签": "续签"})
    agreement_import(
        user=world.clerk, source=xlsx(AGREEMENT_HEADERS, old + new), filename="a.xlsx", commit=True
    )
    first, second = Agreement.objects.order_by("signed")
    assert second.renewal_of == first


def test_export_then_import_changes_nothing(world):
    build_source_five(world)
    data = agreement_export(user=world.clerk)
    rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 39 * 2 + 59 * 2 + 96 + 101
    result = agreement_import(user=world.clerk, source=data, filename="export.xlsx")
    assert (result.unchanged, result.rejected) == (len(rows) - 1, 0), result.errors[:3]


def test_commands_import_and_figures(world, tmp_path, capsys):
    build_source_five(world)
    path = tmp_path / "employers.xlsx"
    path.write_bytes(
        xlsx(EMPLOYER_HEADERS, [["新建织造厂", code(900), "纺织", 10, "太华镇", "", ""]])
    )
    call_command("import", "employers", str(path), "--org", "太华镇", "--json")
    out = json.loads(capsys.readouterr().out)
    assert (out["accepted"], out["committed"], out["rejected"]) == (1, False, 0)
    assert not Employer.objects.filter(name="新建织造厂").exists()
    call_command("import", "employers", str(path), "--org", "太华镇", "--commit", "--json")
    assert json.loads(capsys.readouterr().out)["created"] == 1
    Employer.objects.filter(name="新建织造厂").delete()
    call_command(
        "figures",
        "bargaining",
        "--org",
        "太华镇",
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
        "--json",
    )
    figures = json.loads(capsys.readouterr().out)
    assert figures["sentence"] == SENTENCE
    assert figures["coverage_by_employers"] == {
        "numerator": 199,
        "denominator": 199,
        "percent": "100.0",
    }
