"""技能竞赛: trades, rounds, contestants with their scores, and skill grades reached."""

from django.db import models
from django.db.models import Q

from .base import Competition, Participant, _placement_path


class Grade(models.IntegerChoices):
    """职业技能等级 (国家职业资格五级)."""

    JUNIOR = 1, "初级工"
    MIDDLE = 2, "中级工"
    SENIOR = 3, "高级工"
    TECHNICIAN = 4, "技师"
    SENIOR_TECHNICIAN = 5, "高级技师"


class Trade(models.Model):
    """A contest trade, e.g. 机电一体化设备组装与调试, 中式烹饪."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="trades")
    name = models.CharField("竞赛项目（工种）", max_length=100)

    class Meta:
        verbose_name = "竞赛工种"
        verbose_name_plural = "竞赛工种"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "name"], name="trade_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Round(models.Model):
    trade = models.ForeignKey(Trade, on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField("轮次", max_length=30, help_text="如 初赛、复赛、决赛")
    order = models.PositiveSmallIntegerField("顺序", default=1)
    held_on = models.DateField("比赛日期", null=True, blank=True)

    class Meta:
        verbose_name = "比赛轮次"
        verbose_name_plural = "比赛轮次"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["trade", "name"], name="round_unique_name")]

    def __str__(self) -> str:
        return f"{self.trade}·{self.name}"


class ContestantQuerySet(models.QuerySet):
    def visible_to(self, user):
        path = _placement_path(user)
        if path is None:
            return self.none()
        return self.filter(
            Q(participant__org__path__startswith=path)
            | Q(participant__competition__organiser__path__startswith=path)
        )


class Contestant(models.Model):
    """选手: a person, for a unit, in one trade."""

    trade = models.ForeignKey(Trade, on_delete=models.CASCADE, related_name="contestants")
    participant = models.ForeignKey(
        Participant,
        verbose_name="参赛单位",
        on_delete=models.CASCADE,
        related_name="contestants",
    )
    person = models.ForeignKey(
        "members.Person", verbose_name="选手", on_delete=models.PROTECT, related_name="contests"
    )
    grade_before = models.PositiveSmallIntegerField(
        "赛前等级", choices=Grade.choices, null=True, blank=True
    )
    grade_reached = models.PositiveSmallIntegerField(
        "达到的职业资格", choices=Grade.choices, null=True, blank=True
    )

    objects = ContestantQuerySet.as_manager()

    class Meta:
        verbose_name = "选手"
        verbose_name_plural = "选手"
        constraints = [
            models.UniqueConstraint(fields=["trade", "person"], name="contestant_once_per_trade"),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.trade}"


class RoundScore(models.Model):
    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="scores")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="scores")
    score = models.DecimalField("成绩", max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = "轮次成绩"
        verbose_name_plural = "轮次成绩"
        constraints = [
            models.UniqueConstraint(fields=["contestant", "round"], name="round_score_once"),
            models.CheckConstraint(condition=Q(score__gte=0), name="round_score_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.contestant} {self.round.name} {self.score:g}"


class GradeRiseQuerySet(models.QuerySet):
    def within(self, org):
        return self.filter(org__path__startswith=org.path)

    def visible_to(self, user):
        path = _placement_path(user)
        return self.none() if path is None else self.filter(org__path__startswith=path)


class GradeRise(models.Model):
    """A worker whose skill grade rose (through a contest or the union's training)."""

    class Via(models.TextChoices):
        CONTEST = "contest", "技能竞赛"
        TRAINING = "training", "工会培训"

    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey(
        "orgs.Organization", verbose_name="所在工会", on_delete=models.PROTECT, related_name="+"
    )
    competition = models.ForeignKey(
        Competition, null=True, blank=True, on_delete=models.SET_NULL, related_name="grade_rises"
    )
    grade_from = models.PositiveSmallIntegerField(
        "原等级", choices=Grade.choices, null=True, blank=True
    )
    grade_to = models.PositiveSmallIntegerField("新等级", choices=Grade.choices)
    certified_on = models.DateField("取证日期")
    via = models.CharField("途径", max_length=10, choices=Via.choices)

    objects = GradeRiseQuerySet.as_manager()

    class Meta:
        verbose_name = "技能等级提升"
        verbose_name_plural = "技能等级提升"
        constraints = [
            models.CheckConstraint(
                condition=Q(grade_from__isnull=True) | Q(grade_to__gt=models.F("grade_from")),
                name="grade_rise_goes_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_grade_to_display()}"
