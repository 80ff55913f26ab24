"""Saved reports and the versions of their narrative (the parts only a person can write)."""

from django.conf import settings
from django.db import models

from .registry import KINDS


class ReportQuerySet(models.QuerySet):
    def within(self, org):
        return self.filter(org__path__startswith=org.path)

    def visible_to(self, user):
        from gonghui.orgs.access import placement_of

        placement = placement_of(user)
        if placement is None:
            return self.none()
        return self.within(placement.org)


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        FINAL = "final", "定稿"

    kind = models.CharField("类型", max_length=20, choices=[(k, v.label) for k, v in KINDS.items()])
    org = models.ForeignKey(
        "orgs.Organization", verbose_name="组织", on_delete=models.PROTECT, related_name="reports"
    )
    start = models.DateField("开始日期")
    end = models.DateField("结束日期（不含）")
    subject = models.CharField(
        "活动或竞赛", max_length=150, blank=True, help_text="慰问活动或竞赛的名称"
    )
    rounded = models.BooleanField(
        "使用约数", default=False, help_text="如 2.4万元、13万余元、八百余人"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = "工作总结"
        verbose_name_plural = "工作总结"
        ordering = ["-updated"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="report_period_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.org.short_name or self.org.name} {self.get_kind_display()}"

    def latest_version(self):
        return self.versions.order_by("-number").first()

    def narratives(self) -> dict:
        latest = self.latest_version()
        return latest.texts if latest else {}


class NarrativeVersion(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本")
    texts = models.JSONField("内容", default=dict)
    status = models.CharField("状态", max_length=10, choices=Report.Status.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField("保存时间", auto_now_add=True)

    class Meta:
        verbose_name = "叙述版本"
        verbose_name_plural = "叙述版本"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="narrative_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"
