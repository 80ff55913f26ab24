"""Reading and writing spreadsheets: .xlsx/.xls/.ods through calamine, .csv by hand, openpyxl out.

Reading::

    sheet = read_rows(path_or_bytes, "名册.xlsx", columns={"name": ("姓名",), "id": ("身份证号",)})
    for number, values in sheet.rows:        # number = the row as the spreadsheet shows it
        raw = sheet.value(values, "id")      # the raw cell (str, float, date, ...) or ""

`columns` maps a field key to its header synonyms (the first one is the canonical header). The
header row is the first row, among the first 30, that names the most known columns (title rows above
it are skipped). A file-level problem raises SheetError with one sentence a clerk understands.
"""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from python_calamine import (
    CalamineError,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
HEADER_SCAN_ROWS = 30
ERROR_COLUMN = "错误原因"

# Full-width ASCII (！ … ～) to half-width, and the ideographic space to a plain one.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u2060")) | {0xA0: 0x20}
_NORMALISE = _FULLWIDTH | _INVISIBLE
_HEADER_NOISE = re.compile(r"[（(][^）)]*[）)]|[*＊※:：\s]")


class SheetError(ValueError):
    """The file as a whole cannot be read; the message is one sentence for a clerk."""


# ---------------------------------------------------------------- cell helpers


# Characters normalise_text changes (full-width forms, invisible and non-breaking spaces).
NEEDS_NORMALISING = _NEEDS_NORMALISING = re.compile(
    "[\uff01-\uff5e\u3000\u200b-\u200d\ufeff\u00a0\u2060]"
)


def normalise_text(value: str) -> str:
    """Full-width letters and digits to half-width, invisible spaces removed, runs of spaces to one."""
    text = value if isinstance(value, str) else str(value)
    # Fast paths first: most cells are plain ASCII or plain Chinese and need nothing.
    if not text.isascii() and _NEEDS_NORMALISING.search(text):
        text = text.translate(_NORMALISE)
    if "  " in text or not text.isprintable():
        return " ".join(text.split())
    return text.strip()


def is_compact(value) -> bool:
    """Text that compact() returns unchanged. (Printable text holds no whitespace but the plain
    space, so text without spaces and without anything to normalise is compact.)"""
    return (
        type(value) is str
        and " " not in value
        and value.isprintable()
        and (value.isascii() or not _NEEDS_NORMALISING.search(value))
    )


def compact(value: str) -> str:
    """normalise_text without any spaces at all (names, ID numbers, union names)."""
    if is_compact(value):
        return value
    return "".join(normalise_text(value).split())


def is_number_cell(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def cell_text(value) -> str:
    """A cell as the text a clerk sees: 12.0 -> "12", a date -> 2019-03-05, None -> ""."""
    if isinstance(value, str):
        return normalise_text(value) if value else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return normalise_text(value)


def header_key(text) -> str:
    """A header as it is compared: no spaces, stars or remarks in brackets (“身份证号（必填）”)."""
    return _HEADER_NOISE.sub("", cell_text(text))


# ---------------------------------------------------------------- reading


@dataclass
class Sheet:
    filename: str
    sheet_name: str
    header_row: int  # 1-based, as the spreadsheet shows it
    headers: list[str]  # every header cell as it reads, by column index
    columns: dict[str, int]  # field key -> column index, for the columns found
    rows: list[tuple[int, list]] = field(default_factory=list)  # (row number, raw cell values)

    def value(self, values: list, key: str):
        """The raw cell of a field in one row, or "" when the column or cell is missing."""
        index = self.columns.get(key)
        if index is None or index >= len(values):
            return ""
        cell = values[index]
        return "" if cell is None else cell

    def header(self, key: str, default: str = "") -> str:
        index = self.columns.get(key)
        return self.headers[index] if index is not None else default


def _load_bytes(source) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, (str, Path)):
        return Path(source).read_bytes()
    if hasattr(source, "read"):
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read()
        return data.encode() if isinstance(data, str) else data
    raise TypeError(f"cannot read a spreadsheet from {type(source).__name__}")


def _is_encrypted_ole(data: bytes) -> bool:
    """An encrypted .xlsx is an OLE2 container holding EncryptionInfo and EncryptedPackage streams."""
    return "EncryptedPackage".encode("utf-16-le") in data or (
        "EncryptionInfo".encode("utf-16-le") in data
    )


def _decode_text(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096]:
        raise SheetError(f"文件“{name}”不是 Excel 表格或 CSV 文件，无法读取。")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise SheetError(
            f"文件“{name}”的文字编码无法识别，请在 Excel 中另存为 .xlsx 后再导入。"
        ) from None


def _csv_sheets(data: bytes, name: str) -> list[tuple[str, list[list]]]:
    text = _decode_text(data, name)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|，")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    rows = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return [(Path(name).stem or "CSV", rows)]


def _calamine_sheets(data: bytes, name: str) -> list[tuple[str, list[list]]]:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        raise SheetError(_password_message(name)) from None
    except (CalamineError, ValueError, OSError) as exc:
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise SheetError(_password_message(name)) from None
        raise SheetError(
            f"文件“{name}”不是有效的 Excel 表格（可能已损坏或只是改了扩展名），无法读取。"
        ) from None
    sheets = []
    for meta in book.sheets_metadata:
        if meta.visible != SheetVisibleEnum.Visible or meta.typ != SheetTypeEnum.WorkSheet:
            continue
        try:
            sheet = book.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
        except PasswordError:
            raise SheetError(_password_message(name)) from None
        except CalamineError:
            continue
        sheets.append((meta.name, rows))
    return sheets


def _password_message(name: str) -> str:
    return (
        f"文件“{name}”设有打开密码，系统无法读取；请在 Excel 中去掉密码"
        "（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空后保存）再导入。"
    )


def read_sheets(source, filename: str) -> list[tuple[str, list[list]]]:
    """Every worksheet as (name, rows of raw cells); raise SheetError for empty or unreadable files."""
    name = Path(filename or "").name or "上传的文件"
    data = _load_bytes(source)
    if not data.strip():
        raise SheetError(f"文件“{name}”是空的，没有任何内容。")
    if data.startswith(OLE2_MAGIC):
        if _is_encrypted_ole(data):
            raise SheetError(_password_message(name))
        sheets = _calamine_sheets(data, name)
    elif data.startswith(ZIP_MAGIC):
        sheets = _calamine_sheets(data, name)
    elif Path(name).suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise SheetError(
            f"文件“{name}”不是有效的 Excel 表格（可能已损坏或只是改了扩展名），无法读取。"
        )
    else:
        sheets = _csv_sheets(data, name)
    if not any(any(cell_text(c) for c in row) for _, rows in sheets for row in rows):
        raise SheetError(f"文件“{name}”是空的，没有任何数据。")
    return sheets


def _synonym_index(columns: Mapping[str, Iterable[str]]) -> dict[str, str]:
    index = {}
    for key, synonyms in columns.items():
        for synonym in synonyms:
            index.setdefault(header_key(synonym), key)
    return index


def find_header(rows: list[list], columns: Mapping[str, Iterable[str]]):
    """(row index, {key: column index}) of the row naming the most known columns, or None."""
    synonyms = _synonym_index(columns)
    best = None
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found: dict[str, int] = {}
        for c, cell in enumerate(row):
            key = synonyms.get(header_key(cell))
            if key is not None and key not in found:
                found[key] = c
        if found and (best is None or len(found) > len(best[1])):
            best = (r, found)
    needed = min(2, len(columns))
    if best is None or len(best[1]) < needed:
        return None
    return best


def _has_data(row: list) -> bool:
    """Any cell other than blank or spaces (a 0 counts)."""
    for cell in row:
        if cell is None or cell == "":
            continue
        if type(cell) is not str or cell.strip():
            return True
    return False


def read_rows(
    source,
    filename: str,
    *,
    columns: Mapping[str, Iterable[str]],
    required: Iterable[str] = (),
) -> Sheet:
    """Read the first worksheet with a recognisable header; the rows below it, empty ones skipped.

    `required` keys whose column is missing raise SheetError naming the column and its synonyms.
    """
    name = Path(filename or "").name or "上传的文件"
    sheets = read_sheets(source, filename)
    for sheet_name, rows in sheets:
        found = find_header(rows, columns)
        if found is None:
            continue
        header_index, mapping = found
        missing = [key for key in required if key not in mapping]
        if missing:
            names = "；".join(
                "“{}”（也可写作 {}）".format(first, "、".join(rest)) if rest else f"“{first}”"
                for first, *rest in (list(columns[k]) for k in missing)
            )
            raise SheetError(f"文件“{name}”的表头缺少必需的列：{names}。")
        # As the header reads in the file (errors name the column the clerk sees).
        headers = [c.strip() if isinstance(c, str) else cell_text(c) for c in rows[header_index]]
        body = [
            (number, row)
            for number, row in enumerate(rows[header_index + 1 :], start=header_index + 2)
            if _has_data(row)
        ]
        if not body:
            raise SheetError(f"文件“{name}”只有表头，没有数据行。")
        return Sheet(
            filename=name,
            sheet_name=sheet_name,
            header_row=header_index + 1,
            headers=headers,
            columns=mapping,
            rows=body,
        )
    examples = "、".join(f"“{list(s)[0]}”" for s in list(columns.values())[:3])
    raise SheetError(
        f"文件“{name}”中没有找到可识别的表头：前 {HEADER_SCAN_ROWS} 行里没有一行包含{examples}等列名。"
    )


# ---------------------------------------------------------------- writing

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
ERROR_FONT = Font(color="B3261E")
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"


def _cell(ws, value, *, text: bool = False, font=None, fill=None):
    if text and value not in (None, ""):
        value = cell_text(value)
    cell = WriteOnlyCell(ws, value=value)
    if text:
        cell.number_format = TEXT_FORMAT
    elif isinstance(value, (dt.date, dt.datetime)):
        cell.number_format = DATE_FORMAT
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


def build_workbook(
    *,
    headers: list[str],
    rows: Iterable[Iterable],
    text_columns: Iterable[int] = (),
    title: str = "",
    sheet_name: str = "Sheet1",
    widths: Mapping[int, int] | None = None,
    error_column: int | None = None,
) -> bytes:
    """A streaming (write-only) workbook: bold header, text cells for `text_columns` (ID numbers).

    Suits exports of any size. `title` adds a first row above the header (importers skip it).
    """
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet_name)
    text = set(text_columns)
    for index, header in enumerate(headers):
        width = (widths or {}).get(index) or max(10, min(40, len(str(header)) * 2 + 4))
        ws.column_dimensions[get_column_letter(index + 1)].width = width
    if title:
        ws.append([_cell(ws, title, font=Font(bold=True, size=14))])
    ws.freeze_panes = f"A{3 if title else 2}"
    ws.append([_cell(ws, h, font=HEADER_FONT, fill=HEADER_FILL) for h in headers])
    for row in rows:
        ws.append(
            [
                _cell(
                    ws,
                    value,
                    text=i in text,
                    font=ERROR_FONT if i == error_column else None,
                )
                for i, value in enumerate(row)
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def build_template(
    *,
    headers: list[str],
    example: list,
    text_columns: Iterable[int] = (),
    choices: Mapping[int, list[str]] | None = None,
    notes: Mapping[int, str] | None = None,
    required: Iterable[int] = (),
    sheet_name: str = "导入模板",
    rows: int = 5000,
) -> bytes:
    """An import template: headers (required ones marked red), one example row, text-format ID
    columns and drop-down lists for the enumerated columns (lists kept on a hidden sheet)."""
    book = Workbook()
    ws = book.active
    ws.title = sheet_name
    required = set(required)
    text = set(text_columns)
    ws.append(list(headers))
    for index, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = Font(bold=True, color="B3261E" if index - 1 in required else "000000")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        ws.column_dimensions[get_column_letter(index)].width = max(12, len(header) * 2 + 6)
    for index, value in enumerate(example, start=1):
        cell = ws.cell(row=2, column=index, value=value)
        if index - 1 in text:
            cell.value = cell_text(value)
            cell.number_format = TEXT_FORMAT
        elif isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
    for index in text:
        letter = get_column_letter(index + 1)
        ws.column_dimensions[letter].number_format = TEXT_FORMAT
        for r in range(3, rows + 2):
            ws.cell(row=r, column=index + 1).number_format = TEXT_FORMAT
        ws.column_dimensions[letter].width = 22
    if choices:
        lists = book.create_sheet("选项")
        lists.sheet_state = "hidden"
        for n, (index, values) in enumerate(sorted(choices.items()), start=1):
            letter = get_column_letter(n)
            lists.cell(row=1, column=n, value=headers[index])
            for r, value in enumerate(values, start=2):
                lists.cell(row=r, column=n, value=value)
            ref = f"{quote_sheetname(lists.title)}!${letter}$2:${letter}${len(values) + 1}"
            validation = DataValidation(
                type="list",
                formula1=ref,
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="请从下拉列表中选择",
                error=f"“{headers[index]}”请从下拉列表中选择。",
            )
            column = get_column_letter(index + 1)
            validation.add(f"{column}2:{column}{rows + 1}")
            ws.add_data_validation(validation)
    if notes:
        from openpyxl.comments import Comment

        for index, note in notes.items():
            ws.cell(row=1, column=index + 1).comment = Comment(note, "gonghui")
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def build_error_workbook(
    *,
    headers: list[str],
    rows: Iterable[tuple[list, str]],
    text_columns: Iterable[int] = (),
    sheet_name: str = "未导入的行",
) -> bytes:
    """Rejected rows as they were read, with a 错误原因 column, ready to fix and import again."""
    headers = list(headers)
    width = len(headers)
    body = []
    for values, reason in rows:
        values = list(values)[:width] + [""] * (width - len(values))
        body.append([*values, reason])
    return build_workbook(
        headers=[*headers, ERROR_COLUMN],
        rows=body,
        text_columns=text_columns,
        sheet_name=sheet_name,
        widths={width: 60},
        error_column=width,
    )
