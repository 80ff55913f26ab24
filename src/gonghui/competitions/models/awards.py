"""Awards and the exclusion checks the organiser confirms before granting (RULES.md §8)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .base import Competition, _placement_path


class AwardQuerySet(models.QuerySet):
    def within(self, org):
        return self.filter(org__path__startswith=org.path)

    def visible_to(self, user):
        path = _placement_path(user)
        if path is None:
            return self.none()
        return self.filter(
            Q(org__path__startswith=path) | Q(competition__organiser__path__startswith=path)
        )

    def awarded(self):
        return self.filter(status="awarded")


class Award(models.Model):
    class Title(models.TextChoices):
        PIONEER = "pioneer", "工人先锋号"
        OPERATOR = "operator", "职工技术操作能手"
        INNOVATION = "innovation", "职工技术创新成果"
        GOLDEN_IDEA = "golden_idea", "十佳金点子"
        WINNING_UNIT = "winning_unit", "优胜单位"
        WINNING_TEAM = "winning_team", "优胜班组"
        ORGANISER = "organiser", "优秀组织者"

    class Level(models.TextChoices):
        NATIONAL = "national", "全国"
        PROVINCE = "province", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县（区）级"
        TOWN = "town", "镇（街道）级"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "推荐中"
        AWARDED = "awarded", "已授予"
        BLOCKED = "blocked", "不予授予"
        REVOKED = "revoked", "已撤销"

    title = models.CharField("称号", max_length=16, choices=Title.choices, db_index=True)
    competition = models.ForeignKey(
        Competition, null=True, blank=True, on_delete=models.SET_NULL, related_name="awards"
    )
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name="所在工会",
        on_delete=models.PROTECT,
        related_name="competition_awards",
        help_text="获奖对象所在的工会（单位获奖时即该单位）",
    )
    employer = models.ForeignKey(
        "orgs.Employer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        "orgs.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    achievement = models.CharField(
        "成果/事迹", max_length=200, blank=True, help_text="创新成果、金点子名称或主要事迹"
    )
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision_note = models.CharField("说明", max_length=300, blank=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = "表彰"
        verbose_name_plural = "表彰"
        ordering = ["-year", "title", "id"]
        constraints = [
            # a team or a person, never both; neither means the unit (org / employer) itself
            models.CheckConstraint(
                condition=Q(team__isnull=True) | Q(person__isnull=True),
                name="award_one_recipient",
            ),
            models.CheckConstraint(
                condition=~Q(status="blocked") | ~Q(decision_note=""),
                name="award_blocked_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_title_display()} {self.recipient_name}"

    @property
    def recipient_kind(self) -> str:
        if self.person_id:
            return "个人"
        if self.team_id:
            return "班组"
        return "单位"

    @property
    def recipient_name(self) -> str:
        if self.person_id:
            return self.person.name
        if self.team_id:
            return str(self.team)
        if self.employer_id:
            return self.employer.name
        return self.org.name


class AwardCheck(models.Model):
    """One exclusion the organiser has confirmed (RULES.md §8: 工人先锋号 blocking conditions)."""

    class Kind(models.TextChoices):
        WAGE_ARREARS = "wage_arrears", "拖欠职工工资"
        INSURANCE_ARREARS = "insurance_arrears", "欠缴社会保险费"
        NO_UNION = "no_union", "未建立工会组织"
        NO_CONGRESS = "no_congress", "未建立职代会制度"
        NO_AGREEMENT = "no_agreement", "未建立集体合同制度"
        SAFETY_ACCIDENT = "safety_accident", "三年内发生安全生产事故"
        MASS_INCIDENT = "mass_incident", "三年内发生群体性事件"
        BELOW_THRESHOLD = "below_threshold", "考核得分未达申报分数线"

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField("排除条件", max_length=20, choices=Kind.choices)
    found = models.BooleanField("存在该情形", help_text="勾选表示存在该情形，不能授予")
    note = models.CharField("核查说明", max_length=300, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_on = models.DateField("核查日期")

    class Meta:
        verbose_name = "表彰排除核查"
        verbose_name_plural = "表彰排除核查"
        constraints = [
            models.UniqueConstraint(fields=["award", "kind"], name="award_check_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{'存在' if self.found else '不存在'}"
