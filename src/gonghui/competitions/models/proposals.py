"""合理化建议 / 金点子: submitted, evaluated, adopted or rejected, implemented."""

from decimal import Decimal

from django.db import models
from django.db.models import Q

from .base import Competition, _placement_path


class ProposalQuerySet(models.QuerySet):
    def within(self, org):
        return self.filter(org__path__startswith=org.path)

    def visible_to(self, user):
        path = _placement_path(user)
        return self.none() if path is None else self.filter(org__path__startswith=path)

    def adopted(self):
        return self.filter(status__in=Proposal.ADOPTED)


class Proposal(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已提交"
        EVALUATING = "evaluating", "评估中"
        ADOPTED = "adopted", "已采纳"
        REJECTED = "rejected", "未采纳"
        IMPLEMENTED = "implemented", "已实施"

    ADOPTED = ("adopted", "implemented")

    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name="所在工会",
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    employer = models.ForeignKey(
        "orgs.Employer", verbose_name="所在企业", null=True, blank=True, on_delete=models.PROTECT
    )
    competition = models.ForeignKey(
        Competition, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    title = models.CharField("建议题目", max_length=200)
    content = models.TextField("建议内容", blank=True)
    proposer_name = models.CharField("建议人", max_length=100)
    person = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_behalf = models.BooleanField(
        "工会代为提交", default=False, help_text="职工口头提出、由工会整理提交时勾选"
    )
    submitted_on = models.DateField("提出日期", db_index=True)
    status = models.CharField(
        "状态", max_length=12, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    evaluation = models.TextField("评估意见", blank=True)
    decided_on = models.DateField("采纳决定日期", null=True, blank=True)
    reject_reason = models.CharField("未采纳原因", max_length=300, blank=True)
    implemented_on = models.DateField("实施日期", null=True, blank=True)
    estimated_benefit = models.DecimalField(
        "预计效益（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = "合理化建议"
        verbose_name_plural = "合理化建议"
        ordering = ["-submitted_on", "-id"]
        indexes = [models.Index(fields=["org", "submitted_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reject_reason=""),
                name="proposal_rejected_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["adopted", "rejected", "implemented"])
                | Q(decided_on__isnull=False),
                name="proposal_decided_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="implemented") | Q(implemented_on__isnull=False),
                name="proposal_implemented_has_date",
            ),
            models.CheckConstraint(
                condition=Q(estimated_benefit__isnull=True) | Q(estimated_benefit__gte=Decimal(0)),
                name="proposal_benefit_nonneg",
            ),
        ]

    def __str__(self) -> str:
        return self.title
