"""Competitions, their leading group and the units taking part."""

import datetime as dt
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q


def _placement_path(user) -> str | None:
    from gonghui.orgs.access import placement_of

    placement = placement_of(user)
    return placement.org.path if placement is not None else None


def ancestor_paths(path: str) -> list[str]:
    """The materialized paths of a node and every ancestor (treebeard steplen 4)."""
    return [path[:i] for i in range(4, len(path) + 1, 4)]


class CompetitionQuerySet(models.QuerySet):
    def within(self, org):
        """Competitions organised inside org's subtree."""
        return self.filter(organiser__path__startswith=org.path)

    def visible_to(self, user):
        """Organised in the user's subtree, or above it (so units below can take part)."""
        path = _placement_path(user)
        if path is None:
            return self.none()
        return self.filter(
            Q(organiser__path__startswith=path) | Q(organiser__path__in=ancestor_paths(path))
        )

    def managed_by(self, user):
        """Competitions the user may run: staff placed at or above the organiser."""
        from gonghui.orgs.access import placement_of
        from gonghui.orgs.models import Placement

        placement = placement_of(user)
        if placement is None or placement.role != Placement.Role.STAFF:
            return self.none()
        return self.within(placement.org)


class Competition(models.Model):
    """劳动竞赛 / 技能竞赛 / 安康杯 / 创新竞赛, run by one organiser."""

    class Kind(models.TextChoices):
        LABOUR = "labour", "主题劳动竞赛"
        SKILLS = "skills", "职工技能竞赛"
        SAFETY = "safety", "安康杯竞赛"
        INNOVATION = "innovation", "技术创新竞赛"

    name = models.CharField("竞赛名称", max_length=150, unique=True)
    kind = models.CharField("竞赛类型", max_length=12, choices=Kind.choices, db_index=True)
    organiser = models.ForeignKey(
        "orgs.Organization",
        verbose_name="主办工会",
        on_delete=models.PROTECT,
        related_name="competitions",
    )
    co_organisers = models.CharField(
        "联合主办单位", max_length=200, blank=True, help_text="如 区人社局、区卫计局，用顿号分隔"
    )
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    description = models.TextField("竞赛内容", blank=True)
    self_registration = models.BooleanField(
        "允许基层自行报名", default=True, help_text="勾选后，下属基层工会可以在系统中报名参赛"
    )
    award_threshold = models.DecimalField(
        "申报表彰最低分",
        max_digits=6,
        decimal_places=2,
        default=Decimal("95"),
        validators=[MinValueValidator(0)],
        help_text="抽查得分达到此分数方可申报表彰（如河南建筑行业安康杯为95分）",
    )
    late_record_days = models.PositiveSmallIntegerField(
        "补记录判定天数",
        default=7,
        help_text="班组活动记录的录入日期晚于活动日期超过此天数，标记为“事后补记”",
    )
    reminder_days = models.PositiveSmallIntegerField(
        "到期提醒提前天数", default=3, help_text="材料截止前多少天开始提醒未报送的单位"
    )
    double_link = models.BooleanField(
        "双挂钩",
        default=False,
        help_text="竞赛结果与工作考核挂钩、与经费奖励挂钩",
    )
    created = models.DateTimeField("创建时间", auto_now_add=True)

    objects = CompetitionQuerySet.as_manager()

    class Meta:
        verbose_name = "竞赛"
        verbose_name_plural = "竞赛"
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="competition_dates_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("competitions:detail", kwargs={"pk": self.pk})

    @property
    def cycle_label(self) -> str:
        if self.start_date.year == self.end_date.year:
            return f"{self.start_date.year}年度"
        return f"{self.start_date.year}—{self.end_date.year}年度"

    def cycle_problems(self) -> list[str]:
        """安康杯 runs in two-year cycles (RULES.md §8, e.g. 2022–2023)."""
        problems = []
        if self.end_date < self.start_date:
            problems.append("结束日期早于开始日期")
        if self.kind == self.Kind.SAFETY and self.end_date.year != self.start_date.year + 1:
            problems.append("安康杯竞赛以两年为一个周期（如 2025—2026 年度），请调整起止日期")
        return problems

    @staticmethod
    def safety_cycle(first_year: int) -> tuple[dt.date, dt.date]:
        return dt.date(first_year, 1, 1), dt.date(first_year + 1, 12, 31)


class LeadingGroupMember(models.Model):
    """领导小组: the leader, deputies and members."""

    class Role(models.TextChoices):
        LEADER = "leader", "组长"
        DEPUTY = "deputy", "副组长"
        MEMBER = "member", "成员"
        OFFICE = "office", "办公室"

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="leading_group"
    )
    name = models.CharField("姓名", max_length=50)
    position = models.CharField("职务", max_length=100, blank=True)
    role = models.CharField("小组职务", max_length=10, choices=Role.choices)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "领导小组成员"
        verbose_name_plural = "领导小组成员"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"


class ParticipantQuerySet(models.QuerySet):
    def within(self, org):
        return self.filter(org__path__startswith=org.path)

    def visible_to(self, user):
        """The user's own units, plus every unit of a competition organised in their subtree."""
        path = _placement_path(user)
        if path is None:
            return self.none()
        return self.filter(
            Q(org__path__startswith=path) | Q(competition__organiser__path__startswith=path)
        )


class Participant(models.Model):
    """A unit taking part: a grassroots union, or an employer (with the union that answers for it)."""

    class Joined(models.TextChoices):
        ASSIGNED = "assigned", "主办方确定"
        REGISTERED = "registered", "自行报名"

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="participants"
    )
    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name="参赛工会",
        on_delete=models.PROTECT,
        related_name="competition_entries",
        help_text="参赛单位的工会；企业参赛时为其工会或所在区域工会，决定谁能看到",
    )
    employer = models.ForeignKey(
        "orgs.Employer",
        verbose_name="参赛企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="competition_entries",
    )
    joined = models.CharField("参赛方式", max_length=12, choices=Joined.choices)
    joined_on = models.DateField("参赛日期")
    contact = models.CharField("联系人", max_length=50, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = "参赛单位"
        verbose_name_plural = "参赛单位"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "org"],
                condition=Q(employer__isnull=True),
                name="participant_unique_org",
            ),
            models.UniqueConstraint(
                fields=["competition", "employer"],
                condition=Q(employer__isnull=False),
                name="participant_unique_employer",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("competitions:participant", kwargs={"pk": self.pk})

    @property
    def name(self) -> str:
        return self.employer.name if self.employer_id else self.org.name
