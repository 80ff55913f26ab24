"""The `graderises` ledger (职工技能等级提升) behind `gonghui import|export|figures graderises`
and the web import: one row per worker and new grade.

A row is known by (公民身份号码, 新等级): importing the same file again changes nothing, and a
corrected date or union updates the row. Rows stay within the importing user's subtree; a rise
already recorded by a union outside it is rejected, not moved.
"""

from gonghui.core.audit import record_event
from gonghui.core.imports import (
    CREATE,
    SYSTEM_USERNAME,
    UNCHANGED,
    UPDATE,
    Column,
    LedgerImport,
    closest,
)
from gonghui.core.masking import mask_id_number
from gonghui.core.models import AuditEvent
from gonghui.core.sheets import SheetError, build_workbook
from gonghui.members.models import Person

from . import selectors
from .ledger import GRADE_ALIASES, GRADES, _scope
from .models import Competition, GradeRise

VIA = {label: value for value, label in GradeRise.Via.choices}
VIA_ALIASES = {"竞赛": "技能竞赛", "培训": "工会培训", "职工培训": "工会培训"}

GRADE_RISE_COLUMNS = [
    Column("name", "姓名", ("职工姓名",), required=True, example="王强"),
    Column(
        "id_number",
        "公民身份号码",
        ("身份证号", "身份证号码"),
        required=True,
        text=True,
        example="320205199001011234",
    ),
    Column(
        "org",
        "所在工会",
        ("工会", "单位"),
        example="桥涯村工会",
        note="工会全称或简称；不填时为导入时选择的工会（默认为您所在的组织）",
    ),
    Column("grade_from", "原等级", ("原技能等级",), choices=list(GRADES), example="初级工"),
    Column(
        "grade_to",
        "新等级",
        ("提升后等级", "取得等级", "新技能等级"),
        required=True,
        choices=list(GRADES),
        example="中级工",
    ),
    Column("certified_on", "取证日期", ("发证日期", "日期"), required=True, example="2026-10-01"),
    Column("via", "途径", ("提升途径",), choices=list(VIA), example="工会培训"),
    Column(
        "competition",
        "相关竞赛",
        ("竞赛", "竞赛名称"),
        note="通过竞赛或竞赛期间培训提升的，填写竞赛全称",
    ),
]


class GradeRiseImport(LedgerImport):
    name, label = "graderises", "职工技能等级提升"
    columns = GRADE_RISE_COLUMNS

    def prepare(self, sheet):
        orgs = list(self.orgs_in_scope())
        self.orgs = {o.name: o for o in orgs}
        self.orgs.update({o.short_name: o for o in orgs if o.short_name})
        qs = Competition.objects.all()
        if self.user is not None:
            qs = Competition.objects.visible_to(self.user)
        self.competitions = {c.name: c for c in qs.select_related("organiser")}
        self.default_competition = None
        name = (self.options or {}).get("competition", "").strip()
        if name:
            self.default_competition = self.competitions.get(name)
            if self.default_competition is None:
                hint = closest(name, self.competitions)
                raise SheetError(
                    f"没有找到名为“{name}”的竞赛" + (f"，是否为“{hint[0]}”？" if hint else "")
                )

    def clean_row(self, row):
        name = row.required_text("name")
        parsed = row.id_number("id_number")
        org_text = row.text("org")
        org = self.orgs.get(org_text) if org_text else (self.org or self.scope)
        if org_text and org is None:
            hint = closest(org_text, self.orgs)
            row.error(
                "org",
                f"在您管辖的范围内没有名为“{org_text}”的工会"
                + (f"，是否为“{hint[0]}”？" if hint else ""),
            )
        elif org is None:
            row.error("org", "请填写“所在工会”，或在命令中用 --org 指定")
        grade_from = GRADES.get(row.choice("grade_from", GRADES, GRADE_ALIASES))
        grade_to = GRADES.get(row.choice("grade_to", GRADES, GRADE_ALIASES))
        if not row.text("grade_to"):
            row.error("grade_to", "“新等级”不能为空")
        elif grade_to is not None and grade_from is not None and grade_to <= grade_from:
            row.error("grade_to", "新等级必须高于原等级")
        certified_on = row.date("certified_on", required=True)
        competition = self.default_competition
        comp_text = row.text("competition")
        if comp_text:
            competition = self.competitions.get(comp_text)
            if competition is None:
                hint = closest(comp_text, self.competitions)
                row.error(
                    "competition",
                    f"没有找到名为“{comp_text}”的竞赛" + (f"，是否为“{hint[0]}”？" if hint else ""),
                )
        if competition is not None and org is not None:
            if not org.path.startswith(competition.organiser.path):
                row.error("org", f"{org.name} 不在“{competition.name}”主办工会的范围内")
        via = VIA.get(row.choice("via", VIA, VIA_ALIASES))
        if via is None:
            via = GradeRise.Via.CONTEST if competition is not None else GradeRise.Via.TRAINING
        return {
            "name": name,
            "id_number": parsed.value if parsed else "",
            "org": org,
            "grade_from": grade_from,
            "grade_to": grade_to,
            "certified_on": certified_on,
            "via": via,
            "competition": competition,
        }

    def check_rows(self, rows):
        seen = {}
        for row in rows:
            d = row.data
            if not d or not d.get("id_number") or d.get("grade_to") is None:
                continue
            key = (d["id_number"], d["grade_to"])
            if key in seen:
                row.error("id_number", f"与第 {seen[key]} 行重复（同一人提升到同一等级）")
            else:
                seen[key] = row.number

    def plan(self, rows):
        ids = list({r.data["id_number"] for r in rows})
        self.people = {p.id_number: p for p in Person.objects.filter(id_number__in=ids)}
        self.existing = {
            (r.person.id_number, r.grade_to): r
            for r in GradeRise.objects.filter(person__id_number__in=ids).select_related(
                "person", "org"
            )
        }
        scope = self.scope.path if self.scope is not None else ""
        for row in rows:
            d = row.data
            person = self.people.get(d["id_number"])
            if person is not None and person.name != d["name"]:
                row.error("name", f"该身份证号码已登记为“{person.name}”")
                continue
            old = self.existing.get((d["id_number"], d["grade_to"]))
            if old is None:
                row.action = CREATE
                continue
            if not old.org.path.startswith(scope):
                row.error("grade_to", f"该职工提升为此等级已由“{old.org.name}”登记，不在您的范围内")
                continue
            new = self._values(d)
            for key, value in new.items():
                if getattr(old, key) != value:
                    row.changes[key] = (getattr(old, key), value)
            row.action = UPDATE if row.changes else UNCHANGED

    @staticmethod
    def _values(d) -> dict:
        return {
            "org_id": d["org"].pk,
            "grade_from": d["grade_from"],
            "certified_on": d["certified_on"],
            "via": d["via"],
            "competition_id": d["competition"].pk if d["competition"] else None,
        }

    @staticmethod
    def _audit(values: dict) -> dict:
        return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}

    def preview_cells(self, row):
        cells = super().preview_cells(row)
        if row.data and row.data.get("id_number"):
            cells["公民身份号码"] = mask_id_number(row.data["id_number"])
        return cells

    def write(self, rows):
        for row in rows:
            d = row.data
            person = self.people.get(d["id_number"])
            if person is None:
                person = Person.objects.create(name=d["name"], id_number=d["id_number"])
                self.people[d["id_number"]] = person
                self.record(person, CREATE, after={"name": person.name}, org=d["org"].pk)
            values = self._values(d)
            if row.action == CREATE:
                rise = GradeRise.objects.create(person=person, grade_to=d["grade_to"], **values)
                self.record(
                    rise,
                    CREATE,
                    after={**self._audit(values), "grade_to": d["grade_to"], "person": person.pk},
                    org=d["org"].pk,
                )
            else:
                rise = self.existing[(d["id_number"], d["grade_to"])]
                before = {k: getattr(rise, k) for k in values}
                for key, value in values.items():
                    setattr(rise, key, value)
                rise.save()
                self.record(
                    rise,
                    UPDATE,
                    before=self._audit(before),
                    after=self._audit(values),
                    org=d["org"].pk,
                )
            self.advance(1)


def graderises_import(
    *, user, source, filename, org=None, commit=False, options=None, progress=None
):
    return GradeRiseImport(user=user, org=org, options=options).run(
        source=source, filename=filename, commit=commit, progress=progress
    )


def graderises_queryset(*, user, org=None, options=None):
    """The rows in scope: the user's subtree (narrowed to org), optionally one competition."""
    org = _scope(user, org)
    qs = GradeRise.objects.all() if org is None else GradeRise.objects.within(org)
    name = (options or {}).get("competition", "").strip()
    if name:
        comps = Competition.objects.all() if user is None else Competition.objects.visible_to(user)
        qs = qs.filter(competition__in=comps.filter(name=name))
    return qs


def graderises_export(*, user, org=None, options=None) -> bytes:
    qs = graderises_queryset(user=user, org=org, options=options)
    return grade_rises_workbook(user=user, rises=qs, scope=_scope(user, org))


def grade_rises_workbook(*, user, rises, scope) -> bytes:
    """The rows as .xlsx in the import's columns (so an export imports back unchanged); full ID
    numbers only for roles that may see them, and then the export is logged."""
    from gonghui.orgs.access import can_unmask

    unmasked = user is None or can_unmask(user)
    grades, vias = dict(GradeRise._meta.get_field("grade_to").choices), dict(GradeRise.Via.choices)
    values = rises.order_by("certified_on", "id").values_list(
        "person__name",
        "person__id_number",
        "org__name",
        "grade_from",
        "grade_to",
        "certified_on",
        "via",
        "competition__name",
    )
    count = 0

    def rows():
        nonlocal count
        for name, id_number, union, g_from, g_to, day, via, comp in values.iterator(
            chunk_size=2000
        ):
            count += 1
            yield [
                name,
                id_number if unmasked else mask_id_number(id_number),
                union,
                grades.get(g_from, ""),
                grades.get(g_to, ""),
                day,
                vias.get(via, via),
                comp or "",
            ]

    data = build_workbook(
        headers=[c.header for c in GRADE_RISE_COLUMNS],
        rows=rows(),
        text_columns=[1],
        title="职工技能等级提升",
        sheet_name="技能等级提升",
    )
    if unmasked and count:
        record_event(
            AuditEvent.Kind.EXPORT,
            user=user,
            username="" if user is not None else SYSTEM_USERNAME,
            org=scope,
            summary=f"导出职工技能等级提升（含完整身份证号码）{count} 人次"
            + (f"：{scope.name}" if scope else ""),
            detail={"ledger": "graderises", "rows": count, "unmasked": True},
        )
    return data


def graderises_figures(*, user, org, period=None, options=None) -> dict:
    qs = graderises_queryset(user=user, org=org, options=options)
    if period is not None:
        qs = qs.filter(certified_on__gte=period.start, certified_on__lt=period.end)
    scope = _scope(user, org)
    return {
        "org": scope.name if scope is not None else "",
        "period": str(period) if period else "",
        "competition": (options or {}).get("competition", ""),
        **selectors.grade_rise_figures(qs),
    }
