"""帮扶与送温暖: hardship files, campaigns, applications through the three gates, public notices,
objections, disbursements and visits (RULES.md §4, §9)."""

import datetime as dt
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import ProtectedError

from gonghui.core.dates import add_months
from gonghui.core.masking import mask_account

from .rules import ACTIVE_STATES, Category, State, Tier

ZERO = Decimal("0")
MONEY = dict(max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)])


class ScopedQuerySet(models.QuerySet):
    """.within(org) and .visible_to(user) by the `org` field's materialized path."""

    org_field = "org"

    def within(self, org):
        return self.filter(**{f"{self.org_field}__path__startswith": org.path})

    def visible_to(self, user):
        from gonghui.orgs.access import placement_of

        placement = placement_of(user)
        if placement is None:
            return self.none()
        return self.within(placement.org)


class AidSetting(models.Model):
    """Local settings of one organisation; the nearest ancestor's setting applies below it."""

    org = models.OneToOneField(
        "orgs.Organization",
        verbose_name="组织",
        on_delete=models.CASCADE,
        related_name="aid_setting",
    )
    dibao_monthly = models.DecimalField(
        "当地低保标准（元/人·月）",
        help_text="城乡最低生活保障标准，用于计算困难职工档案的困难类别",
        **MONEY,
    )
    notice_days = models.PositiveSmallIntegerField(
        "公示天数", default=7, help_text="公示期（自然日），默认 7 天（参照低保审核确认公示期）"
    )
    objection_phone = models.CharField("异议受理电话", max_length=30, blank=True)

    class Meta:
        verbose_name = "帮扶设置"
        verbose_name_plural = "帮扶设置"

    def __str__(self) -> str:
        return f"{self.org} 帮扶设置"


class HardshipFileQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        # Confidential (困难职工档案管理办法): union staff of the subtree only.
        from gonghui.orgs.access import placement_of

        placement = placement_of(user)
        if placement is None or placement.role != "staff":
            return self.none()
        return self.within(placement.org)

    def open(self):
        return self.filter(status=HardshipFile.Status.OPEN)

    def review_due(self, day: dt.date):
        return self.open().filter(review_due__lte=day)


class HardshipFile(models.Model):
    """困难职工档案: one per household (一户一档); never deleted, kept 10 years after 撤档."""

    class Status(models.TextChoices):
        OPEN = "open", "在档"
        CLOSED = "closed", "已撤档"

    class Cause(models.TextChoices):
        ILLNESS = "illness", "因病"
        DISABILITY = "disability", "因残"
        SCHOOLING = "schooling", "因学"
        UNEMPLOYMENT = "unemployment", "失业下岗"
        ACCIDENT = "accident", "意外事故"
        DISASTER = "disaster", "因灾"
        LOW_INCOME = "low_income", "收入低"
        OTHER = "other", "其他"

    class ExitReason(models.TextChoices):
        NOT_ELIGIBLE = "not_eligible", "不再符合条件（脱困）"
        RETIRED = "retired", "退休"
        MOVED = "moved", "调离迁出"
        DECEASED = "deceased", "去世"

    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name="建档工会",
        on_delete=models.PROTECT,
        related_name="hardship_files",
    )
    head = models.ForeignKey(
        "members.Person",
        verbose_name="户主（困难职工）",
        on_delete=models.PROTECT,
        related_name="hardship_files",
    )
    cause = models.CharField("致困原因", max_length=16, choices=Cause.choices)
    cause_detail = models.TextField("致困情况说明", blank=True)
    annual_income = models.DecimalField("家庭年收入（元）", **MONEY)
    rigid_spending = models.DecimalField(
        "刚性支出（元/年）", help_text="医疗、教育、残疾康复等刚性支出", default=ZERO, **MONEY
    )
    household_size = models.PositiveSmallIntegerField("家庭人口", validators=[MinValueValidator(1)])
    sudden_event = models.BooleanField(
        "突发事件", default=False, help_text="遭遇突发事件、意外事故或重大疾病"
    )
    sudden_costs = models.DecimalField("当年突发支出（元）", default=ZERO, **MONEY)
    dibao_monthly = models.DecimalField(
        "建档时低保标准（元/人·月）", help_text="按所在地设置取值，保存以便复核", **MONEY
    )
    tier = models.CharField("困难类别", max_length=10, choices=Tier.choices, blank=True)
    address = models.CharField("家庭住址", max_length=200, blank=True)
    bank_account = models.CharField("银行账号", max_length=40, blank=True)
    opened = models.DateField("建档日期")
    review_due = models.DateField("下次复核日期", db_index=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.OPEN)
    closed = models.DateField("撤档日期", null=True, blank=True)
    exit_reason = models.CharField(
        "撤档原因", max_length=16, choices=ExitReason.choices, blank=True
    )
    exit_note = models.CharField("撤档说明", max_length=200, blank=True)

    objects = HardshipFileQuerySet.as_manager()

    class Meta:
        verbose_name = "困难职工档案"
        verbose_name_plural = "困难职工档案"
        ordering = ["-opened", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["head"], condition=models.Q(status="open"), name="hardship_one_open_file"
            ),
            models.CheckConstraint(
                condition=models.Q(status="open", closed__isnull=True, exit_reason="")
                | (models.Q(status="closed", closed__isnull=False) & ~models.Q(exit_reason="")),
                name="hardship_closed_iff_exit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.head.name}户困难档案"

    @property
    def bank_account_masked(self) -> str:
        return mask_account(self.bank_account)

    def delete(self, *args, **kwargs):
        raise ProtectedError("困难职工档案不能删除，只能撤档（撤档后保存 10 年）", {self})

    @property
    def keep_until(self) -> dt.date | None:
        return add_months(self.closed, 120) if self.closed else None

    @property
    def monthly_per_capita(self) -> Decimal:
        from .rules import monthly_per_capita

        return monthly_per_capita(
            annual_income=self.annual_income,
            rigid_spending=self.rigid_spending,
            household_size=self.household_size,
        )


class HouseholdMember(models.Model):
    class Relation(models.TextChoices):
        SPOUSE = "spouse", "配偶"
        CHILD = "child", "子女"
        PARENT = "parent", "父母"
        OTHER = "other", "其他"

    file = models.ForeignKey(
        HardshipFile, verbose_name="档案", on_delete=models.PROTECT, related_name="members"
    )
    name = models.CharField("姓名", max_length=50)
    relation = models.CharField("与户主关系", max_length=8, choices=Relation.choices)
    person = models.ForeignKey(
        "members.Person",
        verbose_name="职工",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="household_memberships",
    )
    birth_date = models.DateField("出生日期", null=True, blank=True)
    situation = models.CharField("就业/就学/健康状况", max_length=100, blank=True)

    class Meta:
        verbose_name = "家庭成员"
        verbose_name_plural = "家庭成员"

    def __str__(self) -> str:
        return f"{self.name}（{self.get_relation_display()}）"


class HardshipReview(models.Model):
    file = models.ForeignKey(
        HardshipFile, verbose_name="档案", on_delete=models.PROTECT, related_name="reviews"
    )
    date = models.DateField("复核日期")
    reviewer = models.CharField("复核人", max_length=100)
    tier = models.CharField("复核后类别", max_length=10, choices=Tier.choices, blank=True)
    note = models.TextField("复核意见", blank=True)

    class Meta:
        verbose_name = "档案复核"
        verbose_name_plural = "档案复核"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.file} {self.date}"


class CampaignQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Campaigns of the subtree, and those organised above the user (they apply to it)."""
        from gonghui.orgs.access import placement_of

        placement = placement_of(user)
        if placement is None:
            return self.none()
        path = placement.org.path
        ancestors = [path[:i] for i in range(4, len(path), 4)]
        return self.filter(models.Q(org__path__startswith=path) | models.Q(org__path__in=ancestors))


class Campaign(models.Model):
    """A campaign: 送温暖/两节慰问, 金秋助学, 大病帮扶, 临时救助, or one a federation defines."""

    class Kind(models.TextChoices):
        WARMTH = "warmth", "送温暖（两节慰问）"
        STUDY_AID = "study_aid", "金秋助学"
        ILLNESS_AID = "illness_aid", "大病帮扶"
        TEMPORARY = "temporary", "临时救助"
        CUSTOM = "custom", "自定义"

    class Recipients(models.TextChoices):
        MEMBERS = "members", "仅限会员"
        RESIDENTS = "residents", "会员和辖区居民"

    class Approval(models.TextChoices):
        ORGANISER = "organiser", "主办工会审批"
        UPPER = "upper", "上级总工会审批"

    name = models.CharField("活动名称", max_length=100, unique=True)
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name="主办工会",
        on_delete=models.PROTECT,
        related_name="aid_campaigns",
    )
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    deadline = models.DateField("申请截止日期", null=True, blank=True)
    budget = models.DecimalField("预算（元）", default=ZERO, **MONEY)
    recipients = models.CharField(
        "对象范围", max_length=10, choices=Recipients.choices, default=Recipients.RESIDENTS
    )
    excludes = models.ManyToManyField(
        "self",
        verbose_name="互斥活动",
        blank=True,
        symmetrical=True,
        help_text="同一户不能同时享受的活动（如同一子女不能领两份助学金）",
    )
    yearly_cap = models.DecimalField(
        "每户年度上限（元）",
        null=True,
        blank=True,
        help_text="同一户当年各活动救助（现金与物资折价）合计不得超过此数，空为不限",
        **MONEY,
    )
    approval = models.CharField(
        "审批层级", max_length=10, choices=Approval.choices, default=Approval.ORGANISER
    )
    bar_months = models.PositiveSmallIntegerField(
        "取消资格后禁止申报（月）", default=12, help_text="如有不实，取消申报资格的期限"
    )
    notice_days = models.PositiveSmallIntegerField(
        "公示天数", null=True, blank=True, help_text="空则按主办工会的帮扶设置（默认 7 天）"
    )
    created = models.DateTimeField("创建时间", auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "帮扶活动"
        verbose_name_plural = "帮扶活动"
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="campaign_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("assistance:campaign", kwargs={"pk": self.pk})


class CampaignStandard(models.Model):
    """The standard for one category in a campaign: cash per household and goods."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="活动", on_delete=models.CASCADE, related_name="standards"
    )
    category = models.CharField("慰问对象类别", max_length=16, choices=Category.choices)
    cash = models.DecimalField("慰问金（元/户）", default=ZERO, **MONEY)
    goods = models.CharField("慰问物资", max_length=200, blank=True)
    goods_value = models.DecimalField("物资折价（元/户）", default=ZERO, **MONEY)

    class Meta:
        verbose_name = "慰问标准"
        verbose_name_plural = "慰问标准"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "category"], name="campaign_standard_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} {self.get_category_display()}"


class PublicNotice(models.Model):
    """公示: one posted list, on paper and at an unguessable public address, for a window."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="活动", on_delete=models.PROTECT, related_name="notices"
    )
    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name="公示单位",
        on_delete=models.PROTECT,
        related_name="aid_notices",
    )
    token = models.CharField("公开地址标识", max_length=40, unique=True, editable=False)
    title = models.CharField("标题", max_length=150)
    starts = models.DateField("公示开始")
    ends = models.DateField("公示结束（含当日）")
    phone = models.CharField("异议受理电话", max_length=30, blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, on_delete=models.SET_NULL
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "公示"
        verbose_name_plural = "公示"
        ordering = ["-starts", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gte=models.F("starts")), name="notice_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_urlsafe(24)
        super().save(*args, **kwargs)

    def is_showing(self, day: dt.date) -> bool:
        return self.starts <= day <= self.ends

    def has_ended(self, day: dt.date) -> bool:
        return day > self.ends


class ApplicationQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATES)


class Application(models.Model):
    """One household's application in one campaign, through the three gates."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="活动", on_delete=models.PROTECT, related_name="applications"
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name="申请人",
        on_delete=models.PROTECT,
        related_name="aid_applications",
    )
    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name="所在工会/社区",
        on_delete=models.PROTECT,
        related_name="aid_applications",
    )
    hardship_file = models.ForeignKey(
        HardshipFile,
        verbose_name="困难档案",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    household_key = models.CharField(
        "户标识", max_length=24, editable=False, help_text="同一户的标识：档案或申请人"
    )
    category = models.CharField("慰问对象类别", max_length=16, choices=Category.choices)
    household_size = models.PositiveSmallIntegerField(
        "家庭人口", default=1, validators=[MinValueValidator(1)]
    )
    cash = models.DecimalField("慰问金（元）", default=ZERO, **MONEY)
    goods = models.CharField("慰问物资", max_length=200, blank=True)
    goods_value = models.DecimalField("物资折价（元）", default=ZERO, **MONEY)
    reason = models.TextField("申请理由", blank=True, help_text="病情、收入等，仅内部可见")
    status = models.CharField(
        "状态", max_length=12, choices=State.choices, default=State.DRAFT, db_index=True
    )
    visit_date = models.DateField("入户走访日期", null=True, blank=True)
    visitors = models.CharField("走访人", max_length=100, blank=True)
    findings = models.TextField("走访核实情况", blank=True)
    notice = models.ForeignKey(
        PublicNotice,
        verbose_name="公示",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    note = models.CharField("备注", max_length=200, blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "帮扶申请"
        verbose_name_plural = "帮扶申请"
        ordering = ["org__path", "id"]
        constraints = [
            # 同一户在同一活动中只能有一份有效申请.
            models.UniqueConstraint(
                fields=["campaign", "household_key"],
                condition=models.Q(status__in=list(ACTIVE_STATES)),
                name="application_one_per_household",
            ),
        ]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.campaign}）"

    @property
    def amount(self) -> Decimal:
        return self.cash + self.goods_value


class ApplicationEvent(models.Model):
    """Who moved an application from one state to the next, when, and why."""

    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=20)
    from_state = models.CharField("原状态", max_length=12, choices=State.choices, blank=True)
    to_state = models.CharField("新状态", max_length=12, choices=State.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL
    )
    by_name = models.CharField("操作人", max_length=150, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)
    note = models.CharField("理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "申请流转记录"
        verbose_name_plural = "申请流转记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.from_state}→{self.to_state}"


class HouseholdBar(models.Model):
    """取消申报资格: a household barred from applying until a date, after false information."""

    household_key = models.CharField("户标识", max_length=24, db_index=True)
    person = models.ForeignKey(
        "members.Person", verbose_name="申请人", on_delete=models.PROTECT, related_name="aid_bars"
    )
    application = models.OneToOneField(
        Application, verbose_name="原申请", on_delete=models.PROTECT, related_name="bar"
    )
    until = models.DateField("禁止申报至（不含）")
    reason = models.CharField("原因", max_length=300)

    class Meta:
        verbose_name = "取消申报资格"
        verbose_name_plural = "取消申报资格"

    def __str__(self) -> str:
        return f"{self.person.name} 至 {self.until}"


class ObjectionQuerySet(ScopedQuerySet):
    org_field = "notice__org"


class Objection(models.Model):
    """异议: raised by anyone on the public page; resolved by staff before the case moves on."""

    class Status(models.TextChoices):
        OPEN = "open", "待处理"
        UPHELD = "upheld", "异议成立"
        DISMISSED = "dismissed", "异议不成立"

    notice = models.ForeignKey(
        PublicNotice, verbose_name="公示", on_delete=models.PROTECT, related_name="objections"
    )
    application = models.ForeignKey(
        Application,
        verbose_name="针对的申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objections",
    )
    text = models.TextField("异议内容")
    contact = models.CharField("联系方式", max_length=100, blank=True)
    created = models.DateTimeField("提出时间", auto_now_add=True)
    status = models.CharField(
        "处理结果", max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    resolution = models.CharField("处理理由", max_length=300, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)

    objects = ObjectionQuerySet.as_manager()

    class Meta:
        verbose_name = "异议"
        verbose_name_plural = "异议"
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"异议 {self.pk}（{self.get_status_display()}）"


class SupportSchedule(models.Model):
    """常年帮扶: e.g. a year of rice, oil, water and electricity, producing monthly disbursements."""

    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.PROTECT, related_name="schedules"
    )
    description = models.CharField("帮扶内容", max_length=200)
    first = models.DateField("首次发放日期")
    months = models.PositiveSmallIntegerField("期数（月）", validators=[MinValueValidator(1)])
    cash = models.DecimalField("每期现金（元）", default=ZERO, **MONEY)
    goods = models.JSONField(
        "每期物资", default=list, blank=True, help_text="[{item, quantity, unit, value}]"
    )
    method = models.CharField("发放方式", max_length=10, default="in_person")

    class Meta:
        verbose_name = "常年帮扶计划"
        verbose_name_plural = "常年帮扶计划"

    def __str__(self) -> str:
        return f"{self.application.person.name} {self.description}"


class Disbursement(models.Model):
    class Method(models.TextChoices):
        BANK = "bank", "银行转账"
        IN_PERSON = "in_person", "当面发放"

    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.PROTECT, related_name="disbursements"
    )
    org = models.ForeignKey(
        "orgs.Organization", verbose_name="所在工会/社区", on_delete=models.PROTECT
    )
    date = models.DateField("发放日期", db_index=True)
    method = models.CharField("发放方式", max_length=10, choices=Method.choices)
    cash = models.DecimalField("现金（元）", default=ZERO, **MONEY)
    handled_by = models.CharField("经办人", max_length=50, blank=True)
    receipt_signed = models.BooleanField("已签收", default=False)
    receipt_scan = models.FileField("签收单扫描件", upload_to="aid/receipts/%Y/", blank=True)
    schedule = models.ForeignKey(
        SupportSchedule,
        verbose_name="常年帮扶计划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disbursements",
    )
    schedule_index = models.PositiveSmallIntegerField("期次", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "发放记录"
        verbose_name_plural = "发放记录"
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "schedule_index"],
                condition=models.Q(schedule__isnull=False),
                name="disbursement_one_per_schedule_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application.person.name} {self.date}"


class GoodsLine(models.Model):
    disbursement = models.ForeignKey(
        Disbursement, verbose_name="发放", on_delete=models.CASCADE, related_name="goods_lines"
    )
    item = models.CharField("物品", max_length=50)
    quantity = models.DecimalField(
        "数量", max_digits=10, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    unit = models.CharField("单位", max_length=10)
    value = models.DecimalField("折价（元）", default=ZERO, **MONEY)

    class Meta:
        verbose_name = "物资明细"
        verbose_name_plural = "物资明细"

    def __str__(self) -> str:
        return f"{self.item} {self.quantity}{self.unit}"


class Visit(models.Model):
    """慰问走访: leaders visiting households, old people's homes, army units."""

    class Kind(models.TextChoices):
        HOUSEHOLD = "household", "困难户"
        ELDERLY_HOME = "elderly_home", "养老院（敬老院）"
        ARMY_UNIT = "army_unit", "驻地部队"
        OTHER = "other", "其他单位"

    campaign = models.ForeignKey(
        Campaign,
        verbose_name="活动",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )
    org = models.ForeignKey("orgs.Organization", verbose_name="组织单位", on_delete=models.PROTECT)
    date = models.DateField("日期", db_index=True)
    kind = models.CharField("走访对象", max_length=14, choices=Kind.choices)
    place = models.CharField("单位/户名称", max_length=100)
    leaders = models.CharField("走访领导", max_length=200, blank=True)
    people_reached = models.PositiveIntegerField("慰问人数", default=0)
    cash = models.DecimalField("慰问金（元）", default=ZERO, **MONEY)
    goods = models.CharField("慰问物资", max_length=200, blank=True)
    goods_value = models.DecimalField("物资折价（元）", default=ZERO, **MONEY)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "慰问走访"
        verbose_name_plural = "慰问走访"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.place}"
