"""A county-sized synthetic data set for benchmarks, and a roster file to import.

`generate_county()` writes straight to the tables: the tree's materialized paths are computed here
(no add_child per node), and people and memberships go in with executemany (SQLite) or COPY
(PostgreSQL) in large chunks. 500,000 members, 5,000 unions and 10,000 employers take about a
minute on SQLite.

`write_roster()` writes a member roster as a clerk would hand it in: title rows above the header,
ID numbers as text, dates in the formats clerks type.
"""

import csv
import datetime as dt
import itertools
import random
from collections.abc import Callable, Iterable
from pathlib import Path

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from .synthetic import (
    EDUCATION,
    ETHNICITIES,
    POLITICAL,
    CreditCodes,
    IdNumbers,
    mobile,
    person_name,
)

CHUNK = 20_000
SYLLABLES = (
    "安白宝北滨长城川大德东丰凤福高广海汉河和红鸿华黄惠吉嘉江金锦京靖九聚康兰乐利联林龙隆"
    "茂明南宁平浦启千青庆荣瑞三山上胜盛石双顺泰桃天通万旺文西仙祥新兴秀阳杨宜永裕元云振正中"
)
INDUSTRIES = (
    ("纺织", "纺织有限公司"),
    ("纺织", "纺织品有限公司"),
    ("陶瓷", "陶瓷有限公司"),
    ("机械", "机械制造有限公司"),
    ("电子", "电子科技有限公司"),
    ("建材", "建材有限公司"),
    ("化工", "化工有限公司"),
    ("物流", "物流有限公司"),
    ("餐饮", "餐饮管理有限公司"),
    ("电缆", "电缆有限公司"),
)
Progress = Callable[[str], None]


class GenerateError(Exception):
    """The database is not empty, or the sizes make no sense; the message is for the user."""


def _names(rng: random.Random, count: int, pattern: Callable[[str], str], taken: set) -> list:
    """`count` unique names built from two random syllables."""
    names = []
    while len(names) < count:
        name = pattern(rng.choice(SYLLABLES) + rng.choice(SYLLABLES))
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


def _path(parent: str, position: int) -> str:
    from gonghui.orgs.models import Organization

    return Organization._get_path(parent or None, len(parent) // Organization.steplen + 1, position)


class _Writer:
    """Insert rows into a model's table; columns not given take the field's default."""

    def __init__(self, model, columns: list[str]):
        fields = {f.attname: f for f in model._meta.concrete_fields}
        self.table = model._meta.db_table
        now = timezone.now()
        extra, constants = [], []
        for name, field in fields.items():
            if name in columns:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now
            elif field.has_default():
                value = field.get_default()
            elif field.null or field.blank:
                value = None if field.null else ""
            else:
                raise GenerateError(f"{model.__name__}.{name} 没有默认值，生成器需要补上这一列")
            extra.append(field.column)
            constants.append(field.get_db_prep_save(value, connection))
        self.columns = [fields[c].column for c in columns] + extra
        self.constants = tuple(constants)
        self.dates = [
            i for i, c in enumerate(columns) if fields[c].get_internal_type() == "DateField"
        ]

    def write(self, rows: Iterable[tuple]) -> int:
        total = 0
        for chunk in itertools.batched(rows, CHUNK):
            if connection.vendor == "postgresql":
                self._copy(chunk)
            else:
                self._executemany(chunk)
            total += len(chunk)
        return total

    def _prepared(self, chunk):
        dates = self.dates
        for row in chunk:
            if dates:
                row = list(row)
                for i in dates:
                    if row[i] is not None:
                        row[i] = row[i].isoformat()
            yield (*row, *self.constants)

    def _executemany(self, chunk) -> None:
        quote = connection.ops.quote_name
        sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(self.table),
            ", ".join(quote(c) for c in self.columns),
            ", ".join(["%s"] * len(self.columns)),
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, list(self._prepared(chunk)))

    def _copy(self, chunk) -> None:
        quote = connection.ops.quote_name
        sql = "COPY {} ({}) FROM STDIN".format(
            quote(self.table), ", ".join(quote(c) for c in self.columns)
        )
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in chunk:
                copy.write_row((*row, *self.constants))


def _next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def generate_county(
    *,
    members: int = 500_000,
    unions: int = 5_000,
    employers: int = 10_000,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Progress | None = None,
    county_name: str = "基准县总工会",
) -> dict:
    """Write a county into an empty database; return the counts written."""
    from gonghui.members.models import Membership, Person
    from gonghui.orgs.models import Employer, Organization

    say = progress or (lambda message: None)
    if unions < 1 or members < 0 or employers < 0:
        raise GenerateError("工会数至少为 1，会员数和单位数不能为负")
    if Organization.objects.exists():
        raise GenerateError(
            "数据库里已有组织；生成器只往空数据库写（先 gonghui flush 或换一个数据库）"
        )
    rng = random.Random(seed)
    today = today or dt.date.today()
    with transaction.atomic():
        orgs, union_rows = _tree(rng, unions, county_name, today)
        sizes = _sizes(rng, members, union_rows)
        _write_orgs(orgs)
        say(f"组织：{len(orgs)} 个（{unions} 个基层工会）")
        employer_count = _employers(rng, employers, orgs, union_rows)
        say(f"用人单位：{employer_count} 个")
        written = _members(rng, sizes, union_rows, today, say)
        say(f"会员：{written} 人")
        _reset_sequences([Organization, Employer, Person, Membership])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # statistics for the planner, as a database in use would have
    return {"orgs": len(orgs), "unions": unions, "employers": employer_count, "members": written}


def _tree(rng, unions: int, county_name: str, today: dt.date):
    """The county root, about one town per 250 unions, the unions spread over the towns."""
    from gonghui.orgs.models import Organization

    towns = max(1, round(unions / 250))
    taken: set[str] = {county_name}
    town_names = _names(rng, towns, lambda s: f"{s}镇总工会", taken)
    next_id = _next_id(Organization)
    root = {
        "id": next_id,
        "path": _path("", 1),
        "depth": 1,
        "numchild": towns,
        "name": county_name,
        "short_name": county_name.removesuffix("总工会"),
        "kind": Organization.Kind.FEDERATION,
    }
    orgs = [root]
    union_rows = []
    per_town = [unions // towns + (1 if i < unions % towns else 0) for i in range(towns)]
    codes = CreditCodes(rng)
    for t, (town_name, count) in enumerate(zip(town_names, per_town, strict=True), start=1):
        town = {
            "id": next_id + len(orgs),
            "path": _path(root["path"], t),
            "depth": 2,
            "numchild": count,
            "name": town_name,
            "short_name": town_name.removesuffix("总工会"),
            "kind": Organization.Kind.TOWN,
        }
        orgs.append(town)
        town_short = town["short_name"].removesuffix("镇")
        for u in range(1, count + 1):
            village = rng.random() < 0.3
            if village:
                name = _names(rng, 1, lambda s, ts=town_short: f"{ts}{s}村工会", taken)[0]
                unit_type, industry, employer = Organization.UnitType.VILLAGE, "", ""
            else:
                industry, suffix = rng.choice(INDUSTRIES)
                employer = _names(rng, 1, lambda s, sf=suffix: f"{s}{sf}", taken)[0]
                name = employer + "工会"
                unit_type = Organization.UnitType.ENTERPRISE
            years = 5 if village else rng.choice((3, 5))
            term_end = today + dt.timedelta(days=rng.randint(-400, 365 * years))
            union = {
                "id": next_id + len(orgs),
                "path": _path(town["path"], u),
                "depth": 3,
                "numchild": 0,
                "name": name,
                "short_name": name.removesuffix("工会"),
                "kind": Organization.Kind.GRASSROOTS,
                "unit_type": unit_type,
                "credit_code": codes.next(category="81"),
                "term_start": term_end.replace(year=term_end.year - years, day=1),
                "term_end": term_end,
                "employees": 0,
                "chair": person_name(rng, female=rng.random() < 0.35),
            }
            orgs.append(union)
            union_rows.append((union, town, employer, industry))
    return orgs, union_rows


def _employers(rng, count: int, orgs: list, union_rows: list) -> int:
    """One employer per enterprise union, the rest without a union (some of them 25+ staff)."""
    from gonghui.orgs.models import Employer

    codes = CreditCodes(random.Random(rng.random()))
    taken = {o["name"] for o in orgs}
    rows = []
    next_id = _next_id(Employer)
    for union, town, employer, industry in union_rows:
        if employer and len(rows) < count:
            rows.append(
                (
                    next_id + len(rows),
                    employer,
                    codes.next(),
                    industry,
                    rng.randint(30, 800),
                    town["id"],
                    union["id"],
                )
            )
    towns = [o for o in orgs if o["depth"] == 2]
    while len(rows) < count:
        industry, suffix = rng.choice(INDUSTRIES)
        name = _names(rng, 1, lambda s, sf=suffix: f"{s}{sf}", taken)[0]
        staff = rng.randint(3, 24) if rng.random() < 0.8 else rng.randint(25, 300)
        town = rng.choice(towns)
        rows.append((next_id + len(rows), name, codes.next(), industry, staff, town["id"], None))
    return (
        _Writer(
            Employer, ["id", "name", "credit_code", "industry", "employees", "org_id", "union_id"]
        ).write(rows)
        if rows
        else 0
    )


def _sizes(rng, count: int, union_rows: list) -> list[int]:
    """Members per union: uneven (a few big firms, many small units), summing to count."""
    weights = [rng.paretovariate(1.6) for _ in union_rows]
    scale = count / sum(weights)
    sizes = [int(w * scale) for w in weights]
    for i in range(count - sum(sizes)):
        sizes[i % len(sizes)] += 1
    for (union, *_), size in zip(union_rows, sizes, strict=True):
        union["employees"] = size + rng.randint(0, max(1, size // 10))
    return sizes


def _write_orgs(orgs: list[dict]) -> None:
    from gonghui.orgs.models import Organization

    columns = list(dict.fromkeys(key for org in orgs for key in org))
    _Writer(Organization, columns).write(
        tuple(org[c] if c in org else _BLANK[c] for c in columns) for org in orgs
    )


_BLANK = {
    "unit_type": "",
    "credit_code": "",
    "term_start": None,
    "term_end": None,
    "employees": 0,
    "chair": "",
}


def _reset_sequences(models) -> None:
    """After inserting explicit primary keys, PostgreSQL's sequences must move past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _members(rng, sizes: list[int], union_rows: list, today: dt.date, say: Progress) -> int:
    """People with valid IDs, one active membership each."""
    from gonghui.members.models import Membership, Person

    ids = IdNumbers(rng)
    first_person = _next_id(Person)
    first_membership = _next_id(Membership)
    person_cols = [
        "id", "id_number", "name", "sex", "birth_date", "mobile",
        "ethnicity", "political_status", "education", "workplace",
    ]  # fmt: skip
    membership_cols = ["id", "person_id", "org_id", "joined", "status"]
    people, memberships = [], []
    person_writer = _Writer(Person, person_cols)
    membership_writer = _Writer(Membership, membership_cols)
    written = 0
    today_ordinal = today.toordinal()
    for (union, _town, employer, _industry), size in zip(union_rows, sizes, strict=True):
        workplace = employer or union["name"].removesuffix("工会")
        for _ in range(size):
            female = rng.random() < 0.46
            value = ids.next(female=female)
            birth = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
            pid = first_person + written + len(people)
            people.append(
                (
                    pid,
                    value,
                    person_name(rng, female=female),
                    "F" if female else "M",
                    birth,
                    mobile(rng),
                    rng.choice(ETHNICITIES),
                    rng.choice(POLITICAL),
                    rng.choice(EDUCATION),
                    workplace,
                )
            )
            adult = birth.toordinal() + 18 * 366
            joined = dt.date.fromordinal(
                rng.randint(min(adult, today_ordinal - 1), today_ordinal - 1)
            )
            memberships.append(
                (first_membership + pid - first_person, pid, union["id"], joined, "active")
            )
            if len(people) >= CHUNK:
                person_writer.write(people)
                membership_writer.write(memberships)
                written += len(people)
                people, memberships = [], []
                if written % 100_000 == 0:
                    say(f"  已写入 {written} 人")
    person_writer.write(people)
    membership_writer.write(memberships)
    written += len(people)
    return written


ROSTER_HEADER = (
    "序号",
    "姓名",
    "性别",
    "公民身份号码",
    "民族",
    "政治面貌",
    "文化程度",
    "手机号码",
    "工作单位",
    "所在工会",
    "入会日期",
)


def roster_rows(*, rows: int, unions: list[str], seed: int = 2, today: dt.date | None = None):
    """Rows of a roster of new members (header order), spread over the named unions."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    ids = IdNumbers(rng)
    for number in range(1, rows + 1):
        female = rng.random() < 0.46
        value = ids.next(female=female)
        birth = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
        start = min(birth.toordinal() + 18 * 366, today.toordinal() - 1)
        joined = dt.date.fromordinal(rng.randint(start, today.toordinal() - 1))
        union = unions[number % len(unions)]
        roll = rng.random()
        # Clerks type dates three ways; Excel keeps the first as a date cell.
        if roll < 0.6:
            joined_cell = joined
        elif roll < 0.8:
            joined_cell = f"{joined.year}.{joined.month}.{joined.day}"
        else:
            joined_cell = f"{joined.year}年{joined.month}月{joined.day}日"
        yield (
            number,
            person_name(rng, female=female),
            "女" if female else "男",
            value,
            rng.choice(ETHNICITIES),
            rng.choice(POLITICAL),
            rng.choice(EDUCATION),
            mobile(rng),
            union.removesuffix("工会"),
            union,
            joined_cell,
        )


def write_roster(
    path: Path | str,
    *,
    rows: int,
    unions: list[str],
    seed: int = 2,
    title: str = "会员名册",
    today: dt.date | None = None,
) -> Path:
    """Write a roster .xlsx (or .csv) with two title rows above the header."""
    path = Path(path)
    today = today or dt.date.today()
    titles = [
        (title,),
        (f"填报单位：{title.removesuffix('会员名册')}　　填报日期：{today:%Y年%m月%d日}",),
    ]
    data = roster_rows(rows=rows, unions=unions, seed=seed, today=today)
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerows(titles)
            writer.writerow(ROSTER_HEADER)
            for row in data:
                writer.writerow(c.isoformat() if isinstance(c, dt.date) else c for c in row)
        return path
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("会员名册")
    for title_row in titles:
        sheet.append(title_row)
    sheet.append(ROSTER_HEADER)
    id_column = ROSTER_HEADER.index("公民身份号码")
    mobile_column = ROSTER_HEADER.index("手机号码")
    for row in data:
        cells = list(row)
        for column in (id_column, mobile_column):
            # Text cells, as RULES.md §2 asks: a number cell would lose the last digits.
            cell = WriteOnlyCell(sheet, value=cells[column])
            cell.number_format = "@"
            cells[column] = cell
        sheet.append(cells)
    workbook.save(path)
    return path
