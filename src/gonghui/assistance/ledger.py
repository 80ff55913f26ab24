"""The aid ledger (帮扶台账): import from Excel, export in the unions' layout, and figures.

One row per household: 姓名, 公民身份号码, 所在工会/社区, 类别, 家庭人口, 慰问金(元), 慰问物资,
物资折价(元), 发放日期, 经办人, 备注. A row is aid already given: it becomes an application in
已发放 with its disbursement. Recipients need not be members. The double-aid checks run on every
row (against the database and against earlier rows of the same file); importing the same file
again changes nothing.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from gonghui.core.audit import record_event
from gonghui.core.imports import CREATE, UNCHANGED, Column, ImportRow, LedgerImport, SheetError
from gonghui.core.masking import mask_id_number
from gonghui.core.models import AuditEvent
from gonghui.core.sheets import build_workbook, compact
from gonghui.members.models import Person

from .models import Application, ApplicationEvent, Campaign, Disbursement, GoodsLine
from .rules import Category, State
from .selectors import aid_figures, to_json
from .services.checks import household_keys_for, load_checks

ZERO = Decimal("0")
CATEGORY_LABELS = {compact(label): value for value, label in Category.choices}
CATEGORY_ALIASES = {
    "低保": Category.DIBAO,
    "低保边缘": Category.DIBAO_EDGE,
    "低保边缘户": Category.DIBAO_EDGE,
    "孤寡老人": Category.ELDERLY_ALONE,
    "空巢老人": Category.ELDERLY_ALONE,
    "贫难党员": Category.PARTY_MEMBER,
    "困难党员": Category.PARTY_MEMBER,
    "下岗职工": Category.LAID_OFF,
    "残疾人": Category.DISABLED,
    "残疾人员": Category.DISABLED,
    "劳模": Category.MODEL_WORKER,
    "单亲": Category.SINGLE_PARENT,
    "大病": Category.ILLNESS,
    "大病户": Category.ILLNESS,
    "困难职工": Category.HARDSHIP_WORKER,
}
HEADERS = [
    "姓名",
    "公民身份号码",
    "所在工会/社区",
    "类别",
    "家庭人口",
    "慰问金(元)",
    "慰问物资",
    "物资折价(元)",
    "发放日期",
    "经办人",
    "备注",
]


def find_campaign(name: str, user=None) -> Campaign:
    name = (name or "").strip()
    if not name:
        raise SheetError("请用 --campaign 指定活动名称。")
    qs = Campaign.objects.visible_to(user) if user is not None else Campaign.objects.all()
    campaign = qs.filter(name=name).select_related("org").first()
    if campaign is None:
        raise SheetError(f"没有找到名为“{name}”的帮扶活动。")
    return campaign


@dataclass(slots=True)
class AidRow:
    name: str
    id_number: str | None
    sex: str | None
    birth_date: dt.date | None
    org_id: int | None
    category: str
    household_size: int
    cash: Decimal
    goods: str
    goods_value: Decimal
    date: dt.date | None
    handled_by: str
    note: str
    person_id: int | None = None
    key: str = ""
    file_id: int | None = None


class AidImport(LedgerImport):
    name = "aid"
    label = "帮扶台账"
    columns = [
        Column("name", "姓名", ("户主姓名", "慰问对象"), required=True, example="张三"),
        Column(
            "id_number",
            "公民身份号码",
            ("身份证号", "身份证号码", "身份证", "证件号码"),
            required=True,
            text=True,
            example="320102199003070017",
            note="18 位号码；请保持本列为“文本”格式",
        ),
        Column(
            "org",
            "所在工会/社区",
            ("所在工会", "所在社区", "单位", "村（社区）"),
            required=True,
            example="桥涯村工会",
        ),
        Column(
            "category",
            "类别",
            ("慰问对象类别", "对象类别"),
            required=True,
            choices=[label for _, label in Category.choices],
            example="低保户",
        ),
        Column("size", "家庭人口", ("人口", "家庭人数"), example=3),
        Column("cash", "慰问金(元)", ("慰问金（元）", "慰问金", "金额"), example="500"),
        Column("goods", "慰问物资", ("物资",), example="大米、食用油"),
        Column("goods_value", "物资折价(元)", ("物资折价（元）", "物资折价"), example="150"),
        Column(
            "date", "发放日期", ("慰问日期", "日期"), required=True, example=dt.date(2026, 1, 20)
        ),
        Column("handled_by", "经办人", example="李四"),
        Column("note", "备注"),
    ]

    def prepare(self, sheet) -> None:
        self.campaign = find_campaign(self.options.get("campaign"), self.user)
        self.orgs: dict[str, int] = {}
        for pk, name, short in self.orgs_in_scope().values_list("id", "name", "short_name"):
            self.orgs[compact(name)] = pk
            if short:
                self.orgs.setdefault(compact(short), pk)

    def clean_row(self, row: ImportRow) -> AidRow:
        name = compact(row.required_text("name"))
        parsed = row.id_number("id_number")
        org_text = compact(row.required_text("org"))
        org_id = self.orgs.get(org_text) if org_text else None
        if org_text and org_id is None:
            row.error("org", f"在您管辖的范围内没有找到“{org_text}”，请写工会或社区的全称或简称")
        category_text = compact(row.text("category"))
        category = CATEGORY_LABELS.get(category_text) or CATEGORY_ALIASES.get(category_text, "")
        if not category:
            row.error("category", f"类别“{category_text}”无法识别（可选值见导入模板的下拉列表）")
        size_text = row.text("size") or "1"
        try:
            size = int(Decimal(size_text))
            if size < 1:
                raise ValueError
        except (ValueError, ArithmeticError):
            row.error("size", "家庭人口应为正整数")
            size = 1
        cash = row.decimal("cash") or ZERO
        goods_value = row.decimal("goods_value") or ZERO
        if cash < 0 or goods_value < 0:
            row.error("cash", "金额不能为负数")
        goods = row.text("goods")
        if cash == 0 and goods_value == 0 and not goods:
            row.error("cash", "慰问金、慰问物资都为空：这一行没有发放任何东西")
        return AidRow(
            name=name,
            id_number=parsed.value if parsed else None,
            sex=parsed.sex if parsed else None,
            birth_date=parsed.birth_date if parsed else None,
            org_id=org_id,
            category=category,
            household_size=size,
            cash=cash,
            goods=goods[:200],
            goods_value=goods_value,
            date=row.date("date", required=True),
            handled_by=row.text("handled_by")[:50],
            note=row.text("note")[:200],
        )

    def check_rows(self, rows: list[ImportRow]) -> None:
        first: dict[str, int] = {}
        for row in rows:
            if row.data is None or not row.data.id_number:
                continue
            if row.data.id_number in first:
                row.error(
                    "id_number",
                    f"与第 {first[row.data.id_number]} 行是同一人，同一户在一个活动中只能慰问一次",
                )
            else:
                first[row.data.id_number] = row.number

    def plan(self, rows: list[ImportRow]) -> None:
        ids = [row.data.id_number for row in rows]
        persons = {
            id_number: (pk, name)
            for id_number, pk, name in Person.objects.filter(id_number__in=ids).values_list(
                "id_number", "pk", "name"
            )
        }
        keys = household_keys_for([p[0] for p in persons.values()])
        existing = {
            person_id: (category, cash, goods_value)
            for person_id, category, cash, goods_value in Application.objects.filter(
                campaign=self.campaign,
                person_id__in=[p[0] for p in persons.values()],
                status__in=[State.DISBURSED, State.CLOSED],
            ).values_list("person_id", "category", "cash", "goods_value")
        }
        for row in rows:
            data: AidRow = row.data
            known = persons.get(data.id_number)
            if known is None:
                data.key = f"N{data.id_number}"  # a new person: a household of their own
                continue
            if known[1] != data.name:
                row.error("name", f"该公民身份号码已登记为“{known[1]}”，与本行姓名不符")
                continue
            data.person_id = known[0]
            data.key, data.file_id = keys[known[0]]
        checks = load_checks(
            campaign=self.campaign,
            keys=[r.data.key for r in rows],
            person_ids=[r.data.person_id for r in rows if r.data.person_id],
            today=self.today,
        )
        for row in rows:
            data = row.data
            if row.errors:
                continue
            if existing.get(data.person_id) == (data.category, data.cash, data.goods_value):
                row.action = UNCHANGED  # the same row imported before
                continue
            amount = data.cash + data.goods_value
            problems = checks.problems(key=data.key, person_id=data.person_id, amount=amount)
            for problem in problems:
                row.error("id_number", problem)
            if not problems:
                checks.add(key=data.key, amount=amount)
                row.action = CREATE

    def write(self, rows: list[ImportRow]) -> None:
        new = [r.data for r in rows if r.data.person_id is None]
        created = self.bulk_create(
            Person,
            [
                Person(id_number=d.id_number, name=d.name, sex=d.sex, birth_date=d.birth_date)
                for d in new
            ],
        )
        if created and created[0].pk is None:  # backends without RETURNING
            pks = dict(
                Person.objects.filter(id_number__in=[d.id_number for d in new]).values_list(
                    "id_number", "pk"
                )
            )
        else:
            pks = {p.id_number: p.pk for p in created}
        for person in created:
            person.pk = pks[person.id_number]
            self.record(person, CREATE, after={"name": person.name}, org=None)
        for d in new:
            d.person_id = pks[d.id_number]
            d.key = f"P{d.person_id}"
        apps = self.bulk_create(
            Application,
            [
                Application(
                    campaign=self.campaign,
                    person_id=d.person_id,
                    org_id=d.org_id,
                    hardship_file_id=d.file_id,
                    household_key=d.key,
                    category=d.category,
                    household_size=d.household_size,
                    cash=d.cash,
                    goods=d.goods,
                    goods_value=d.goods_value,
                    note=d.note,
                    status=State.DISBURSED,
                )
                for d in (r.data for r in rows)
            ],
        )
        if apps and apps[0].pk is None:
            by_person = dict(
                Application.objects.filter(
                    campaign=self.campaign,
                    person_id__in=[r.data.person_id for r in rows],
                    status=State.DISBURSED,
                ).values_list("person_id", "pk")
            )
            for app in apps:
                app.pk = by_person[app.person_id]
        self.bulk_create(
            ApplicationEvent,
            [
                ApplicationEvent(
                    application=a,
                    action="import",
                    from_state="",
                    to_state=State.DISBURSED,
                    by=self.actor,
                    by_name=self.username,
                    note=f"台账导入 批次 {self.batch[:8]}",
                )
                for a in apps
            ],
        )
        disbursements = self.bulk_create(
            Disbursement,
            [
                Disbursement(
                    application=a,
                    org_id=a.org_id,
                    date=r.data.date,
                    method=Disbursement.Method.IN_PERSON,
                    cash=r.data.cash,
                    handled_by=r.data.handled_by,
                    receipt_signed=True,
                    note="台账导入",
                )
                for a, r in zip(apps, rows, strict=True)
            ],
        )
        if disbursements and disbursements[0].pk is None:
            by_app = dict(
                Disbursement.objects.filter(application__in=apps).values_list(
                    "application_id", "pk"
                )
            )
            for d in disbursements:
                d.pk = by_app[d.application.pk]
        self.bulk_create(
            GoodsLine,
            [
                GoodsLine(
                    disbursement=d,
                    item=r.data.goods or "慰问物资",
                    quantity=Decimal("1"),
                    unit="份",
                    value=r.data.goods_value,
                )
                for d, r in zip(disbursements, rows, strict=True)
                if r.data.goods or r.data.goods_value
            ],
        )
        for app, row in zip(apps, rows, strict=True):
            self.record(
                app,
                CREATE,
                after={
                    "campaign": self.campaign.name,
                    "category": app.category,
                    "cash": str(app.cash),
                    "goods_value": str(app.goods_value),
                    "date": row.data.date.isoformat(),
                },
                org=app.org_id,
            )

    def preview_cells(self, row: ImportRow) -> dict[str, str]:
        cells = super().preview_cells(row)
        if row.data is not None and row.data.id_number:
            cells["公民身份号码"] = mask_id_number(row.data.id_number)
        return cells


def aid_import(*, user, source, filename, org=None, commit=False, options=None, progress=None):
    return AidImport(user=user, org=org, options=options, today=timezone.localdate()).run(
        source=source, filename=filename, commit=commit, progress=progress
    )


def aid_export(*, user, org=None, options=None) -> bytes:
    """The campaign's ledger in the import's layout (plus 状态), ID numbers masked unless allowed."""
    from gonghui.orgs.access import can_unmask, placement_of

    options = options or {}
    campaign = _campaign_or_command_error(options.get("campaign"), user)
    apps = Application.objects.filter(campaign=campaign)
    scope = org
    if user is not None:
        placement = placement_of(user)
        if placement is None:
            raise PermissionDenied("您的账号尚未分配到组织，请联系管理员")
        if org is not None and not org.is_within(placement.org):
            raise PermissionDenied("只能导出您所在组织及其下级组织的台账")
        scope = org or placement.org
    if scope is not None:
        apps = apps.within(scope)
    unmasked = user is None or can_unmask(user)
    labels = dict(State.choices)
    rows = []
    for app in (
        apps.select_related("person", "org")
        .prefetch_related("disbursements")
        .order_by("org__path", "id")
    ):
        dates = [d.date for d in app.disbursements.all()]
        rows.append(
            [
                app.person.name,
                app.person.id_number if unmasked else mask_id_number(app.person.id_number),
                app.org.name,
                app.get_category_display(),
                app.household_size,
                app.cash,
                app.goods,
                app.goods_value,
                min(dates) if dates else None,
                next((d.handled_by for d in app.disbursements.all() if d.handled_by), ""),
                app.note,
                labels[app.status],
            ]
        )
    data = build_workbook(
        headers=[*HEADERS, "状态"],
        rows=rows,
        text_columns=[1],
        title=f"{campaign.name}慰问台账",
        sheet_name="帮扶台账",
        widths={0: 12, 1: 22, 2: 24, 6: 24},
    )
    if unmasked and rows:
        record_event(
            AuditEvent.Kind.EXPORT,
            user=user,
            username="" if user is not None else "命令行",
            org=scope,
            summary=f"导出帮扶台账（含完整身份证号码）{campaign.name} {len(rows)} 户",
            detail={"ledger": "aid", "campaign": campaign.name, "rows": len(rows)},
        )
    return data


def _campaign_or_command_error(name, user):
    from django.core.management.base import CommandError

    try:
        return find_campaign(name, user)
    except SheetError as exc:
        raise CommandError(str(exc)) from None


def aid_figures_ledger(*, user, org, period=None, options=None) -> dict:
    options = options or {}
    campaign = None
    if options.get("campaign"):
        campaign = _campaign_or_command_error(options["campaign"], user)
    figures = aid_figures(org=org, period=period, campaign=campaign)
    figures["org"] = org.name
    figures["campaign"] = campaign.name if campaign else None
    return to_json(figures)
