"""Collective agreements (集体合同), the employers they cover, and their filing for review."""

import datetime as dt

from django.db import models
from django.urls import reverse

from gonghui.orgs.models import Employer, Organization

from . import rules


class AgreementQuerySet(models.QuerySet):
    def within(self, org: Organization):
        """Agreements whose union side sits in org's subtree."""
        return self.filter(union__path__startswith=org.path)

    def visible_to(self, user):
        from gonghui.orgs.access import placement_of

        placement = placement_of(user)
        if placement is None:
            return self.none()
        return self.within(placement.org)

    def signed_in(self, period):
        return self.filter(signed__gte=period.start, signed__lt=period.end)

    def in_force_on(self, day: dt.date):
        """Running on that day and not struck by an objection of the labour authority."""
        return self.filter(starts__lte=day, ends__gte=day).exclude(
            filing__outcome=Filing.Outcome.OBJECTION
        )


class Agreement(models.Model):
    class Scope(models.TextChoices):
        SINGLE = "single", "单独签订"
        INDUSTRY = "industry", "行业性"
        REGIONAL = "regional", "区域性"

    class Topic(models.TextChoices):
        COMPREHENSIVE = "comprehensive", "综合集体合同"
        WAGE = "wage", "工资专项集体合同"
        WOMEN = "women", "女职工权益保护专项集体合同"
        SAFETY = "safety", "劳动安全卫生专项集体合同"
        OTHER = "other", "其他专项集体合同"

    class VoteBody(models.TextChoices):
        CONGRESS = "congress", "职工代表大会"
        ALL_WORKERS = "all_workers", "全体职工大会"
        REGIONAL_CONGRESS = "regional_congress", "区域（行业）职工代表大会"

    title = models.CharField("合同名称", max_length=150)
    scope = models.CharField("签订形式", max_length=10, choices=Scope.choices, db_index=True)
    topic = models.CharField("合同类别", max_length=15, choices=Topic.choices, db_index=True)
    union = models.ForeignKey(
        Organization,
        verbose_name="工会方",
        on_delete=models.PROTECT,
        related_name="agreements",
        help_text="签约的工会：企业工会、行业工会或镇（街道）总工会",
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name="企业方",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="single_agreements",
        help_text="单独签订时的企业",
    )
    employer_side = models.CharField(
        "企业方代表组织",
        max_length=150,
        blank=True,
        help_text="行业性、区域性合同的企业方，例如镇企业联合会、纺织行业协会",
    )
    industry = models.CharField("行业", max_length=50, blank=True, db_index=True)
    employers = models.ManyToManyField(
        Employer,
        verbose_name="覆盖企业",
        through="Coverage",
        related_name="agreements",
    )
    signed = models.DateField("签订日期", db_index=True)
    starts = models.DateField("起始日期")
    ends = models.DateField("终止日期", db_index=True)
    employees_covered = models.PositiveIntegerField("覆盖职工人数", default=0)
    vote_body = models.CharField("审议机构", max_length=20, choices=VoteBody.choices)
    vote_date = models.DateField("审议日期")
    vote_eligible = models.PositiveIntegerField("应到人数", help_text="全体职工代表或全体职工人数")
    vote_present = models.PositiveIntegerField("实到人数")
    vote_for = models.PositiveIntegerField("同意人数")
    renewal_of = models.OneToOneField(
        "self",
        verbose_name="续签自",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewed_by",
        help_text="续签时选择被续签的上一份合同；首次签订（新签）留空",
    )
    renewal = models.BooleanField(
        "续签",
        default=False,
        help_text="上一份合同不在本系统中（例如系统启用前签订）时，也可标为续签",
    )
    note = models.CharField("备注", max_length=200, blank=True)
    created = models.DateTimeField("录入时间", auto_now_add=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = "集体合同"
        verbose_name_plural = "集体合同"
        ordering = ["-signed", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="agreement_ends_after_starts"
            ),
            models.CheckConstraint(
                condition=models.Q(scope="single", employer__isnull=False)
                | (~models.Q(scope="single") & models.Q(employer__isnull=True)),
                name="agreement_single_has_employer",
            ),
            models.CheckConstraint(
                condition=models.Q(vote_present__lte=models.F("vote_eligible"))
                & models.Q(vote_for__lte=models.F("vote_present")),
                name="agreement_vote_counts_consistent",
            ),
            models.CheckConstraint(
                condition=models.Q(renewal_of__isnull=True) | models.Q(renewal=True),
                name="agreement_renewal_flag",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("bargaining:detail", kwargs={"pk": self.pk})

    @property
    def is_wage(self) -> bool:
        return self.topic == self.Topic.WAGE

    @property
    def kind_label(self) -> str:
        return "续签" if self.renewal else "新签"

    @property
    def filing_due(self) -> dt.date:
        return rules.filing_due(self.signed, wage=self.is_wage)

    def filing_or_none(self):
        try:
            return self.filing
        except Filing.DoesNotExist:
            return None

    def review_status(self, today: dt.date) -> str:
        """未报送 / 逾期未报送 / 审查中 / 审查通过 / 提出异议 / 视为生效, computed from the dates."""
        filing = self.filing_or_none()
        if filing is None:
            return "overdue" if today > self.filing_due else "unfiled"
        return filing.status(today)

    STATUS_LABELS = {
        "unfiled": "待报送",
        "overdue": "逾期未报送",
        "reviewing": "审查中",
        "approved": "审查通过",
        "objection": "提出异议",
        "deemed": "视为生效",
    }

    def review_status_label(self, today: dt.date) -> str:
        return self.STATUS_LABELS[self.review_status(today)]


class Coverage(models.Model):
    """One employer bound by an agreement (单独签订: the one employer; 行业性/区域性: each of them)."""

    agreement = models.ForeignKey(
        Agreement, verbose_name="集体合同", on_delete=models.CASCADE, related_name="coverages"
    )
    employer = models.ForeignKey(
        Employer, verbose_name="企业", on_delete=models.PROTECT, related_name="coverages"
    )

    class Meta:
        verbose_name = "覆盖企业"
        verbose_name_plural = "覆盖企业"
        constraints = [
            models.UniqueConstraint(fields=["agreement", "employer"], name="coverage_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} · {self.employer}"


class Filing(models.Model):
    """报送审查 (审查鉴证): the filing with the labour authority and its outcome.

    Only approval and objection are typed; "deemed effective" is never stored, it follows from the
    filing date and the absence of an objection (劳动合同法 第五十四条).
    """

    class Outcome(models.TextChoices):
        PENDING = "", "未答复"
        APPROVED = "approved", "审查通过"
        OBJECTION = "objection", "提出异议"

    agreement = models.OneToOneField(
        Agreement, verbose_name="集体合同", on_delete=models.CASCADE, related_name="filing"
    )
    filed = models.DateField("报送日期", db_index=True)
    authority = models.CharField(
        "报送机关", max_length=100, blank=True, default="人力资源和社会保障部门"
    )
    outcome = models.CharField(
        "审查结果", max_length=10, choices=Outcome.choices, blank=True, default=""
    )
    decided = models.DateField("答复日期", null=True, blank=True)
    objection_text = models.TextField("审查意见", blank=True)
    created = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "报送审查"
        verbose_name_plural = "报送审查"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="", decided__isnull=True)
                | (~models.Q(outcome="") & models.Q(decided__isnull=False)),
                name="filing_decided_iff_outcome",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="objection") | ~models.Q(objection_text=""),
                name="filing_objection_has_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} 报送 {self.filed:%Y-%m-%d}"

    @property
    def late(self) -> bool:
        return self.filed > self.agreement.filing_due

    @property
    def review_deadline(self) -> dt.date:
        return rules.review_deadline(self.filed)

    @property
    def deemed_effective_on(self) -> dt.date:
        return rules.deemed_effective_on(self.filed)

    def status(self, today: dt.date) -> str:
        if self.outcome:
            return self.outcome
        return "deemed" if today >= self.deemed_effective_on else "reviewing"
