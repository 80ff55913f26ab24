"""班组: monthly plans and activity records, where 安康杯 is won or lost."""

from django.db import models
from django.db.models import Q

from .base import Competition, _placement_path


class TeamQuerySet(models.QuerySet):
    def visible_to(self, user):
        path = _placement_path(user)
        if path is None:
            return self.none()
        return self.filter(
            Q(team__org__path__startswith=path) | Q(competition__organiser__path__startswith=path)
        )


class TeamPlan(models.Model):
    """A team's competition plan for one month (按月制定竞赛活动实施计划)."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="team_plans"
    )
    team = models.ForeignKey(
        "orgs.Team", on_delete=models.CASCADE, related_name="competition_plans"
    )
    month = models.DateField("月份", help_text="该月第一天")
    content = models.TextField("计划内容")
    recorded_on = models.DateField("录入日期")

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = "班组月度计划"
        verbose_name_plural = "班组月度计划"
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "team", "month"], name="team_plan_once_a_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.month:%Y年%m月}计划"


class TeamActivity(models.Model):
    """An activity record; entered long after the activity date it is flagged as 事后补记."""

    class Kind(models.TextChoices):
        SAFETY_EDUCATION = "education", "安全教育"
        ANTI_VIOLATION = "anti_violation", "反违章"
        TEN_ONES = "ten_ones", "十个一活动"
        TICKET_ANALYSIS = "tickets", "工作票月度分析"
        SAFETY_CHECK = "check", "安全检查"
        OTHER = "other", "其他"

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="team_activities"
    )
    team = models.ForeignKey(
        "orgs.Team", on_delete=models.CASCADE, related_name="competition_activities"
    )
    kind = models.CharField("活动类型", max_length=16, choices=Kind.choices)
    activity_date = models.DateField("活动日期")
    recorded_on = models.DateField("录入日期", help_text="系统记录的录入日期，不可修改")
    participants_count = models.PositiveIntegerField("参加人数", default=0)
    content = models.TextField("内容", blank=True)
    discussion = models.TextField("讨论情况", blank=True, help_text="安全教育应有讨论记录")

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = "班组活动记录"
        verbose_name_plural = "班组活动记录"
        ordering = ["-activity_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recorded_on__gte=models.F("activity_date")),
                name="team_activity_not_recorded_before",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.activity_date} {self.get_kind_display()}"
