"""`gonghui import|export|figures modelworkers` through the shared engine."""

import datetime as dt
import io
import json

import openpyxl
from django.core.management import call_command

from gonghui.core.models import AuditEvent, ChangeRecord
from gonghui.honors.ledger import modelworkers_export, modelworkers_import
from gonghui.honors.models import Honour, ModelWorker
from tests.factories import make_id_number
from tests.honors.helpers import make_worker


def _xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADER = [
    "姓名",
    "身份证号码",
    "退休类别",
    "劳模级别",
    "荣誉称号",
    "授予年份",
    "工作单位",
    "所在工会",
]


def _rows():
    man = make_id_number(dt.date(1965, 5, 3))
    woman = make_id_number(dt.date(1975, 3, 9), female=True)
    return (
        man,
        woman,
        [
            ["劳模花名册"],
            HEADER,
            [
                "李建国",
                man,
                "男",
                "省部级",
                "省劳动模范",
                2015,
                "桥涯纺织有限公司",
                "桥涯村工会",
            ],
            ["李建国", man, "男职工", "市级", "市劳动模范", 2008, "", "桥涯村工会"],
            ["王秀英", woman, "女工人", "全国", "全国劳动模范", "2020年", "", "杭坑村"],
            ["赵错", woman[:-1], "男职工", "省级", "省劳动模范", 2015, "", "桥涯村工会"],
            [
                "钱错",
                make_id_number(dt.date(1970, 1, 1)),
                "原55周岁女职工",
                "区级",
                "劳模",
                1900,
                "",
                "无名工会",
            ],
        ],
    )


def test_import_checks_then_commits(world, tmp_path):
    man, woman, rows = _rows()
    path = tmp_path / "劳模.xlsx"
    path.write_bytes(_xlsx(rows))
    result = modelworkers_import(user=world.clerk, source=path.read_bytes(), filename=path.name)
    assert (result.accepted, result.rejected, result.created) == (3, 2, 3)
    assert ModelWorker.objects.count() == 0
    by_row = {}
    for e in result.errors:
        by_row.setdefault(e.row, []).append((e.column, e.reason))
    assert [c for c, _ in by_row[6]] == ["身份证号码"]
    # A man's ID number with a women's category, an unknown level, an impossible year, a union
    # outside the scope: each named with the column as the file reads it.
    columns_7 = {c for c, _ in by_row[7]}
    assert {"退休类别", "劳模级别", "授予年份", "所在工会"} <= columns_7

    result = modelworkers_import(
        user=world.clerk, source=path.read_bytes(), filename=path.name, commit=True
    )
    assert result.committed and result.accepted == 3
    li = ModelWorker.objects.get(person__id_number=man)
    assert li.statutory_retirement == dt.date(2025, 7, 1)  # RULES §1 vector 3
    assert li.honours.count() == 2 and li.highest_held().level == "provincial"
    wang = ModelWorker.objects.get(person__id_number=woman)
    assert wang.category == "female50" and wang.statutory_retirement == dt.date(2025, 5, 1)
    assert wang.org == world.union_b
    assert AuditEvent.objects.filter(kind="import").count() == 1
    assert ChangeRecord.objects.filter(model="honors.modelworker").count() == 2

    # Importing the same file again changes nothing.
    again = modelworkers_import(
        user=world.clerk, source=path.read_bytes(), filename=path.name, commit=True
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Honour.objects.count() == 3


def test_chair_cannot_import_into_the_sibling_union(world):
    _, _, rows = _rows()
    result = modelworkers_import(user=world.chair_a, source=_xlsx(rows), filename="a.xlsx")
    # 王秀英 names 杭坑村 (union_b): not in chair_a's scope.
    assert any(e.column == "所在工会" and e.row == 5 for e in result.errors)


def test_export_has_the_statutory_retirement_column(world, tmp_path):
    make_worker(world, name="李建国", birth=dt.date(1965, 5, 3))
    out = tmp_path / "out.xlsx"
    call_command("export", "modelworkers", "-o", str(out), "--org", "太华镇总工会")
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "劳模台账"
    header = list(rows[1])
    assert "法定退休时间" in header and "公民身份号码" in header
    line = dict(zip(header, rows[2], strict=False))
    assert line["法定退休时间"] == "2025年7月"
    assert line["法定退休年龄"] == "60岁2个月"
    assert line["劳模级别"] == "省部级"
    assert line["荣誉津贴（元/月）"] == 120
    # The command line acts as the system: full ID numbers, and the export is logged.
    assert len(line["公民身份号码"]) == 18 and "*" not in line["公民身份号码"]
    assert AuditEvent.objects.filter(kind="export").count() == 1


def test_viewer_export_is_masked(world):
    make_worker(world)
    data = modelworkers_export(user=world.viewer)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "*" in rows[2][1]
    assert AuditEvent.objects.filter(kind="export").count() == 0


def test_import_command_and_figures(world, tmp_path, capsys):
    _, _, rows = _rows()
    path = tmp_path / "劳模.xlsx"
    path.write_bytes(_xlsx(rows[:5]))
    # Every row accepted: the command returns normally (exit code 0).
    call_command("import", "modelworkers", str(path), "--org", "太华镇总工会", "--commit")
    assert ModelWorker.objects.count() == 2
    capsys.readouterr()
    call_command(
        "figures",
        "modelworkers",
        "--org",
        "太华镇总工会",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--json",
    )
    figures = json.loads(capsys.readouterr().out)
    assert figures["workers"] == 2
    assert figures["by_level"] == {"national": 1, "provincial": 1, "city": 0}
    assert figures["reaching_retirement"] == 2
