"""The organisation tree (federation → town → grassroots unions), teams and employers."""

import datetime as dt

from django.conf import settings
from django.db import models
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from gonghui.core import creditcode
from gonghui.core.dates import add_months


class OrganizationQuerySet(MP_NodeQuerySet):
    def within(self, org: "Organization"):
        """The subtree rooted at org, org included (materialized path prefix)."""
        return self.filter(path__startswith=org.path)

    def visible_to(self, user):
        from .access import placement_of

        placement = placement_of(user)
        if placement is None:
            return self.none()
        return self.within(placement.org)

    def unions(self):
        return self.filter(kind=Organization.Kind.GRASSROOTS)


class OrganizationManager(MP_NodeManager.from_queryset(OrganizationQuerySet)):
    def get_queryset(self):
        # MP_NodeManager hard-codes its own queryset class; keep ours and its path order.
        return OrganizationQuerySet(self.model, using=self._db).order_by("path")


class Organization(MP_Node):
    class Kind(models.TextChoices):
        FEDERATION = "federation", "总工会"
        TOWN = "town", "镇（街道）工会"
        GRASSROOTS = "grassroots", "基层工会"

    class UnitType(models.TextChoices):
        VILLAGE = "village", "村级工会"
        ENTERPRISE = "enterprise", "企业工会"
        OFFICE = "office", "机关工会"
        INSTITUTION = "institution", "事业单位工会"
        JOINT = "joint", "联合工会"

    name = models.CharField("全称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=50, blank=True, db_index=True)
    kind = models.CharField("层级", max_length=12, choices=Kind.choices, db_index=True)
    unit_type = models.CharField(
        "基层工会类型", max_length=12, choices=UnitType.choices, blank=True
    )
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    established = models.DateField("成立日期", null=True, blank=True)
    chair = models.CharField("工会主席", max_length=50, blank=True)
    committee = models.TextField("委员", blank=True, help_text="委员姓名，用顿号或逗号分隔")
    term_start = models.DateField("本届任期开始", null=True, blank=True)
    term_end = models.DateField("本届任期届满", null=True, blank=True)
    employees = models.PositiveIntegerField("职工人数", default=0)
    phone = models.CharField("联系电话", max_length=30, blank=True)

    objects = OrganizationManager()

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True)
                | models.Q(term_start__isnull=True)
                | models.Q(term_end__gt=models.F("term_start")),
                name="org_term_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_short(self) -> str:
        return self.short_name or self.name

    def term_status(self, today: dt.date | None = None) -> str:
        """换届 flags: overdue, due within 3 months, due within 6 months, or ok (RULES.md §6)."""
        if not self.term_end:
            return "unknown"
        today = today or dt.date.today()
        if self.term_end < today:
            return "overdue"
        if self.term_end <= add_months(today, 3):
            return "due3"
        if self.term_end <= add_months(today, 6):
            return "due6"
        return "ok"

    TERM_STATUS_LABELS = {
        "overdue": "已超期未换届",
        "due3": "3个月内届满",
        "due6": "6个月内届满",
        "ok": "任期内",
        "unknown": "未填任期",
    }

    def term_status_label(self, today: dt.date | None = None) -> str:
        return self.TERM_STATUS_LABELS[self.term_status(today)]

    def is_within(self, other: "Organization") -> bool:
        return self.path.startswith(other.path)


class Team(models.Model):
    """班组: a work team inside a unit."""

    org = models.ForeignKey(
        Organization, verbose_name="所属工会", on_delete=models.PROTECT, related_name="teams"
    )
    name = models.CharField("班组名称", max_length=100)
    leader = models.CharField("班组长", max_length=50, blank=True)
    members_count = models.PositiveIntegerField("人数", default=0)

    class Meta:
        verbose_name = "班组"
        verbose_name_plural = "班组"
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="team_unique_name")]

    def __str__(self) -> str:
        return f"{self.org.display_short}·{self.name}"


class EmployerQuerySet(models.QuerySet):
    def within(self, org: Organization):
        return self.filter(org__path__startswith=org.path)

    def visible_to(self, user):
        from .access import placement_of

        placement = placement_of(user)
        if placement is None:
            return self.none()
        return self.within(placement.org)

    def should_unionise(self, threshold: int = 25):
        """25 or more staff and no union (工会法: 二十五人以上应当建立基层工会委员会)."""
        return self.filter(employees__gte=threshold, union__isnull=True)


class Employer(models.Model):
    """用人单位: an employer, with or without a union."""

    name = models.CharField("单位名称", max_length=150)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True, db_index=True)
    credit_code_confirmed = models.BooleanField(
        "信用代码已人工确认", default=False, help_text="校验不通过但经核对无误时勾选"
    )
    industry = models.CharField("行业", max_length=50, blank=True, db_index=True)
    employees = models.PositiveIntegerField("职工人数", default=0)
    org = models.ForeignKey(
        Organization,
        verbose_name="所在区域工会",
        on_delete=models.PROTECT,
        related_name="employers",
        help_text="单位所在的镇（街道）或上级工会，决定谁能看到它",
    )
    union = models.ForeignKey(
        Organization,
        verbose_name="本单位工会",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="union_employers",
    )
    address = models.CharField("地址", max_length=200, blank=True)

    objects = EmployerQuerySet.as_manager()

    class Meta:
        verbose_name = "用人单位"
        verbose_name_plural = "用人单位"
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code=""),
                name="employer_unique_credit_code",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_union(self) -> bool:
        return self.union_id is not None

    def credit_code_problems(self) -> list[str]:
        if not self.credit_code:
            return []
        return creditcode.problems(self.credit_code)


class Placement(models.Model):
    """A user's one place in the tree, and their role there."""

    class Role(models.TextChoices):
        STAFF = "staff", "工会工作人员"
        CHAIR = "chair", "基层工会主席"
        APPROVER = "approver", "审批人"
        VIEWER = "viewer", "查看人"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="placement",
    )
    org = models.ForeignKey(
        Organization, verbose_name="所在组织", on_delete=models.PROTECT, related_name="placements"
    )
    role = models.CharField("角色", max_length=10, choices=Role.choices)
    display_name = models.CharField("姓名", max_length=50, blank=True)

    class Meta:
        verbose_name = "用户岗位"
        verbose_name_plural = "用户岗位"

    def __str__(self) -> str:
        return f"{self.user} @ {self.org}（{self.get_role_display()}）"

    @property
    def can_write(self) -> bool:
        return self.role in (self.Role.STAFF, self.Role.CHAIR)

    @property
    def can_unmask(self) -> bool:
        return self.role in settings.UNMASK_ROLES
