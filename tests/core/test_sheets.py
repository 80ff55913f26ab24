"""core.sheets: reading real .xlsx/.csv files built here, the file-level errors, the writers."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from gonghui.core.sheets import (
    OLE2_MAGIC,
    SheetError,
    build_error_workbook,
    build_template,
    build_workbook,
    cell_text,
    compact,
    header_key,
    normalise_text,
    read_rows,
)

COLUMNS = {
    "name": ("姓名",),
    "id_number": ("公民身份号码", "身份证号", "身份证号码"),
    "joined": ("入会日期", "入会时间"),
}


def xlsx(*rows, sheet_title=None) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    if sheet_title:
        ws.title = sheet_title
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_header_found_below_title_rows_and_row_numbers_count_them():
    data = xlsx(
        ["2026 年太华镇会员名册"],
        ["填报单位：太华镇总工会", None, "日期：2026-01-05"],
        [],
        ["序号", "姓 名", "身份证号码（必填）", "入会时间*"],
        [1, "张三", "320102199003070017", dt.date(2019, 3, 5)],
        [],
        [2, "李四", "320102198506150022", "2019.3.5"],
    )
    sheet = read_rows(data, "名册.xlsx", columns=COLUMNS, required=["name", "id_number"])
    assert sheet.header_row == 4
    assert sheet.columns == {"name": 1, "id_number": 2, "joined": 3}
    assert sheet.header("id_number") == "身份证号码（必填）"
    assert [n for n, _ in sheet.rows] == [5, 7]  # the empty row 6 is skipped, numbers kept
    number, values = sheet.rows[0]
    assert sheet.value(values, "joined") == dt.date(2019, 3, 5)
    assert sheet.value(values, "name") == "张三"


def test_csv_utf8_with_bom_and_semicolons():
    text = "姓名;身份证号;入会日期\n张三;320102199003070017;2019/03/05\n"
    sheet = read_rows(text.encode("utf-8-sig"), "a.csv", columns=COLUMNS)
    assert sheet.header_row == 1
    assert sheet.rows == [(2, ["张三", "320102199003070017", "2019/03/05"])]


def test_csv_in_gb18030_with_tabs():
    text = "会员名册\n姓名\t公民身份号码\t入会时间\n王五\t320102199003070017\t2019年3月5日\n"
    sheet = read_rows(text.encode("gb18030"), "b.csv", columns=COLUMNS)
    assert sheet.header_row == 2
    assert sheet.rows[0] == (3, ["王五", "320102199003070017", "2019年3月5日"])


def test_first_sheet_without_a_header_is_passed_over():
    book = openpyxl.Workbook()
    book.active.append(["说明：请在第二个工作表填写"])
    second = book.create_sheet("名册")
    second.append(["姓名", "身份证号"])
    second.append(["张三", "320102199003070017"])
    out = io.BytesIO()
    book.save(out)
    sheet = read_rows(out.getvalue(), "c.xlsx", columns=COLUMNS)
    assert sheet.sheet_name == "名册"
    assert sheet.rows[0][0] == 2


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.xlsx", "是空的"),
        (b"   \n", "blank.csv", "是空的"),
        (xlsx([], []), "nothing.xlsx", "是空的"),
        (b"%PDF-1.7 binary\x00\x01\x02", "scan.xlsx", "不是有效的 Excel 表格"),
        (b"PK\x03\x04 broken zip", "broken.xlsx", "不是有效的 Excel 表格"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "photo.csv", "不是 Excel 表格或 CSV 文件"),
        (xlsx(["月份", "金额"], ["1月", 100]), "other.xlsx", "没有找到可识别的表头"),
        (xlsx(["姓名", "身份证号"]), "header-only.xlsx", "只有表头，没有数据行"),
    ],
)
def test_file_level_failures_are_one_sentence(data, name, message):
    with pytest.raises(SheetError) as caught:
        read_rows(data, name, columns=COLUMNS)
    text = str(caught.value)
    assert message in text
    assert name in text
    assert text.count("。") == 1 and text.endswith("。")


def test_a_docx_renamed_to_xlsx_is_not_a_spreadsheet():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(SheetError, match="不是有效的 Excel 表格"):
        read_rows(out.getvalue(), "report.xlsx", columns=COLUMNS)


def test_an_encrypted_workbook_is_reported_as_password_protected():
    # Excel saves a password-protected .xlsx as an OLE2 compound file whose directory names the
    # streams EncryptionInfo and EncryptedPackage (MS-OFFCRYPTO 2.3.4). Built here by hand: the
    # header and the two directory names are what the reader looks at.
    directory = "EncryptionInfo".encode("utf-16-le").ljust(64, b"\0")
    directory += "EncryptedPackage".encode("utf-16-le").ljust(64, b"\0")
    data = OLE2_MAGIC + b"\0" * 504 + directory + b"\0" * 1024
    with pytest.raises(SheetError, match="设有打开密码") as caught:
        read_rows(data, "加密名册.xlsx", columns=COLUMNS)
    assert "加密名册.xlsx" in str(caught.value)


def test_missing_required_column_names_it_and_its_synonyms():
    data = xlsx(["姓名", "入会日期"], ["张三", "2019-03-05"])
    with pytest.raises(SheetError) as caught:
        read_rows(data, "x.xlsx", columns=COLUMNS, required=["id_number"])
    assert "“公民身份号码”（也可写作 身份证号、身份证号码）" in str(caught.value)


def test_cell_helpers():
    assert cell_text(12.0) == "12"
    assert cell_text(12.5) == "12.5"
    assert cell_text(dt.datetime(2019, 3, 5)) == "2019-03-05"
    assert cell_text(None) == ""
    assert normalise_text("  ３２０１　ｘ  ") == "3201 x"
    assert normalise_text("张\u200b三\u00a0") == "张三"
    assert compact(" 桥涯 村工会 ") == "桥涯村工会"
    assert header_key("身份证号码 (18位)*") == "身份证号码"


def _read(data: bytes):
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_index(0).to_python()


def test_build_workbook_writes_ids_as_text_cells():
    data = build_workbook(
        headers=["姓名", "公民身份号码", "入会日期"],
        rows=[["张三", "320102199003070017", dt.date(2019, 3, 5)]],
        text_columns=[1],
        title="会员名册",
    )
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value == "会员名册"
    assert ws["B3"].value == "320102199003070017"
    assert ws["B3"].number_format == "@"
    assert ws["C3"].value == dt.datetime(2019, 3, 5)
    # and it reads back through the importer's reader, title row skipped
    sheet = read_rows(data, "out.xlsx", columns=COLUMNS)
    assert sheet.header_row == 2
    assert sheet.rows[0][1][1] == "320102199003070017"


def test_template_has_drop_down_lists_on_a_hidden_sheet():
    data = build_template(
        headers=["姓名", "公民身份号码", "民族"],
        example=["张三", "320102199003070017", "汉族"],
        text_columns=[1],
        choices={2: ["汉族", "回族"]},
        required=[0, 1],
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book["导入模板"]
    assert [c.value for c in ws[1]] == ["姓名", "公民身份号码", "民族"]
    assert ws["B2"].value == "320102199003070017" and ws["B2"].number_format == "@"
    assert ws["B100"].number_format == "@"
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == "'选项'!$A$2:$A$3"
    assert "C2" in str(validation.sqref)
    options = book["选项"]
    assert options.sheet_state == "hidden"
    assert [options["A2"].value, options["A3"].value] == ["汉族", "回族"]


def test_error_workbook_adds_the_reason_column():
    data = build_error_workbook(
        headers=["姓名", "身份证号"],
        rows=[(["张三", "320102199003070000"], "身份证号码被存成了数字")],
        text_columns=[1],
    )
    rows = _read(data)
    assert rows[0] == ["姓名", "身份证号", "错误原因"]
    assert rows[1] == ["张三", "320102199003070000", "身份证号码被存成了数字"]
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws["B2"].number_format == "@"
