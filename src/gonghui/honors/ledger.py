"""The model-worker ledger (劳模台账) behind `gonghui import|export|figures modelworkers`.

One spreadsheet row per honour: a person holding 市级 and 省部级 titles has two rows. The export
has the same columns plus the computed ones (法定退休时间, 法定退休年龄, 申报状态, 荣誉津贴), so an
exported file can be edited and imported again.
"""

from django.db import transaction

from gonghui.core.audit import record_event
from gonghui.core.imports import CREATE, UNCHANGED, UPDATE, Column, LedgerImport
from gonghui.core.models import AuditEvent
from gonghui.core.retirement import Category
from gonghui.core.sheets import build_workbook
from gonghui.members.models import Person
from gonghui.orgs.access import can_unmask, require_placement
from gonghui.orgs.models import Employer

from . import selectors, services
from .models import Honour, Level, ModelWorker, RetirementCategory

CATEGORY_HEADER_CHOICES = {
    "男职工": Category.MALE,
    "原55周岁女职工": Category.FEMALE55,
    "原50周岁女职工": Category.FEMALE50,
}
CATEGORY_ALIASES = {
    "男": "男职工",
    "男性": "男职工",
    "male": "男职工",
    "原55女": "原55周岁女职工",
    "女(原55)": "原55周岁女职工",
    "女（原55）": "原55周岁女职工",
    "女干部": "原55周岁女职工",
    "管理技术岗女职工": "原55周岁女职工",
    "female55": "原55周岁女职工",
    "原50女": "原50周岁女职工",
    "女(原50)": "原50周岁女职工",
    "女（原50）": "原50周岁女职工",
    "女工人": "原50周岁女职工",
    "female50": "原50周岁女职工",
}
CATEGORY_TEXT = {v: k for k, v in CATEGORY_HEADER_CHOICES.items()}
LEVEL_CHOICES = {label: value for value, label in Level.choices}
LEVEL_ALIASES = {
    "国家级": "全国",
    "省级": "省部级",
    "省部": "省部级",
    "部级": "省部级",
    "市": "市级",
}

COLUMNS = [
    Column("name", "姓名", required=True, example="李建国"),
    Column(
        "id_number",
        "公民身份号码",
        ("身份证号", "身份证号码", "身份证"),
        required=True,
        text=True,
        example="320102196606150011",
    ),
    Column(
        "category",
        "退休类别",
        ("人员类别", "退休人员类别"),
        required=True,
        choices=list(CATEGORY_HEADER_CHOICES),
        example="男职工",
        note="按岗位填写，不按性别推算：女干部、管理技术岗为原55周岁，女工人为原50周岁",
    ),
    Column(
        "level",
        "劳模级别",
        ("级别", "荣誉级别"),
        required=True,
        choices=list(LEVEL_CHOICES),
        example="省部级",
    ),
    Column("title", "荣誉称号", ("称号",), required=True, example="省劳动模范"),
    Column("year", "授予年份", ("年份", "授予时间", "表彰年份"), required=True, example=2015),
    Column("employer", "工作单位", ("单位", "单位名称"), example="桥涯纺织有限公司"),
    Column("org", "所在工会", ("管理工会", "工会"), example="桥涯村工会"),
    Column("note", "备注", ()),
]

EXPORT_EXTRA = ["性别", "出生年月", "法定退休时间", "法定退休年龄", "到龄提醒", "申报状态"]
EXPORT_EXTRA += ["荣誉状态", "荣誉津贴（元/月）"]


class ModelWorkerImport(LedgerImport):
    name, label = "modelworkers", "劳模台账"
    columns = COLUMNS

    def prepare(self, sheet):
        orgs = list(self.orgs_in_scope())
        self.orgs = {o.name: o for o in orgs}
        self.orgs.update({o.short_name: o for o in orgs if o.short_name})
        employers = Employer.objects.all()
        if self.scope is not None:
            employers = employers.within(self.scope)
        self.employers = {e.name: e for e in employers}

    def clean_row(self, row):
        name = row.required_text("name")
        parsed = row.id_number("id_number")
        category_text = row.choice("category", CATEGORY_HEADER_CHOICES, CATEGORY_ALIASES)
        if not category_text and not row.text("category"):
            row.error("category", "“退休类别”不能为空")
        category = CATEGORY_HEADER_CHOICES.get(category_text)
        if parsed and category:
            if parsed.sex == "M" and category != Category.MALE:
                row.error("category", "身份证号码显示为男性，退休类别只能是“男职工”")
            if parsed.sex == "F" and category == Category.MALE:
                row.error(
                    "category", "身份证号码显示为女性，请填“原55周岁女职工”或“原50周岁女职工”"
                )
        level_text = row.choice("level", LEVEL_CHOICES, LEVEL_ALIASES)
        if not level_text and not row.text("level"):
            row.error("level", "“劳模级别”不能为空")
        title = row.required_text("title")
        year = self._year(row)
        org = self._org(row)
        employer = None
        employer_name = row.text("employer")
        if employer_name:
            employer = self.employers.get(employer_name)
            if employer is None:
                row.error("employer", f"没有找到用人单位“{employer_name}”，请先在用人单位中登记")
        return {
            "name": name,
            "id_number": parsed.value if parsed else "",
            "category": category.value if category else "",
            "level": LEVEL_CHOICES.get(level_text, ""),
            "title": title,
            "year": year,
            "org": org,
            "employer": employer,
            "note": row.text("note"),
        }

    def _year(self, row):
        text = row.text("year").removesuffix("年")
        if not text:
            row.error("year", "“授予年份”不能为空")
            return None
        if not text.isdigit() or not 1950 <= int(text) <= self.today.year:
            row.error(
                "year", f"授予年份“{text}”不对，应为 1950 到 {self.today.year} 之间的四位年份"
            )
            return None
        return int(text)

    def _org(self, row):
        text = row.text("org")
        if text:
            org = self.orgs.get(text)
            if org is None:
                row.error("org", f"在您的范围内没有名为“{text}”的工会")
            return org
        default = self.org or (self.scope if self.user is not None else None)
        if default is None:
            row.error("org", "请填写“所在工会”，或在命令中用 --org 指定")
        return default

    def check_rows(self, rows):
        seen = {}
        for row in rows:
            data = row.data
            if not data or not data["id_number"]:
                continue
            key = (data["id_number"], data["level"], data["title"], data["year"])
            if key in seen:
                row.error("id_number", f"与第 {seen[key]} 行是同一人的同一荣誉，重复")
            else:
                seen[key] = row.number

    def plan(self, rows):
        ids = {r.data["id_number"] for r in rows}
        workers = {
            w.person.id_number: w
            for w in ModelWorker.objects.filter(person__id_number__in=ids).select_related(
                "person", "org"
            )
        }
        honours = set(
            Honour.objects.filter(worker__person__id_number__in=ids).values_list(
                "worker__person__id_number", "level", "title", "year"
            )
        )
        for row in rows:
            data = row.data
            worker = workers.get(data["id_number"])
            if worker is None:
                row.action = CREATE
                continue
            if self.scope is not None and not worker.org.is_within(self.scope):
                row.error("id_number", "该劳模由其他工会管理，不在您的范围内")
                continue
            honour_key = (data["id_number"], data["level"], data["title"], data["year"])
            if worker.category != data["category"]:
                row.changes["category"] = (
                    RetirementCategory(worker.category).label,
                    RetirementCategory(data["category"]).label,
                )
            if honour_key not in honours:
                row.changes["title"] = ("", f"{data['year']}年{data['title']}")
            row.action = UPDATE if row.changes else UNCHANGED
        # Rows rejected in plan leave the accepted set.
        for row in rows:
            if row.errors:
                row.action = ""

    def write(self, rows):
        actor = self.actor
        for row in rows:
            if row.errors:
                continue
            data = row.data
            worker = ModelWorker.objects.filter(person__id_number=data["id_number"]).first()
            if worker is None:
                worker = services.modelworker_enrol(
                    by=actor,
                    org=data["org"],
                    id_number=data["id_number"],
                    name=data["name"],
                    category=data["category"],
                    level=data["level"],
                    title=data["title"],
                    year=data["year"],
                    employer=data["employer"],
                    note=data["note"],
                )
            else:
                if worker.category != data["category"]:
                    services.modelworker_update(by=actor, worker=worker, category=data["category"])
                if not worker.honours.filter(
                    level=data["level"], title=data["title"], year=data["year"]
                ).exists():
                    services.honour_add(
                        by=actor,
                        worker=worker,
                        level=data["level"],
                        title=data["title"],
                        year=data["year"],
                    )
            self.advance(1)

    def preview_cells(self, row):
        cells = super().preview_cells(row)
        if row.data and row.data.get("id_number"):
            from gonghui.core.masking import mask_id_number

            cells["公民身份号码"] = mask_id_number(row.data["id_number"])
        return cells


def modelworkers_import(
    *, user, source, filename, org=None, commit=False, options=None, progress=None
):
    return ModelWorkerImport(user=user, org=org, options=options).run(
        source=source, filename=filename, commit=commit, progress=progress
    )


def modelworkers_export(*, user, org=None, options=None) -> bytes:
    """One row per honour, ID numbers masked unless the user may see them (unmasked exports of
    personal data are audited)."""
    import datetime as dt

    if user is not None:
        scope = require_placement(user).org
        org = org if org is not None and org.is_within(scope) else scope
    unmasked = user is None or can_unmask(user)
    today = dt.date.today()
    workers = (
        (ModelWorker.objects.all() if org is None else ModelWorker.objects.within(org))
        .select_related("person", "org", "employer", "filing")
        .prefetch_related("honours")
    )
    rows = []
    for worker in workers.order_by("statutory_retirement", "id"):
        retirement = worker.retirement()
        person: Person = worker.person
        filing = getattr(worker, "filing", None)
        highest = worker.highest_held()
        allowance = worker.monthly_allowance() if highest else None
        common_tail = [
            person.get_sex_display(),
            f"{person.birth_date:%Y-%m}",
            retirement.label,
            retirement.age_label,
            worker.reminder_label(today),
            filing.get_state_display() if filing else "未申报",
        ]
        for honour in worker.honours.all():
            rows.append(
                [
                    person.name,
                    person.id_number if unmasked else person.id_number_masked,
                    CATEGORY_TEXT[Category(worker.category)],
                    honour.get_level_display(),
                    honour.title,
                    honour.year,
                    worker.employer.name if worker.employer else "",
                    worker.org.name,
                    worker.note,
                    *common_tail,
                    honour.get_status_display(),
                    allowance if honour == highest else "",
                ]
            )
    headers = [c.header for c in COLUMNS] + EXPORT_EXTRA
    data = build_workbook(
        headers=headers,
        rows=rows,
        text_columns=[1],
        title="劳模台账",
        sheet_name="劳模台账",
        widths={1: 22, 4: 18, 11: 14},
    )
    if unmasked and rows:
        with transaction.atomic():
            record_event(
                AuditEvent.Kind.EXPORT,
                user=user,
                username="" if user is not None else "命令行",
                org=org,
                summary=f"导出劳模台账 {len(rows)} 行（含完整身份证号）",
                detail={"ledger": "modelworkers", "rows": len(rows)},
            )
    return data


def modelworkers_figures(*, user, org, period=None, options=None) -> dict:
    return selectors.honours_figures(org=org, period=period)
