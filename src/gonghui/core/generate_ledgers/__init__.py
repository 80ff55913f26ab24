"""Every ledger at county scale, over a county written by `generate_county()` (benchmarks).

`generate_ledgers()` reads the county's tree, employers and members, then writes, for the current
year and the one before: aid campaigns with applications, notices, objections, disbursements,
goods lines and visits, and hardship files (assistance); collective agreements for most employers
with coverage and filings, renewals of the agreements that ended (bargaining); competitions with
participants, leading groups, requirements and hand-ins, rubrics and scored inspections, trades,
contestants, round scores and grade rises, proposals and awards (competitions); model workers
with honours, yearly checks, retirement filings and care records (honors); events with entries and
practice returns, trainings with trainees, and articles (activities).

Sizes follow the county: at 500,000 members and 5,000 unions about 50,000 applications, 40,000
disbursements, 13,000 agreements, 40,000 proposals, 30,000 hand-ins and 400 model workers. Rows go
in with the same bulk writer as the county (executemany on SQLite, COPY on PostgreSQL) with
explicit keys, so foreign keys are known without reading back. Same seed, same data.
"""

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction

from ..generate import GenerateError, _next_id, _reset_sequences, _Writer

Progress = Callable[[str], None]


class Table:
    """Rows of one model, keyed here; written in one bulk pass by flush()."""

    def __init__(self, model, columns: list[str]):
        self.model = model
        self.columns = columns
        self.next = _next_id(model)
        self.rows: list[tuple] = []
        self.written = 0

    def add(self, **values) -> int:
        pk = self.next
        self.next += 1
        self.rows.append((pk, *(values[c] for c in self.columns)))
        return pk

    def flush(self) -> int:
        if self.rows:
            self.written += _Writer(self.model, ["id", *self.columns]).write(self.rows)
        self.rows = []
        return self.written


@dataclass
class County:
    """What the ledgers are written over: the tree, employers, members; dates and the seed."""

    seed: int
    today: dt.date
    root: dict
    towns: list[dict]
    unions: list[dict]
    employers: list[dict]
    members: list[tuple[int, int]]  # (person_id, org_id), active memberships
    tables: list[Table] = field(default_factory=list)

    @property
    def years(self) -> tuple[int, int]:
        return (self.today.year - 1, self.today.year)

    def rng(self, part: str) -> random.Random:
        return random.Random(f"{self.seed}-{part}")

    def window(self, year: int) -> tuple[dt.date, dt.date]:
        """The year's first day and its last day that is not after today."""
        return dt.date(year, 1, 1), min(dt.date(year, 12, 31), self.today)

    def table(self, model, columns: list[str]) -> Table:
        table = Table(model, columns)
        self.tables.append(table)
        return table

    def members_of(self) -> dict[int, list[int]]:
        by_org: dict[int, list[int]] = defaultdict(list)
        for person, org in self.members:
            by_org[org].append(person)
        return by_org

    def unions_of(self, town: dict) -> list[dict]:
        return [u for u in self.unions if u["path"].startswith(town["path"])]


def day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return dt.date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))


def _load(seed: int, today: dt.date) -> County:
    from gonghui.members.models import Membership
    from gonghui.orgs.models import Employer, Organization

    root = Organization.objects.get_root_nodes().first()
    if root is None:
        raise GenerateError("数据库里还没有组织；请先运行 gonghui generate 生成县级组织和会员")
    towns = list(
        Organization.objects.filter(depth=2, path__startswith=root.path)
        .order_by("path")
        .values("id", "path", "name", "short_name")
    )
    unions = list(
        Organization.objects.unions()
        .filter(path__startswith=root.path)
        .order_by("path")
        .values("id", "path", "name", "short_name", "unit_type")
    )
    if not towns or not unions:
        raise GenerateError("县下面没有镇或基层工会；请先运行 gonghui generate")
    employers = list(
        Employer.objects.order_by("pk").values(
            "id", "name", "org_id", "union_id", "industry", "employees"
        )
    )
    members = list(Membership.objects.active().order_by("pk").values_list("person_id", "org_id"))
    return County(
        seed=seed,
        today=today,
        root={
            "id": root.pk,
            "path": root.path,
            "name": root.name,
            "short_name": root.short_name or root.name,
        },
        towns=towns,
        unions=unions,
        employers=employers,
        members=members,
    )


def _empty_ledgers() -> bool:
    from gonghui.activities.models import Event
    from gonghui.assistance.models import Campaign
    from gonghui.bargaining.models import Agreement
    from gonghui.competitions.models import Competition, Proposal
    from gonghui.honors.models import ModelWorker

    return not any(
        m.objects.exists() for m in (Campaign, Agreement, Competition, Proposal, ModelWorker, Event)
    )


def generate_ledgers(
    *, seed: int = 1, today: dt.date | None = None, progress: Progress | None = None
) -> dict:
    """Write every ledger over the county in the database; return the rows written per model."""
    from . import activities, aid, bargaining, competitions, honors

    say = progress or (lambda message: None)
    today = today or dt.date.today()
    if not _empty_ledgers():
        raise GenerateError("台账里已有数据；台账生成器只往刚生成的县级数据库里写")
    county = _load(seed, today)
    with transaction.atomic():
        for name, part in (
            ("帮扶", aid),
            ("集体合同", bargaining),
            ("竞赛", competitions),
            ("劳模", honors),
            ("活动", activities),
        ):
            before = len(county.tables)
            part.generate(county)
            counts = {t.model._meta.verbose_name: t.written for t in county.tables[before:]}
            say(f"{name}：" + "，".join(f"{label} {n}" for label, n in counts.items()))
        _reset_sequences([t.model for t in county.tables])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {t.model._meta.label: t.written for t in county.tables}
