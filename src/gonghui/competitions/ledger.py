"""The competition ledgers behind `gonghui import|export|figures`:

- `competition` (--competition NAME): figures = the competition's figures and the inspection
  findings; export = the 双挂钩 results table; import = contestants (same as `contestants`).
- `contestants` (--competition NAME): one row per contestant: person, unit, trade, grades, score.
- `proposals`: 合理化建议, one row per proposal; figures = submitted / adopted / rate by unit.
"""

from django.utils import timezone

from gonghui.core.imports import CREATE, UNCHANGED, UPDATE, Column, LedgerImport, closest
from gonghui.core.sheets import SheetError, build_workbook
from gonghui.members.models import Person
from gonghui.orgs.access import require_placement
from gonghui.orgs.models import Employer

from . import selectors
from .exports import double_link_xlsx
from .models import (
    Competition,
    Contestant,
    Grade,
    Participant,
    Proposal,
    Round,
    RoundScore,
    Trade,
)

GRADES = {label: value for value, label in Grade.choices}
GRADE_ALIASES = {
    "五级": "初级工",
    "四级": "中级工",
    "三级": "高级工",
    "二级": "技师",
    "一级": "高级技师",
    "初级": "初级工",
    "中级": "中级工",
    "高级": "高级工",
}


def _competition(user, options) -> Competition:
    name = (options or {}).get("competition", "").strip()
    if not name:
        raise SheetError("请用 --competition 指定竞赛名称")
    qs = Competition.objects.all() if user is None else Competition.objects.visible_to(user)
    comp = qs.select_related("organiser").filter(name=name).first()
    if comp is None:
        hint = closest(name, qs.values_list("name", flat=True))
        raise SheetError(f"没有找到名为“{name}”的竞赛" + (f"，是否为“{hint[0]}”？" if hint else ""))
    return comp


CONTESTANT_COLUMNS = [
    Column("name", "姓名", ("选手姓名",), required=True, example="王强"),
    Column(
        "id_number",
        "公民身份号码",
        ("身份证号", "身份证号码"),
        required=True,
        text=True,
        example="320205199001011234",
    ),
    Column("unit", "参赛单位", ("单位", "企业", "所在单位"), required=True, example="隆达公司"),
    Column("trade", "竞赛项目", ("工种", "项目"), required=True, example="中式烹饪"),
    Column("grade_before", "赛前等级", ("原等级",), choices=list(GRADES), example="中级工"),
    Column("score", "决赛成绩", ("成绩",), example=92.5),
    Column("grade_reached", "达到等级", ("取得资格", "职业资格"), choices=list(GRADES)),
]


class ContestantImport(LedgerImport):
    name, label = "contestants", "技能竞赛选手"
    columns = CONTESTANT_COLUMNS

    def prepare(self, sheet):
        self.competition = _competition(self.user, self.options)
        comp = self.competition
        self.participants = {}
        for p in Participant.objects.filter(competition=comp).select_related("org", "employer"):
            self.participants[p.employer.name if p.employer_id else p.org.name] = p
        organiser = comp.organiser
        self.employers = {
            e.name: e for e in Employer.objects.within(organiser).select_related("union")
        }
        self.unions = {o.name: o for o in organiser.__class__.objects.within(organiser)}
        self.unions.update({o.short_name: o for o in self.unions.values() if o.short_name})
        self.trades = {t.name: t for t in comp.trades.all()}

    def clean_row(self, row):
        name = row.required_text("name")
        parsed = row.id_number("id_number")
        unit = row.required_text("unit")
        if unit and unit not in self.participants and unit not in self.employers:
            if unit not in self.unions:
                hint = closest(unit, [*self.participants, *self.employers])
                row.error(
                    "unit",
                    f"“{unit}”不是本竞赛的参赛单位，也不是主办工会范围内的企业或工会"
                    + (f"，是否为“{hint[0]}”？" if hint else ""),
                )
        before = row.choice("grade_before", GRADES, GRADE_ALIASES)
        reached = row.choice("grade_reached", GRADES, GRADE_ALIASES)
        score = row.decimal("score")
        if score is not None and score < 0:
            row.error("score", "成绩不能为负数")
        return {
            "name": name,
            "id_number": parsed.value if parsed else "",
            "unit": unit,
            "trade": row.required_text("trade"),
            "grade_before": GRADES.get(before),
            "grade_reached": GRADES.get(reached),
            "score": score,
        }

    def check_rows(self, rows):
        seen = {}
        for row in rows:
            if not row.data or not row.data.get("id_number"):
                continue
            key = (row.data["trade"], row.data["id_number"])
            if key in seen:
                row.error("id_number", f"与第 {seen[key]} 行重复（同一人同一项目）")
            else:
                seen[key] = row.number

    def plan(self, rows):
        ids = {r.data["id_number"] for r in rows}
        self.people = {p.id_number: p for p in Person.objects.filter(id_number__in=ids)}
        existing = {
            (c.trade.name, c.person.id_number): c
            for c in Contestant.objects.filter(
                trade__competition=self.competition, person__id_number__in=ids
            ).select_related("trade", "person")
        }
        for row in rows:
            d = row.data
            person = self.people.get(d["id_number"])
            if person is not None and person.name != d["name"]:
                row.error("name", f"该身份证号已登记为“{person.name}”")
                continue
            c = existing.get((d["trade"], d["id_number"]))
            if c is None:
                row.action = CREATE
            elif (c.grade_before, c.grade_reached) != (d["grade_before"], d["grade_reached"]):
                row.changes["grade_reached"] = (c.grade_reached, d["grade_reached"])
                row.action = UPDATE
            else:
                row.action = UNCHANGED
        self.existing = existing

    def _participant(self, unit: str) -> Participant:
        if unit in self.participants:
            return self.participants[unit]
        comp = self.competition
        employer = self.employers.get(unit)
        if employer is not None:
            org = employer.union or employer.org
            p = Participant.objects.create(
                competition=comp,
                org=org,
                employer=employer,
                joined=Participant.Joined.ASSIGNED,
                joined_on=timezone.localdate(),
            )
        else:
            org = self.unions[unit]
            p = Participant.objects.create(
                competition=comp,
                org=org,
                joined=Participant.Joined.ASSIGNED,
                joined_on=timezone.localdate(),
            )
        self.record(p, CREATE, after={"unit": unit}, org=p.org_id)
        self.participants[unit] = p
        return p

    def _trade(self, name: str) -> Trade:
        if name not in self.trades:
            trade = Trade.objects.create(competition=self.competition, name=name)
            Round.objects.create(trade=trade, name="决赛", order=1)
            self.record(trade, CREATE, after={"name": name}, org=self.competition.organiser_id)
            self.trades[name] = trade
        return self.trades[name]

    def write(self, rows):
        for row in rows:
            d = row.data
            participant = self._participant(d["unit"])
            trade = self._trade(d["trade"])
            person = self.people.get(d["id_number"])
            if person is None:
                person = Person.objects.create(name=d["name"], id_number=d["id_number"])
                self.people[d["id_number"]] = person
            c = self.existing.get((d["trade"], d["id_number"]))
            if c is None:
                c = Contestant.objects.create(
                    trade=trade,
                    participant=participant,
                    person=person,
                    grade_before=d["grade_before"],
                    grade_reached=d["grade_reached"],
                )
                action = CREATE
            else:
                c.grade_before, c.grade_reached = d["grade_before"], d["grade_reached"]
                c.save(update_fields=["grade_before", "grade_reached"])
                action = UPDATE
            if d["score"] is not None:
                last = trade.rounds.order_by("-order").first()
                RoundScore.objects.update_or_create(
                    contestant=c, round=last, defaults={"score": d["score"]}
                )
            self.record(
                c,
                action,
                after={"trade": trade.name, "unit": d["unit"], "grade_reached": d["grade_reached"]},
                org=participant.org_id,
            )
            self.advance(1)


def contestants_import(
    *, user, source, filename, org=None, commit=False, options=None, progress=None
):
    return ContestantImport(user=user, org=org, options=options).run(
        source=source, filename=filename, commit=commit, progress=progress
    )


def contestants_export(*, user, org=None, options=None) -> bytes:
    comp = _competition(user, options)
    rows = []
    for trade in comp.trades.all():
        for c in selectors.contest_ranking(trade=trade):
            unit = (
                c.participant.employer.name if c.participant.employer_id else c.participant.org.name
            )
            rows.append(
                [
                    c.person.name,
                    c.person.id_number_masked,
                    unit,
                    trade.name,
                    c.get_grade_before_display() or "",
                    c.final_score,
                    c.get_grade_reached_display() or "",
                    c.rank if c.final_score is not None else None,
                ]
            )
    headers = [col.header for col in CONTESTANT_COLUMNS] + ["名次"]
    return build_workbook(
        headers=headers, rows=rows, text_columns=[1], title=f"{comp.name} 选手", sheet_name="选手"
    )


def contestants_figures(*, user, org, period=None, options=None) -> dict:
    return selectors.contest_figures(competition=_competition(user, options))


def competition_export(*, user, org=None, options=None) -> bytes:
    return double_link_xlsx(competition=_competition(user, options), today=timezone.localdate())


def competition_figures(*, user, org, period=None, options=None) -> dict:
    """The figures of one competition (--competition NAME) and its inspection findings."""
    comp = _competition(user, options)
    today = period.last_day if period is not None else timezone.localdate()
    return {
        **selectors.competition_figures(competition=comp, today=today),
        "findings": selectors.competition_findings(competition=comp, today=today),
    }


STATUS = {label: value for value, label in Proposal.Status.choices}
STATUS_ALIASES = {"采纳": "已采纳", "不采纳": "未采纳", "实施": "已实施", "提交": "已提交"}

PROPOSAL_COLUMNS = [
    Column("title", "建议题目", ("题目", "建议名称", "金点子"), required=True),
    Column("proposer", "建议人", ("提出人", "姓名"), required=True),
    Column("org", "所在工会", ("单位", "工会"), example="桥涯村工会"),
    Column("submitted_on", "提出日期", ("日期", "提交日期"), required=True, example="2026-05-01"),
    Column("status", "状态", ("处理结果",), choices=list(STATUS), example="已采纳"),
    Column("decided_on", "采纳决定日期", ("决定日期",)),
    Column("reason", "未采纳原因", ("原因",)),
    Column("implemented_on", "实施日期", ()),
    Column("benefit", "预计效益（元）", ("预计效益", "效益")),
    Column("on_behalf", "工会代提", ("代提",), choices=["是", "否"], example="否"),
    Column("content", "建议内容", ("内容",)),
]


class ProposalImport(LedgerImport):
    name, label = "proposals", "合理化建议"
    columns = PROPOSAL_COLUMNS

    def prepare(self, sheet):
        orgs = list(self.orgs_in_scope())
        self.orgs = {o.name: o for o in orgs}
        self.orgs.update({o.short_name: o for o in orgs if o.short_name})
        self.competition = None
        if (self.options or {}).get("competition"):
            self.competition = _competition(self.user, self.options)

    def clean_row(self, row):
        org_text = row.text("org")
        org = self.orgs.get(org_text) if org_text else (self.org or self.scope)
        if org_text and org is None:
            row.error("org", f"在您的范围内没有名为“{org_text}”的工会")
        elif org is None:
            row.error("org", "请填写“所在工会”，或在命令中用 --org 指定")
        status = STATUS.get(row.choice("status", STATUS, STATUS_ALIASES)) or "submitted"
        submitted = row.date("submitted_on", required=True)
        decided = row.date("decided_on")
        implemented = row.date("implemented_on")
        reason = row.text("reason")[:300]
        if status in ("adopted", "rejected", "implemented") and decided is None:
            decided = submitted
        if status == "rejected" and not reason:
            row.error("reason", "未采纳的建议必须填写原因")
        if status == "implemented" and implemented is None:
            row.error("implemented_on", "已实施的建议必须填写实施日期")
        benefit = row.decimal("benefit")
        if benefit is not None and benefit < 0:
            row.error("benefit", "预计效益不能为负数")
        return {
            "org": org,
            "title": row.required_text("title")[:200],
            "proposer_name": row.required_text("proposer")[:100],
            "submitted_on": submitted,
            "status": status,
            "decided_on": decided,
            "reject_reason": reason,
            "implemented_on": implemented,
            "estimated_benefit": benefit,
            "on_behalf": row.text("on_behalf") == "是",
            "content": row.text("content"),
        }

    def plan(self, rows):
        keys = {(r.data["title"], r.data["proposer_name"]) for r in rows}
        existing = {
            (p.org_id, p.title, p.proposer_name, p.submitted_on): p
            for p in Proposal.objects.filter(
                title__in={k[0] for k in keys}, proposer_name__in={k[1] for k in keys}
            )
        }
        self.existing = existing
        for row in rows:
            d = row.data
            p = existing.get((d["org"].pk, d["title"], d["proposer_name"], d["submitted_on"]))
            if p is None:
                row.action = CREATE
            elif p.status != d["status"]:
                row.changes["status"] = (p.status, d["status"])
                row.action = UPDATE
            else:
                row.action = UNCHANGED

    def write(self, rows):
        new = [r for r in rows if r.action == CREATE]
        objs = self.bulk_create(
            Proposal,
            [Proposal(competition=self.competition, **r.data) for r in new],
            advance=True,
        )
        for obj in objs:
            self.record(
                obj, CREATE, after={"title": obj.title, "status": obj.status}, org=obj.org_id
            )
        for row in rows:
            if row.action != UPDATE:
                continue
            d = row.data
            p = self.existing[(d["org"].pk, d["title"], d["proposer_name"], d["submitted_on"])]
            before = {"status": p.status}
            for key in (
                "status",
                "decided_on",
                "reject_reason",
                "implemented_on",
                "estimated_benefit",
            ):
                setattr(p, key, d[key])
            p.save()
            self.record(p, UPDATE, before=before, after={"status": p.status}, org=p.org_id)
            self.advance(1)


def proposals_import(
    *, user, source, filename, org=None, commit=False, options=None, progress=None
):
    return ProposalImport(user=user, org=org, options=options).run(
        source=source, filename=filename, commit=commit, progress=progress
    )


def _scope(user, org):
    if user is None:
        return org
    own = require_placement(user).org
    return org if org is not None and org.is_within(own) else own


def proposals_export(*, user, org=None, options=None) -> bytes:
    org = _scope(user, org)
    qs = Proposal.objects.all() if org is None else Proposal.objects.within(org)
    rows = (
        [
            p.title,
            p.proposer_name,
            p.org.name,
            p.submitted_on,
            p.get_status_display(),
            p.decided_on,
            p.reject_reason,
            p.implemented_on,
            p.estimated_benefit,
            "是" if p.on_behalf else "否",
            p.content,
        ]
        for p in qs.select_related("org").order_by("submitted_on", "id").iterator(chunk_size=2000)
    )
    return build_workbook(
        headers=[c.header for c in PROPOSAL_COLUMNS],
        rows=rows,
        title="合理化建议",
        sheet_name="建议",
    )


def proposals_figures(*, user, org, period=None, options=None) -> dict:
    return selectors.proposal_figures(org=_scope(user, org), period=period)
