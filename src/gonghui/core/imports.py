"""Spreadsheet imports shared by every ledger: per-row errors, the result, the audit, a small base.

An importer is a subclass of LedgerImport with four steps; `run()` does the rest (reading through
core.sheets, counting, progress, one transaction, the AuditEvent, the ChangeRecords of `record()`
and the compact ImportedRows of `record_created()`)::

    class AidImport(LedgerImport):
        name, label = "aid", "帮扶台账"
        columns = [
            Column("name", "姓名", required=True),
            Column("id_number", "公民身份号码", ("身份证号", "身份证号码"), required=True, text=True),
            Column("amount", "金额", ("帮扶金额",), required=True),
            Column("kind", "帮扶类别", choices=["生活救助", "医疗救助"]),
        ]

        def prepare(self, sheet):             # lookups loaded once for the whole file
            self.people = {}
        def clean_row(self, row):             # one row: plain Python, no queries
            id_number = row.id_number("id_number")
            amount = row.decimal("amount")
            return {"id_number": id_number, "amount": amount}   # row.data; rejected if row.errors
        def plan(self, rows):                 # load existing records in chunks, decide per row
            for row in rows:
                row.action = CREATE           # or UPDATE (set row.changes) / UNCHANGED / row.error()
        def write(self, rows):                # called inside the transaction, only with commit
            objs = self.bulk_create(Application, [Application(**row.data) for row in rows])
            for row, obj in zip(rows, objs):
                self.record(obj, CREATE, after=row.data, org=...)   # a ChangeRecord each
            # or, for big files, one compact history of every created row (ImportedRows):
            # self.record_created("aid.application", ["amount"], [(o.pk, r.number, [...]) ...])

    def aid_import(*, user, source, filename, org=None, commit=False, options=None, progress=None):
        return AidImport(user=user, org=org, options=options).run(
            source=source, filename=filename, commit=commit, progress=progress
        )

Row errors: `row.error(key, reason)` records RowError(row number as the sheet shows it, the column's
header as it reads, the cell's value, reason). A row with any error is rejected and written nowhere.
`run()` raises SheetError for a file-level problem (nothing is written) and PermissionDenied when
`user` may not write in `org`.
"""

import datetime as dt
import decimal
import difflib
import gc
import hashlib
import json
import uuid
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from operator import ge
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connections, models, router, transaction
from django.utils import timezone

from . import idnumber
from .dates import DateError, parse_date
from .models import AuditEvent, ChangeRecord, ImportedRows
from .phone import PhoneError, parse_mobile
from .sheets import Sheet, SheetError, build_error_workbook, build_template, cell_text, read_rows

__all__ = [
    "CREATE",
    "UPDATE",
    "UNCHANGED",
    "Column",
    "ImportResult",
    "ImportRow",
    "LedgerImport",
    "RowError",
    "SheetError",
    "SYSTEM_USERNAME",
    "closest",
    "insert_rows",
    "paused_gc",
    "record_import",
    "select_in",
    "sha256_of",
    "update_rows",
]

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
SYSTEM_USERNAME = "命令行"
BATCH_SIZE = 2000
PREVIEW_LIMIT = 500  # rows of each kind kept for the web preview


@dataclass
class RowError:
    row: int  # 1-based, as the spreadsheet shows it (title rows counted)
    column: str  # the header as it reads in the file
    value: str
    reason: str

    def to_json(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


@dataclass
class ImportResult:
    accepted: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False
    filename: str = ""
    sha256: str = ""
    header_row: int = 0
    headers: list[str] = field(default_factory=list)  # the file's header row, for the error file
    text_columns: list[int] = field(default_factory=list)  # columns to write back as text
    rejected_rows: list[dict] = field(default_factory=list)  # {row, values, reason}
    preview: list[dict] = field(default_factory=list)  # {row, action, cells, changes}, capped
    batch: str = ""

    @property
    def total(self) -> int:
        return self.accepted + self.rejected

    def to_json(self) -> dict:
        return {
            "accepted": self.accepted,
            "created": self.created,
            "updated": self.updated,
            "rejected": self.rejected,
            "errors": [e.to_json() for e in self.errors],
            "unchanged": self.unchanged,
            "committed": self.committed,
            "file": self.filename,
            "sha256": self.sha256,
        }

    def to_dict(self) -> dict:
        """Everything, JSON-safe, to keep a checked import between requests."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ImportResult":
        data = dict(data)
        data["errors"] = [RowError(**e) for e in data.get("errors", [])]
        return cls(**data)

    def error_workbook(self) -> bytes:
        """The rejected rows with a 错误原因 column (core.sheets.build_error_workbook)."""
        return build_error_workbook(
            headers=self.headers,
            rows=[(r["values"], r["reason"]) for r in self.rejected_rows],
            text_columns=self.text_columns,
        )


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def closest(value: str, names: Iterable[str], n: int = 3) -> list[str]:
    """The names closest to a misspelt one (for “did you mean …”)."""
    return difflib.get_close_matches(value, list(names), n=n, cutoff=0.4)


RECORD_FIELDS = [
    "time",
    "user",
    "username",
    "action",
    "model",
    "object_id",
    "object_repr",
    "org",
    "before",
    "after",
    "batch",
]


class _Memoised:
    """A converter whose answer depends on a hashable value alone (dates, timestamps): imports
    repeat the same dates, and one timestamp, thousands of times."""

    __slots__ = ("convert",)

    def __init__(self, convert):
        self.convert = convert

    def __call__(self, value):
        return self.convert(value)


def _converters(model, fields: list[str], connection) -> tuple[list, list]:
    """The model's fields and, per field, a function turning a Python value into a DB value
    (None where the driver takes the value as it is)."""
    ops = connection.ops
    columns, convert = [], []
    for name in fields:
        f = model._meta.get_field(name)
        columns.append(f)
        kind = f.get_internal_type()
        if kind == "DateField":
            convert.append(_Memoised(ops.adapt_datefield_value))
        elif kind == "DateTimeField":
            convert.append(_Memoised(ops.adapt_datetimefield_value))
        elif kind == "DecimalField":
            convert.append(
                lambda v, f=f: ops.adapt_decimalfield_value(v, f.max_digits, f.decimal_places)
            )
        elif kind == "JSONField" and connection.vendor == "sqlite":
            # As Django writes it, but without escaping every Chinese character (\\uXXXX):
            # half the bytes, and the same value when read back.
            convert.append(lambda v, f=f: json.dumps(v, cls=f.encoder, ensure_ascii=False))
        elif kind == "JSONField":
            convert.append(lambda v, f=f: f.get_db_prep_save(v, connection))
        else:
            convert.append(None)
    return columns, convert


def _prepared(rows, convert) -> list:
    steps = [(i, c) for i, c in enumerate(convert) if c is not None]
    if not steps or not rows:
        return rows
    columns = list(zip(*rows, strict=True))  # column by column: no list per row
    for i, c in steps:
        column = columns[i]
        if isinstance(c, _Memoised):  # dates, times: convert each distinct value once
            table = {v: None if v is None else c(v) for v in set(column)}
            columns[i] = list(map(table.__getitem__, column))
        else:
            columns[i] = [None if v is None else c(v) for v in column]
    return list(zip(*columns, strict=True))


def _with_defaults(model, fields: list[str]) -> tuple[list[str], list]:
    """The columns not given get their default (auto_now times: now) so that NOT NULL holds."""
    given = {model._meta.get_field(name).attname for name in fields}
    names, fill = list(fields), []
    now = timezone.now()
    for f in model._meta.concrete_fields:
        if f.primary_key or f.attname in given:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            fill.append(lambda now=now: now)
        elif f.has_default() and callable(f.default):
            fill.append(f.get_default)
        elif (default := f.get_default()) is not None or f.null:
            fill.append(lambda v=default: v)  # "" for text fields without a default
        else:
            raise TypeError(f"insert_rows: {model.__name__}.{f.name} needs a value")
        names.append(f.name)
    return names, fill


def insert_rows(model, fields: list[str], rows: list[tuple]) -> None:
    """INSERT plain value tuples with one executemany (COPY on PostgreSQL).

    For 100,000-row imports bulk_create's SQL compiler costs more than the database; this writes
    the same rows several times faster. Like bulk_create it calls no save() and sends no signals.
    Columns not given get their field default (auto_now/auto_now_add: now; nullable: NULL). Pass a
    ForeignKey by its id. Run it inside the import's transaction.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    fields, fill = _with_defaults(model, fields)
    if fill:
        rows = [(*row, *(make() for make in fill)) for row in rows]
    columns, convert = _converters(model, fields, connection)
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    names = ", ".join(qn(f.column) for f in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: PostgreSQL's bulk path, several times faster than INSERTs in a pipeline.
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in _prepared(rows, convert):
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})", _prepared(rows, convert)
            )


def update_rows(model, fields: list[str], rows: list[tuple]) -> None:
    """UPDATE by primary key with one executemany; each row is (*values of fields, pk)."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    columns, convert = _converters(model, fields, connection)
    qn = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        qn(model._meta.db_table),
        ", ".join(f"{qn(f.column)} = %s" for f in columns),
        qn(model._meta.pk.column),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, _prepared(rows, [*convert, None]))


def select_in(model, fields: list[str], key: str, values: list, *, chunk: int = 900):
    """Yield tuples of `fields` for the rows whose `key` is in `values`, in chunked IN queries.

    Plain SQL: for 100,000 ID numbers the ORM's per-parameter work costs more than the query."""
    connection = connections[router.db_for_read(model)]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(model._meta.get_field(f).column) for f in fields)
    where = qn(model._meta.get_field(key).column)
    table = qn(model._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(values), chunk):
            part = values[start : start + chunk]
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(f"SELECT {columns} FROM {table} WHERE {where} IN ({marks})", part)
            yield from cursor.fetchall()


@contextmanager
def paused_gc():
    """The cyclic garbage collector off while an import runs.

    An import builds a few objects per row and frees them together at the end; at 100,000 rows
    the collector's repeated passes over them cost about a quarter of the checking time and find
    nothing to collect. The collector runs again (and catches up) when the import returns."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _actor(user):
    if user is not None and getattr(user, "is_authenticated", False):
        return user, user.get_username()
    return None, SYSTEM_USERNAME


def record_import(*, user, ledger: str, label: str, result: ImportResult, org=None) -> AuditEvent:
    """The one AuditEvent(kind=import) of a committed import: file, SHA-256 and counts."""
    actor, username = _actor(user)
    return AuditEvent.objects.create(
        kind=AuditEvent.Kind.IMPORT,
        user=actor,
        username=username,
        org=org,
        summary=(
            f"导入{label}：{result.filename}，新增 {result.created}，更新 {result.updated}，"
            f"未变 {result.unchanged}，未通过 {result.rejected}"
        )[:300],
        detail={
            "ledger": ledger,
            "file": result.filename,
            "sha256": result.sha256,
            "accepted": result.accepted,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "rejected": result.rejected,
            "batch": result.batch,
        },
    )


@dataclass
class Column:
    key: str
    header: str  # the canonical header, used in templates and exports
    synonyms: tuple[str, ...] = ()
    required: bool = False
    text: bool = False  # written as a text cell (ID numbers, phone numbers)
    choices: list[str] | None = None  # a drop-down list in the template
    example: Any = ""
    note: str = ""  # a comment on the template's header cell

    @property
    def names(self) -> tuple[str, ...]:
        return (self.header, *self.synonyms)


class ImportRow:
    """One data row while it is checked: raw cells in, typed values and errors out."""

    __slots__ = ("number", "values", "data", "action", "changes", "errors", "_sheet", "_importer")

    def __init__(self, number: int, values: list, sheet: Sheet, importer: "LedgerImport"):
        self.number = number
        self.values = values
        self.data: Any = None
        self.action = ""
        self.changes: dict[str, tuple] = {}  # key -> (before, after), for updates
        self.errors: list[RowError] = []
        self._sheet = sheet
        self._importer = importer

    # -- reading cells
    def raw(self, key: str):
        index = self._sheet.columns.get(key)
        if index is None or index >= len(self.values):
            return ""
        cell = self.values[index]
        return "" if cell is None else cell

    def text(self, key: str) -> str:
        index = self._sheet.columns.get(key)
        if index is None or index >= len(self.values):
            return ""
        return cell_text(self.values[index])

    def error(self, key: str, reason: str, value: str | None = None) -> None:
        """Reject this row; `key` is a column key (its header is looked up) or a header text."""
        column = self._importer.header_of(key, self._sheet)
        if value is None:
            raw = self.raw(key)
            value = _display_number(raw) if _is_number(raw) else cell_text(raw)
        self.errors.append(RowError(self.number, column, value, reason))

    def required_text(self, key: str) -> str:
        value = self.text(key)
        if not value:
            self.error(key, f"“{self._importer.header_of(key, self._sheet)}”不能为空")
        return value

    def date(self, key: str, *, required: bool = False, allow_future: bool = False):
        raw = self.raw(key)
        if raw == "" or (isinstance(raw, str) and not raw.strip()):
            if required:
                self.error(key, f"“{self._importer.header_of(key, self._sheet)}”不能为空")
            return None
        # The answer depends on the cell alone (and today): memoised, as dates repeat a lot.
        memo = self._importer._memo
        memo_key = ("date", allow_future, type(raw), raw)
        try:
            value, reason = memo[memo_key]
        except KeyError:
            try:
                value = parse_date(raw, today=self._importer.today, allow_future=allow_future)
                reason = None
            except DateError as exc:
                value, reason = None, str(exc)
            memo[memo_key] = (value, reason)
        if reason is not None:
            self.error(key, reason)
        return value

    def cached(self, key: str, convert: Callable, *args, **kwargs):
        """`convert(self, key, *args)` (e.g. ImportRow.choice), memoised per import by the raw cell.

        For columns whose values repeat (enumerations, union names). The answer and the errors
        must depend on the cell alone, and `args` must be the same for every row of a column."""
        raw = self.raw(key)
        memo = self._importer._memo
        memo_key = (key, convert, type(raw), raw)
        try:
            value, errors = memo[memo_key]
        except KeyError:
            count = len(self.errors)
            value = convert(self, key, *args, **kwargs)
            errors = [(e.column, e.value, e.reason) for e in self.errors[count:]]
            memo[memo_key] = (value, errors)
            return value
        for column, shown, reason in errors:
            self.errors.append(RowError(self.number, column, shown, reason))
        return value

    def id_number(self, key: str, *, required: bool = True) -> idnumber.IdNumber | None:
        raw = self.raw(key)
        if _is_number(raw):
            digits = _display_number(raw)
            if len(digits) == 15 and float(raw).is_integer():
                raw = digits  # a 15-digit number survives a number cell intact
            else:
                self.error(
                    key,
                    "身份证号码被存成了数字，Excel 只保留 15 位有效数字，后几位已经丢失；"
                    "请把该列设置为“文本”格式（或在号码前加英文单引号 '），再重新录入完整号码",
                    digits,
                )
                return None
        text = cell_text(raw)
        if text == "":
            if required:
                self.error(key, f"“{self._importer.header_of(key, self._sheet)}”不能为空")
            return None
        try:
            return idnumber.parse(text, today=self._importer.today)
        except idnumber.IdNumberError as exc:
            self.error(key, str(exc))
            return None

    def mobile(self, key: str) -> str:
        text = self.text(key)
        if not text:
            return ""
        try:
            return parse_mobile(text)
        except PhoneError as exc:
            self.error(key, str(exc))
            return ""

    def decimal(self, key: str, *, required: bool = False) -> decimal.Decimal | None:
        text = self.text(key).replace(",", "").replace("元", "").strip()
        if not text:
            if required:
                self.error(key, f"“{self._importer.header_of(key, self._sheet)}”不能为空")
            return None
        try:
            return decimal.Decimal(text).quantize(decimal.Decimal("0.01"))
        except decimal.InvalidOperation:
            self.error(key, f"“{self.text(key)}”不是金额，请只填数字（如 1500 或 1500.00）")
            return None

    def choice(self, key: str, choices: Iterable[str], aliases: dict | None = None) -> str:
        """A value from a fixed list (aliases map common spellings to it); "" when blank.

        Pass `choices` as a set or frozenset when called for every row of a big file."""
        text = self.text(key)
        if not text:
            return ""
        if " " in text:
            text = text.replace(" ", "")
        if text in choices:
            return text
        if aliases and text in aliases:
            return aliases[text]
        header = self._importer.header_of(key, self._sheet)
        suggestions = closest(text, sorted(choices))
        hint = f"，是否是：{'、'.join(suggestions)}" if suggestions else ""
        self.error(key, f"“{header}”不能填“{text}”{hint}（可选值见导入模板的下拉列表）")
        return ""


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _display_number(value) -> str:
    """A number as Excel shows it in a text column: 15 significant digits, no exponent."""
    if isinstance(value, int):
        return str(value)
    shown = decimal.Decimal(f"{value:.15g}")
    if shown == shown.to_integral_value():
        return str(int(shown))
    return format(shown, "f")


class LedgerImport:
    """The base of every ledger's importer; see the module docstring."""

    name = ""  # the ledger's registry name
    label = ""  # its Chinese name
    columns: list[Column] = []

    def __init__(self, *, user=None, org=None, options=None, today: dt.date | None = None):
        self.user = user
        self.actor, self.username = _actor(user)
        self.options = dict(options or {})
        self.today = today or dt.date.today()
        self.batch = uuid.uuid4().hex
        self.scope = self._resolve_scope(org)
        self.org = org
        self._records: list[tuple] = []
        self._created: list[tuple] = []  # (model label, pk, row number, values), see record_created
        self._memo: dict = {}  # answers for repeated cells, see ImportRow.cached
        self._now = timezone.now()
        self._progress: Callable | None = None
        self._done = 0
        self._total = 0

    # -- scope and permission
    def _resolve_scope(self, org):
        """The subtree this import may touch: the user's place, narrowed to `org` if given."""
        if self.user is None:
            return org
        from gonghui.orgs.access import require_write

        placement = require_write(self.user)
        if org is None:
            return placement.org
        if not org.is_within(placement.org):
            raise PermissionDenied("只能导入到您所在组织及其下级组织")
        return org

    def orgs_in_scope(self):
        from gonghui.orgs.models import Organization

        qs = Organization.objects.all()
        return qs.within(self.scope) if self.scope is not None else qs

    # -- columns
    def column_map(self) -> dict[str, tuple[str, ...]]:
        return {c.key: c.names for c in self.columns}

    def required_keys(self) -> list[str]:
        """Columns that must be in the header (override to relax, e.g. when `org` fills one in)."""
        return [c.key for c in self.columns if c.required]

    def header_of(self, key: str, sheet: Sheet | None = None) -> str:
        if sheet is not None and key in sheet.columns:
            return sheet.header(key)
        for column in self.columns:
            if column.key == key:
                return column.header
        return key

    # -- steps a ledger implements
    def prepare(self, sheet: Sheet) -> None:
        """Load lookups once (orgs by name, campaigns, ...)."""

    def clean_row(self, row: ImportRow) -> Any:
        raise NotImplementedError

    def clean_all(self, sheet: Sheet) -> list[ImportRow]:
        """Every row through clean_row, advancing the progress bar (override for a faster loop)."""
        rows: list[ImportRow] = []
        for number, values in sheet.rows:
            row = ImportRow(number, values, sheet, self)
            row.data = self.clean_row(row)
            rows.append(row)
            if len(rows) % 1000 == 0:
                self.advance(1000)
        self.advance(len(rows) % 1000)
        return rows

    def check_rows(self, rows: list[ImportRow]) -> None:
        """Checks across rows (duplicates in the file); call row.error() on the offenders.

        `rows` holds every row, rejected ones too (row.errors set; row.data is whatever
        clean_row returned), so that a duplicate can name both rows."""

    def plan(self, rows: list[ImportRow]) -> None:
        """Compare the clean rows with the database; set row.action (and row.changes)."""
        for row in rows:
            row.action = CREATE

    def write(self, rows: list[ImportRow]) -> None:
        """Write the accepted rows that change something; runs inside the transaction."""
        raise NotImplementedError

    def preview_cells(self, row: ImportRow) -> dict[str, str]:
        """What the preview table shows of a row: header -> text (override to mask)."""
        return {c.header: cell_text(row.raw(c.key)) for c in self.columns}

    # -- helpers for write()
    def bulk_create(self, model: type[models.Model], objs: list, *, advance: bool = False) -> list:
        created = []
        for start in range(0, len(objs), BATCH_SIZE):
            chunk = objs[start : start + BATCH_SIZE]
            created.extend(model._default_manager.bulk_create(chunk))
            if advance:
                self.advance(len(chunk))
        return created

    def bulk_update(self, model: type[models.Model], objs: list, fields: list[str]) -> None:
        for start in range(0, len(objs), BATCH_SIZE):
            model._default_manager.bulk_update(objs[start : start + BATCH_SIZE], fields)

    def insert_rows(self, model, fields: list[str], rows: list[tuple], *, advance=False) -> None:
        """insert_rows() in batches, advancing the progress bar if asked."""
        for start in range(0, len(rows), BATCH_SIZE):
            chunk = rows[start : start + BATCH_SIZE]
            insert_rows(model, fields, chunk)
            if advance:
                self.advance(len(chunk))

    def insert_rows_ids(self, model, fields: list[str], rows: list[tuple]) -> list[int]:
        """insert_rows(), then the new rows' ids in the order of `rows`.

        The first of `fields` must be unique: the ids are looked up by it. On SQLite the lookup is
        skipped when it can be: inside the import's write transaction AUTOINCREMENT hands out
        consecutive ids after the highest one so far, and one query checks that it did."""
        connection = connections[router.db_for_write(model)]
        table = connection.ops.quote_name(model._meta.db_table)
        pk = connection.ops.quote_name(model._meta.pk.column)
        before = None
        if connection.vendor == "sqlite" and rows:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0),"
                    f" COALESCE((SELECT MAX({pk}) FROM {table}), 0))",
                    [model._meta.db_table],
                )
                before = cursor.fetchone()[0]
        self.insert_rows(model, fields, rows)
        if before is not None:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT COUNT(*), MIN({pk}), MAX({pk}) FROM {table} WHERE {pk} > %s",
                    [before],
                )
                if cursor.fetchone() == (len(rows), before + 1, before + len(rows)):
                    return list(range(before + 1, before + 1 + len(rows)))
        keys = [row[0] for row in rows]
        found = dict(select_in(model, [fields[0], model._meta.pk.name], fields[0], keys))
        return [found[k] for k in keys]

    def update_rows(self, model, fields: list[str], rows: list[tuple]) -> None:
        """update_rows() in batches: each row is (*values of fields, pk)."""
        for start in range(0, len(rows), BATCH_SIZE):
            update_rows(model, fields, rows[start : start + BATCH_SIZE])

    def record(self, instance, action: str, *, before=None, after=None, org=None) -> None:
        """Queue one ChangeRecord; all are written in batches at the end of the import.

        `org` is an Organization or its pk (the record is scoped to it in the audit log)."""
        self.record_raw(
            model=instance._meta.label_lower,
            object_id=instance.pk,
            object_repr=str(instance),
            action=action,
            before=before,
            after=after,
            org=org,
        )

    def record_raw(
        self, *, model: str, object_id, object_repr: str, action: str, before, after, org
    ) -> None:
        """record() without a model instance (rows written with insert_rows have none)."""
        org_id = org if isinstance(org, int) or org is None else org.pk
        self._records.append(
            (
                self._now,
                self.actor.pk if self.actor is not None else None,
                self.username,
                action,
                model,
                str(object_id),
                object_repr[:200],
                org_id,
                before,
                after,
                self.batch,
            )
        )

    def record_created(
        self, model: str, pks: list[int], numbers: list[int], values: dict[str, list]
    ) -> None:
        """Queue the history of records this import created, instead of a ChangeRecord each.

        `model` is the label ("members.person"); `pks[i]` was created from sheet row
        `numbers[i]` with `values[field][i]` (JSON-safe). Written after the import's AuditEvent
        as ImportedRows, one per run of consecutive ids (core.models)."""
        self._created.append((model, pks, numbers, values))

    def _write_records(self) -> None:
        self.insert_rows(ChangeRecord, RECORD_FIELDS, self._records)
        self._records = []

    def _write_created(self, event: AuditEvent) -> None:
        runs = []
        for model, pks, numbers, values in self._created:
            if any(map(ge, pks, pks[1:])):  # in id order, as a rule already
                order = sorted(range(len(pks)), key=pks.__getitem__)
                pks = [pks[i] for i in order]
                numbers = [numbers[i] for i in order]
                values = {k: [v[i] for i in order] for k, v in values.items()}
            start = 0
            while start < len(pks):
                first = pks[start]
                end = start + 1
                limit = min(len(pks), start + BATCH_SIZE)
                while end < limit and pks[end] == first + (end - start):
                    end += 1
                part = {k: v[start:end] for k, v in values.items()}
                runs.append((event.pk, model, first, pks[end - 1], numbers[start:end], part))
                start = end
        self.insert_rows(
            ImportedRows, ["event", "model", "first_id", "last_id", "rows", "values"], runs
        )
        self._created = []

    def advance(self, n: int) -> None:
        self._done += n
        if self._progress is not None:
            self._progress(min(self._done, self._total), self._total)

    # -- the whole run
    def read(self, source, filename: str) -> Sheet:
        return read_rows(source, filename, columns=self.column_map(), required=self.required_keys())

    def run(self, *, source, filename: str, commit: bool = False, progress=None) -> ImportResult:
        with paused_gc():
            return self._run(source=source, filename=filename, commit=commit, progress=progress)

    def _run(self, *, source, filename: str, commit: bool, progress) -> ImportResult:
        from .sheets import _load_bytes

        data = _load_bytes(source)
        sheet = self.read(data, filename)
        result = ImportResult(
            filename=sheet.filename,
            sha256=sha256_of(data),
            header_row=sheet.header_row,
            headers=sheet.headers,
            text_columns=[
                sheet.columns[c.key] for c in self.columns if c.text and c.key in sheet.columns
            ],
            batch=self.batch,
        )
        self._progress = progress
        self._total = len(sheet.rows)
        self.prepare(sheet)
        rows = self.clean_all(sheet)
        self.check_rows(rows)
        if commit:
            with transaction.atomic():
                self.plan([r for r in rows if not r.errors])
                changed = [r for r in rows if not r.errors and r.action in (CREATE, UPDATE)]
                self._total += len(changed)
                if progress is not None:
                    progress(self._done, self._total)
                if changed:
                    self.write(changed)
                self._write_records()
                self._summarise(rows, result)
                result.committed = True
                event = record_import(
                    user=self.user,
                    ledger=self.name,
                    label=self.label,
                    result=result,
                    org=self.scope,
                )
                self._write_created(event)
        else:
            self.plan([r for r in rows if not r.errors])
            self._summarise(rows, result)
        return result

    def _summarise(self, rows: list[ImportRow], result: ImportResult) -> None:
        kept = {CREATE: 0, UPDATE: 0}
        for row in rows:
            if row.errors:
                result.rejected += 1
                result.errors.extend(row.errors)
                result.rejected_rows.append(
                    {
                        "row": row.number,
                        "values": [_plain_cell(v) for v in row.values],
                        "reason": "；".join(
                            e.reason if e.column in e.reason else f"{e.column}：{e.reason}"
                            for e in row.errors
                        ),
                    }
                )
                continue
            result.accepted += 1
            if row.action == CREATE:
                result.created += 1
            elif row.action == UPDATE:
                result.updated += 1
            else:
                result.unchanged += 1
            if row.action in kept and kept[row.action] < PREVIEW_LIMIT:
                kept[row.action] += 1
                result.preview.append(
                    {
                        "row": row.number,
                        "action": row.action,
                        "cells": self.preview_cells(row),
                        "changes": [
                            [self.header_of(k), cell_text(b), cell_text(a)]
                            for k, (b, a) in row.changes.items()
                        ],
                    }
                )

    # -- files for the user
    @classmethod
    def template(cls) -> bytes:
        """The import template: headers, one example row, drop-down lists, text ID columns."""
        headers = [c.header for c in cls.columns]
        return build_template(
            headers=headers,
            example=[c.example for c in cls.columns],
            text_columns=[i for i, c in enumerate(cls.columns) if c.text],
            choices={i: c.choices for i, c in enumerate(cls.columns) if c.choices},
            notes={i: c.note for i, c in enumerate(cls.columns) if c.note},
            required=[i for i, c in enumerate(cls.columns) if c.required],
        )


def _plain_cell(value):
    """A raw cell kept JSON-safe for the error workbook (numbers stay numbers, dates ISO text)."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return cell_text(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, float):
        return _display_number(value) if abs(value) >= 1e15 else value
    return value
