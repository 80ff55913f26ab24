"""劳动模范: model workers, their honours, the 到龄退休申报 file, the yearly check and care records."""

import datetime as dt

from django.conf import settings
from django.db import models

from gonghui.core.dates import add_months
from gonghui.core.retirement import CATEGORY_LABELS, Category, retirement_for


class Level(models.TextChoices):
    NATIONAL = "national", "全国"
    PROVINCIAL = "provincial", "省部级"
    CITY = "city", "市级"


# Highest first: only the highest tier of honorary allowance is paid (RULES.md §7).
LEVEL_ORDER = [Level.NATIONAL, Level.PROVINCIAL, Level.CITY]
LEVEL_RANK = {level.value: rank for rank, level in enumerate(LEVEL_ORDER)}


class RetirementCategory(models.TextChoices):
    MALE = Category.MALE.value, CATEGORY_LABELS[Category.MALE]
    FEMALE55 = Category.FEMALE55.value, CATEGORY_LABELS[Category.FEMALE55]
    FEMALE50 = Category.FEMALE50.value, CATEGORY_LABELS[Category.FEMALE50]


class ScopedQuerySet(models.QuerySet):
    """Rows that belong to an organisation (field `org`), scoped to a subtree."""

    def within(self, org):
        return self.filter(org__path__startswith=org.path)

    def visible_to(self, user):
        from gonghui.orgs.access import placement_of

        placement = placement_of(user)
        if placement is None:
            return self.none()
        return self.within(placement.org)


class ModelWorkerQuerySet(ScopedQuerySet):
    def retiring_by(self, day: dt.date):
        """Workers whose statutory retirement month starts on or before `day`."""
        return self.filter(statutory_retirement__lte=day)

    def reminder_due(self, today: dt.date, months_ahead: int | None = None):
        """Not yet filed and within the reminder window (or past the retirement month)."""
        months = reminder_months() if months_ahead is None else months_ahead
        return self.filter(
            statutory_retirement__lte=add_months(today, months), retired_on__isnull=True
        ).exclude(filing__state=RetirementFiling.State.APPROVED)


class ModelWorker(models.Model):
    """A 劳模 (one person), with the category that fixes the retirement rule."""

    person = models.OneToOneField(
        "members.Person",
        verbose_name="职工",
        on_delete=models.PROTECT,
        related_name="model_worker",
    )
    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name="管理工会",
        on_delete=models.PROTECT,
        related_name="model_workers",
        help_text="负责该劳模管理和申报的工会",
    )
    employer = models.ForeignKey(
        "orgs.Employer",
        verbose_name="工作单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="model_workers",
    )
    category = models.CharField(
        "退休类别",
        max_length=10,
        choices=RetirementCategory.choices,
        help_text="按岗位确定，不能由性别推出：男职工、原55周岁女职工（干部、管理技术岗）、"
        "原50周岁女职工（工人）",
    )
    statutory_retirement = models.DateField(
        "法定退休时间",
        editable=False,
        db_index=True,
        help_text="按渐进式延迟法定退休年龄计算的退休年月（存为该月1日）",
    )
    retired_on = models.DateField("实际退休日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created = models.DateTimeField("建档时间", auto_now_add=True)

    objects = ModelWorkerQuerySet.as_manager()

    class Meta:
        verbose_name = "劳动模范"
        verbose_name_plural = "劳动模范"
        ordering = ["statutory_retirement", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(category__in=[c.value for c in Category]),
                name="modelworker_category_valid",
            )
        ]

    def __str__(self) -> str:
        return self.person.name

    def save(self, *args, **kwargs):
        # A derived column, like Person's birth date: kept in step so lists can filter on it.
        self.statutory_retirement = self.retirement().first_day
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("honors:detail", kwargs={"pk": self.pk})

    def retirement(self):
        return retirement_for(self.category, self.person.birth_date)

    def reminder_on(self) -> dt.date:
        """The first day the reminder shows: a set number of months before the retirement month."""
        return add_months(self.statutory_retirement, -reminder_months())

    def reminder_state(self, today: dt.date | None = None) -> str:
        """'filed' once approved or retired; 'reached' from the retirement month; 'due' in the
        reminder window; otherwise 'later'."""
        today = today or dt.date.today()
        filing = getattr(self, "filing", None)
        if self.retired_on or (filing and filing.state == RetirementFiling.State.APPROVED):
            return "filed"
        if today >= self.statutory_retirement:
            return "reached"
        if today >= self.reminder_on():
            return "due"
        return "later"

    REMINDER_LABELS = {
        "filed": "已申报",
        "reached": "已到龄，待申报",
        "due": "即将到龄",
        "later": "",
    }

    def reminder_label(self, today: dt.date | None = None) -> str:
        return self.REMINDER_LABELS[self.reminder_state(today)]

    def highest_held(self):
        """The highest honour still held (the only tier whose allowance is paid)."""
        held = [h for h in self.honours.all() if h.status == Honour.Status.HELD]
        return min(held, key=lambda h: LEVEL_RANK[h.level], default=None)

    def monthly_allowance(self):
        honour = self.highest_held()
        return allowance_for(honour.level) if honour else None


def reminder_months() -> int:
    return settings.HONORS_REMINDER_MONTHS


def allowance_for(level: str):
    from decimal import Decimal

    return Decimal(str(settings.HONORS_ALLOWANCE[level]))


class HonourQuerySet(ScopedQuerySet):
    def within(self, org):
        return self.filter(worker__org__path__startswith=org.path)

    def held(self):
        return self.filter(status=Honour.Status.HELD)


class Honour(models.Model):
    """One title awarded to a model worker (a person may hold 市级 and later 省部级)."""

    class Status(models.TextChoices):
        HELD = "held", "保持"
        REVOKED = "revoked", "已撤销"

    worker = models.ForeignKey(
        ModelWorker, verbose_name="劳模", on_delete=models.CASCADE, related_name="honours"
    )
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    title = models.CharField("荣誉称号", max_length=60, help_text="如：全国劳动模范、省劳动模范")
    year = models.PositiveSmallIntegerField("授予年份")
    status = models.CharField("荣誉状态", max_length=8, choices=Status.choices, default=Status.HELD)
    revoked_on = models.DateField("撤销日期", null=True, blank=True)

    objects = HonourQuerySet.as_manager()

    class Meta:
        verbose_name = "荣誉称号"
        verbose_name_plural = "荣誉称号"
        ordering = ["year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "level", "title", "year"], name="honour_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1950) & models.Q(year__lte=2100),
                name="honour_year_range",
            ),
            models.CheckConstraint(
                condition=models.Q(status="held", revoked_on__isnull=True)
                | models.Q(status="revoked"),
                name="honour_revoked_date_only_when_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.title}（{self.get_level_display()}）"


class HonourCheck(models.Model):
    """The yearly check that a model worker still holds the honour."""

    worker = models.ForeignKey(
        ModelWorker, verbose_name="劳模", on_delete=models.CASCADE, related_name="checks"
    )
    year = models.PositiveSmallIntegerField("年度")
    still_held = models.BooleanField("仍保持荣誉称号")
    checked_on = models.DateField("核查日期")
    checked_by = models.CharField("核查人", max_length=50, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "荣誉年度核查"
        verbose_name_plural = "荣誉年度核查"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "year"], name="honourcheck_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.worker} {self.year}年核查"


class RetirementFiling(models.Model):
    """到龄退休申报: the three documents, then submission to the 劳模办 and its approval."""

    class State(models.TextChoices):
        PREPARING = "preparing", "材料准备中"
        SUBMITTED = "submitted", "已上报"
        APPROVED = "approved", "已批准"
        RETURNED = "returned", "已退回"

    worker = models.OneToOneField(
        ModelWorker, verbose_name="劳模", on_delete=models.CASCADE, related_name="filing"
    )
    state = models.CharField(
        "申报状态", max_length=10, choices=State.choices, default=State.PREPARING
    )
    has_certificate = models.BooleanField("荣誉证书", default=False)
    has_retirement_approval = models.BooleanField("退休审批表", default=False)
    has_honour_proof = models.BooleanField(
        "保持荣誉证明", default=False, help_text="证明荣誉称号未被撤销"
    )
    submitted_on = models.DateField("上报日期", null=True, blank=True)
    submitted_to = models.CharField("报送单位", max_length=60, blank=True, default="总工会劳模办")
    approved_on = models.DateField("批准日期", null=True, blank=True)
    allowance_from = models.DateField("津贴起发月份", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "到龄退休申报"
        verbose_name_plural = "到龄退休申报"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["preparing", "returned"])
                | (
                    models.Q(has_certificate=True)
                    & models.Q(has_retirement_approval=True)
                    & models.Q(has_honour_proof=True)
                    & models.Q(submitted_on__isnull=False)
                ),
                name="filing_submitted_needs_all_documents",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="approved") | models.Q(approved_on__isnull=False),
                name="filing_approved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} 到龄退休申报"

    CHECKLIST = [
        ("has_certificate", "荣誉证书"),
        ("has_retirement_approval", "退休审批表"),
        ("has_honour_proof", "保持荣誉证明"),
    ]

    @property
    def complete(self) -> bool:
        return self.has_certificate and self.has_retirement_approval and self.has_honour_proof

    def missing(self) -> list[str]:
        return [label for field, label in self.CHECKLIST if not getattr(self, field)]


class CareRecordQuerySet(ScopedQuerySet):
    def within(self, org):
        return self.filter(worker__org__path__startswith=org.path)


class CareRecord(models.Model):
    """关爱: visits, 疗休养 and other care given to a model worker."""

    class Kind(models.TextChoices):
        VISIT = "visit", "走访慰问"
        SANATORIUM = "sanatorium", "疗休养"
        HEALTH_CHECK = "health_check", "健康体检"
        OTHER = "other", "其他"

    worker = models.ForeignKey(
        ModelWorker, verbose_name="劳模", on_delete=models.CASCADE, related_name="care_records"
    )
    kind = models.CharField("类别", max_length=14, choices=Kind.choices)
    date = models.DateField("日期")
    end_date = models.DateField("结束日期", null=True, blank=True, help_text="疗休养填写")
    place = models.CharField("地点", max_length=100, blank=True)
    amount = models.DecimalField(
        "慰问金额（元）", max_digits=10, decimal_places=2, null=True, blank=True
    )
    note = models.CharField("内容", max_length=200, blank=True)

    objects = CareRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "关爱记录"
        verbose_name_plural = "关爱记录"
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("date")),
                name="care_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="care_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} {self.get_kind_display()} {self.date}"
