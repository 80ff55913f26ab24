"""The member-roster import: real .xlsx/.csv files built here, every rejection with row/column/reason."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from python_calamine import CalamineWorkbook

from gonghui.core import imports as core_imports
from gonghui.core.models import AuditEvent, ChangeRecord, ImportedRows, imported_row
from gonghui.core.sheets import SheetError
from gonghui.members.imports import member_import
from gonghui.members.models import Membership, Person
from tests.factories import make_member

HEADERS = ["序号", "姓名", "身份证号码", "所属工会", "入会时间", "手机", "民族", "政治面貌", "学历"]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0), tick=False):
        yield


def roster(*rows, headers=HEADERS, title=True) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    if title:
        ws.append(["太华镇 2026 年会员名册"])  # row 1: a title row
    ws.append(headers)
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(world, data, *, user=None, commit=False, filename="名册.xlsx", **kwargs):
    return member_import(
        user=user or world.clerk, source=data, filename=filename, commit=commit, **kwargs
    )


def errors_of(result):
    return [(e.row, e.column, e.value, e.reason) for e in result.errors]


GOOD = [
    [1, "张三", "320102199003070017", "桥涯村工会", dt.date(2019, 3, 5), "13812345678", "汉族"],
    [
        2,
        "李 四",
        "３２０１０２１９８５０６１５００２２",
        "杭坑村",
        "2019.3.5",
        "",
        "汉",
        "党员",
        "本科",
    ],
    [3, "王五", "11010519491231002x", "桥涯村", "2019年3月5日"],
    [4, "赵六", "440305200002290037", "桥涯村工会", "20190305"],
    [5, "钱七", "320102900307003", "杭坑村工会", "2019/03/05"],
]


def test_new_rows_create_people_and_active_memberships(world):
    result = run(world, roster(*GOOD), commit=True)
    assert errors_of(result) == []
    assert (result.accepted, result.created, result.updated, result.rejected) == (5, 5, 0, 0)
    li = Person.objects.get(name="李四")  # stray space gone, full-width digits normalised
    assert li.id_number == "320102198506150022" and li.sex == "F"
    assert li.birth_date == dt.date(1985, 6, 15)
    assert (li.ethnicity, li.political_status, li.education) == ("汉族", "中共党员", "大学本科")
    wang = Person.objects.get(name="王五")
    assert wang.id_number == "11010519491231002X"  # lower-case x
    qian = Person.objects.get(name="钱七")  # 15 digits converted
    assert qian.id_number == "320102199003070033"
    memberships = Membership.objects.filter(status="active").select_related("person", "org")
    assert {(m.person.name, m.org.name, m.joined) for m in memberships} == {
        ("张三", "桥涯村工会", dt.date(2019, 3, 5)),
        ("李四", "杭坑村工会", dt.date(2019, 3, 5)),
        ("王五", "桥涯村工会", dt.date(2019, 3, 5)),
        ("赵六", "桥涯村工会", dt.date(2019, 3, 5)),
        ("钱七", "杭坑村工会", dt.date(2019, 3, 5)),
    }
    # New people are recorded compactly with the import (ImportedRows), not a ChangeRecord each.
    assert not ChangeRecord.objects.filter(batch=result.batch).exists()
    event = AuditEvent.objects.get(kind="import")
    assert event.user == world.clerk and event.org == world.town
    assert event.detail["sha256"] == result.sha256 and len(result.sha256) == 64
    assert event.detail["created"] == 5 and event.detail["file"] == "名册.xlsx"
    zhang = Person.objects.get(name="张三")
    history = imported_row("members.person", zhang.pk)
    assert history["event"] == event and history["row"] == 3  # title row, header, then 张三
    assert zhang.created == event.time  # the values as created: the row itself, then its changes
    assert imported_row("members.person", qian.pk)["row"] == 7
    assert ImportedRows.objects.get().event == event  # five consecutive ids: one run


def test_fifteen_digit_number_converts(world):
    """The RULES.md §2 vector: 320102850615002 becomes 320102198506150022."""
    result = run(
        world, roster([1, "钱七", "320102850615002", "杭坑村工会", "2019-03-05"]), commit=True
    )
    assert result.created == 1
    assert Person.objects.get().id_number == "320102198506150022"


def test_reimporting_the_same_file_changes_nothing(world):
    data = roster(*GOOD[:1], *GOOD[2:4])
    first = run(world, data, commit=True)
    assert first.created == 3
    records = ChangeRecord.objects.count()
    people = list(Person.objects.order_by("pk").values())
    second = run(world, data, commit=True)
    assert (second.created, second.updated, second.unchanged, second.rejected) == (0, 0, 3, 0)
    assert ChangeRecord.objects.count() == records
    assert ImportedRows.objects.count() == 1  # the first import's run of three new people
    assert list(Person.objects.order_by("pk").values()) == people
    assert Membership.objects.count() == 3


def test_changed_fields_update_with_before_and_after(world):
    run(world, roster(GOOD[0]), commit=True)
    changed = [1, "张三", "320102199003070017", "桥涯村工会", "2019-04-01", "13900001111", "汉族"]
    result = run(world, roster(changed), commit=True)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    person = Person.objects.get()
    assert person.mobile == "13900001111"
    assert Membership.objects.get().joined == dt.date(2019, 4, 1)
    record = ChangeRecord.objects.get(batch=result.batch)
    assert record.action == "update"
    assert record.before == {"mobile": "13812345678", "joined": "2019-03-05"}
    assert record.after == {"mobile": "13900001111", "joined": "2019-04-01"}
    # a blank optional cell keeps what is known
    blank = [1, "张三", "320102199003070017", "桥涯村工会", "2019-04-01", "", ""]
    assert run(world, roster(blank), commit=True).unchanged == 1
    assert Person.objects.get().mobile == "13900001111"


def test_every_rejection_names_row_column_value_and_reason(world):
    data = roster(
        [1, "张三", 320102199003070017, "桥涯村工会", "2019-03-05"],  # row 3: number cell
        [2, "李四", "340524198001010013", "桥涯村工会", "2019-03-05"],  # row 4: check char
        [3, "王五", "320102199003070017", "桥涯村工会", "2019-02-30"],  # row 5: no such day
        [4, "赵六", "440305200002290037", "桥涯村工会", "2027-01-01"],  # row 6: future
        [5, "", "11010519491231002X", "桥涯村工会", "2019-03-05"],  # row 7: no name
        [6, "孙八", "320102198506150022", "桥崖村工会", "2019-03-05"],  # row 8: unknown union
        [7, "周九", "320102198506150022", "杭坑村工会", "2019-03-05"],  # row 9: same ID, other name
        [8, "吴十", "320102199003070017", "桥涯村工会", "1980-01-01"],  # row 10: before birth
    )
    result = run(world, data, commit=True)
    assert result.accepted == 0 and result.rejected == 8
    found = {(e.row, e.column): (e.value, e.reason) for e in result.errors}
    value, reason = found[(3, "身份证号码")]
    assert value == "320102199003070000"  # as Excel shows it: the last digits are gone
    assert "存成了数字" in reason and "后几位已经丢失" in reason and "“文本”格式" in reason
    assert found[(4, "身份证号码")] == (
        "340524198001010013",
        "身份证号码校验位不符：最后一位应为 X，录入的是 3",
    )
    assert found[(5, "入会时间")] == ("2019-02-30", "日期“2019-02-30”不存在（2019年2月30日）")
    assert found[(6, "入会时间")] == ("2027-01-01", "日期“2027-01-01”在今天之后")
    assert found[(7, "姓名")] == ("", "“姓名”不能为空")
    value, reason = found[(8, "所属工会")]
    assert value == "桥崖村工会"
    assert "没有找到工会“桥崖村工会”" in reason and "最接近的有：桥涯村工会" in reason
    assert "第 8 行" in found[(8, "身份证号码")][1] and "第 9 行" in found[(8, "身份证号码")][1]
    assert "孙八" in found[(9, "身份证号码")][1] and "周九" in found[(9, "身份证号码")][1]
    assert "早于身份证号码中的出生日期 1990-03-07" in found[(10, "入会时间")][1]
    assert Person.objects.count() == 0 and Membership.objects.count() == 0
    assert ChangeRecord.objects.count() == 0


def test_error_workbook_holds_rejected_rows_with_their_reason(world):
    data = roster(
        GOOD[0],
        [2, "李四", 320102198506150022, "桥涯村工会", "2019-03-05"],
        [3, "王五", "11010519491231002X", "不存在工会", "2019-03-05"],
    )
    result = run(world, data)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(result.error_workbook()))
    rows = rows.get_sheet_by_index(0).to_python()
    assert rows[0] == [*HEADERS, "错误原因"]
    assert [r[1] for r in rows[1:]] == ["李四", "王五"]
    assert rows[1][2] == "320102198506150000"  # the ID column is text
    assert "存成了数字" in rows[1][-1]
    assert rows[2][-1].startswith("所属工会：在您管辖的范围内没有找到工会“不存在工会”")
    # fixed in place, the error file imports again
    book = openpyxl.load_workbook(io.BytesIO(result.error_workbook()))
    ws = book.active
    ws["C2"] = "320102198506150022"
    ws["D3"] = "桥涯村工会"
    out = io.BytesIO()
    book.save(out)
    again = run(world, out.getvalue(), commit=True)
    assert (again.created, again.rejected) == (2, 0)


def test_active_member_of_another_union_must_be_transferred(world):
    make_member(world.union_b, "张三", id_number="320102199003070017")
    result = run(world, roster(GOOD[0]), commit=True)
    (error,) = result.errors
    assert (error.row, error.column) == (3, "所属工会")
    assert "已是“杭坑村工会”的在册会员" in error.reason and "转会" in error.reason
    assert Membership.objects.get().org == world.union_b


def test_known_id_under_another_name_is_rejected(world):
    make_member(world.union_a, "张叁", id_number="320102199003070017")
    (error,) = run(world, roster(GOOD[0])).errors
    assert error.column == "姓名" and "已登记为“张叁”" in error.reason


def test_left_member_joining_again_gets_a_new_membership(world):
    old = make_member(
        world.union_a, "张三", id_number="320102199003070017", joined=dt.date(2010, 1, 1)
    )
    Membership.objects.filter(pk=old.pk).update(status="left", ended=dt.date(2015, 1, 1))
    result = run(world, roster(GOOD[0]), commit=True)
    assert result.created == 1
    assert Membership.objects.filter(status="active").get().joined == dt.date(2019, 3, 5)
    assert Person.objects.count() == 1
    # the closed membership itself is not re-opened by an old file
    stale = [1, "张三", "320102199003070017", "桥涯村工会", "2010-01-01"]
    Membership.objects.filter(status="active").delete()
    (error,) = run(world, roster(stale)).errors
    assert "已于 2015-01-01 已退会" in error.reason


def test_a_chair_imports_only_into_their_own_union(world):
    rows = roster(GOOD[0], [2, "李四", "320102198506150022", "杭坑村工会", "2019-03-05"])
    result = run(world, rows, user=world.chair_a, commit=True)
    assert result.created == 1
    (error,) = result.errors
    assert error.row == 4 and "没有找到工会“杭坑村工会”" in error.reason
    assert Membership.objects.get().org == world.union_a


def test_readers_may_not_import(world):
    with pytest.raises(PermissionDenied):
        run(world, roster(GOOD[0]), user=world.viewer)
    with pytest.raises(PermissionDenied):
        run(world, roster(GOOD[0]), user=world.chair_a, org=world.union_b)


def test_org_fills_in_a_missing_union_column(world):
    data = roster(
        ["张三", "320102199003070017", "2019-03-05"], headers=["姓名", "身份证号", "入会日期"]
    )
    with pytest.raises(SheetError, match="所在工会"):
        run(world, data)
    result = run(world, data, org=world.union_a, commit=True)
    assert result.created == 1 and Membership.objects.get().org == world.union_a


def test_a_town_is_not_a_union(world):
    (error,) = run(
        world, roster([1, "张三", "320102199003070017", "太华镇总工会", "2019-03-05"])
    ).errors
    assert "不是基层工会" in error.reason


def test_enumerated_columns_reject_unknown_values(world):
    row = [1, "张三", "320102199003070017", "桥涯村工会", "2019-03-05", "1381234", "火星族", "群众"]
    found = {e.column: e.reason for e in run(world, roster(row)).errors}
    assert "手机号码 1381234 无效" in found["手机"]
    assert "“民族”不能填“火星族”" in found["民族"]


def test_csv_in_gb18030(world):
    text = "姓名,身份证号,工会,入会日期\n张三,320102199003070017,桥涯村,2019-03-05\n"
    result = run(world, text.encode("gb18030"), filename="名册.csv", commit=True)
    assert result.created == 1


def test_check_only_writes_nothing(world):
    result = run(world, roster(*GOOD))
    assert result.accepted == 5 and result.created == 5 and not result.committed
    assert Person.objects.count() == 0 and AuditEvent.objects.count() == 0
    assert {p["action"] for p in result.preview} == {"create"}


def test_a_file_level_failure_writes_nothing(world):
    with pytest.raises(SheetError):
        run(world, b"", commit=True)
    with pytest.raises(SheetError, match="没有找到可识别的表头"):
        run(world, roster(["a", "b"], headers=["月份", "金额"]), commit=True)
    assert Person.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_a_crash_mid_commit_leaves_the_database_as_before(world, monkeypatch):
    make_member(world.union_a, "老会员", id_number="320102199003070017")
    before = (Person.objects.count(), Membership.objects.count(), ChangeRecord.objects.count())
    monkeypatch.setattr(core_imports, "BATCH_SIZE", 2)
    calls = {"n": 0}
    real = core_imports.insert_rows

    def failing(model, fields, rows):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(model, fields, rows)

    monkeypatch.setattr(core_imports, "insert_rows", failing)
    rows = [
        [i, f"职工{i}", pid, "桥涯村工会", "2019-03-05"]
        for i, pid in enumerate(
            ["11010519491231002X", "440305200002290037", "320102198506150022", "440524188001010014"]
        )
    ]
    with pytest.raises(RuntimeError, match="disk full"):
        run(world, roster(*rows), commit=True)
    assert calls["n"] == 2  # the first batch of people was written, then the second failed
    assert (
        Person.objects.count(),
        Membership.objects.count(),
        ChangeRecord.objects.count(),
    ) == before
    assert AuditEvent.objects.filter(kind="import").count() == 0
    assert not ImportedRows.objects.exists()


def test_progress_is_reported(world):
    seen = []
    run(world, roster(*GOOD), commit=True, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] == 10  # 5 rows checked, 5 written


ODD = [
    *GOOD,
    [6, "孙 八", "320102198506150022", "桥涯村工会", dt.datetime(2019, 3, 5), "138 1234 5678"],
    [7, "周九", 320102199003070017, "桥涯村工会", "2019-03-05"],  # a number cell
    [8, "吴十", "340524198001010013", "桥涯村工会", "2019-03-05"],  # check character
    [9, "郑一", "11010519491231002X", "桥涯村", "2027-01-01"],  # future
    [10, "冯二", "440305200002290037", "桥崖村工会", "2019-03-05"],  # unknown union
    [11, "陈三", "110105194912310021", "桥涯村工会", "1940-01-01"],  # before birth
    [12, "褚四", "320102199003070017", "桥涯村工会", "2019-03-05", "1381234567"],  # mobile
    [13, "卫五", "320102199003070017", "桥涯村工会", "2019-03-05", "", "火星族"],  # choice
    [14, "蒋六", "320102199003070017", "桥涯村工会", "2019-03-05", "", " 汉族", "群众 "],
    [15, "", "320102199003070017", "桥涯村工会", "2019-03-05"],  # no name
    [16, "沈七", "320102199003070017", "", "2019-03-05"],  # no union
    [17, "韩八", "320102199003070017", "桥涯村工会", ""],  # no date
    [18, "杨九", "320102199003070017", "桥涯村工会", 43529.0],  # an Excel serial
    [19, "朱十", "320102199003070017", "桥涯村工会", "2019-03-05", "13812345678", "汉", "团员"],
]


def test_the_fast_path_answers_as_the_checked_path(world):
    """clean_row takes clean rows on a fast path; it must give clean_row_checked's answer."""
    from gonghui.core.imports import ImportRow
    from gonghui.members.imports import MemberImport

    importer = MemberImport(user=world.clerk)
    headers = [*HEADERS, "工作单位"]
    sheet = importer.read(roster(*ODD, headers=headers), "名册.xlsx")
    importer.prepare(sheet)
    took = 0
    for number, values in sheet.rows:
        values = [*values, "桥涯纺织有限公司"] if number % 2 else values
        fast, checked = (ImportRow(number, values, sheet, importer) for _ in range(2))
        answer = importer.clean_row(fast)
        assert answer == importer.clean_row_checked(checked), number
        assert fast.errors == checked.errors, number
        took += importer._clean_fast([values])[0] is not None
    assert took == 4  # 张三, 赵六, 杨九 and 朱十 need nothing; every other row has a remark


def test_the_member_page_shows_the_import_that_created_the_person(world, client):
    from django.urls import reverse

    run(world, roster(*GOOD), commit=True, filename="太华镇名册.xlsx")
    wang = Person.objects.get(name="王五")
    client.force_login(world.clerk)
    body = client.get(reverse("members:detail", args=[wang.pk])).content.decode()
    assert "由 clerk 导入：太华镇名册.xlsx 第 5 行" in body
    # a person entered on the page has no such line
    other = make_member(world.union_a, "老会员")
    body = client.get(reverse("members:detail", args=[other.person_id])).content.decode()
    assert 'id="imported-from"' not in body
