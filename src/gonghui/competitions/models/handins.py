"""Required hand-ins (材料报送): document types with due dates, and what each unit sent."""

import os

from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q

from .base import Competition, Participant, _placement_path

ALLOWED_DOCUMENTS = ["pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "jpg", "jpeg", "png", "txt"]


class Requirement(models.Model):
    """One document every participating unit must hand in by a due date."""

    class Kind(models.TextChoices):
        PLAN = "plan", "活动方案"
        RULES = "rules", "考核细则"
        REGISTRATION = "registration", "报名表"
        TEAM_PLAN = "team_plan", "班组月度计划"
        SELF_ASSESSMENT = "self_assessment", "自评报告"
        SUMMARY = "summary", "工作总结"
        OTHER = "other", "其他材料"

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="requirements"
    )
    kind = models.CharField("材料类型", max_length=20, choices=Kind.choices)
    name = models.CharField("材料名称", max_length=100)
    due_date = models.DateField("截止日期")
    month = models.DateField(
        "所属月份", null=True, blank=True, help_text="按月报送的材料（如班组月度计划）填写月份"
    )
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "报送要求"
        verbose_name_plural = "报送要求"
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "name"], name="requirement_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.due_date:%Y-%m-%d} 前）"


def _upload_to(instance, filename: str) -> str:
    base = os.path.basename(filename)
    req = instance.requirement
    return f"competitions/{req.competition_id}/{req.id}/{instance.participant_id}/{base}"


class SubmissionQuerySet(models.QuerySet):
    def within(self, org):
        return self.filter(participant__org__path__startswith=org.path)

    def visible_to(self, user):
        path = _placement_path(user)
        if path is None:
            return self.none()
        return self.filter(
            Q(participant__org__path__startswith=path)
            | Q(participant__competition__organiser__path__startswith=path)
        )


class Submission(models.Model):
    """A unit's hand-in of one required document. On time / late is computed from the dates."""

    requirement = models.ForeignKey(
        Requirement, on_delete=models.CASCADE, related_name="submissions"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="submissions"
    )
    file = models.FileField(
        "文件",
        upload_to=_upload_to,
        blank=True,
        max_length=300,
        validators=[FileExtensionValidator(ALLOWED_DOCUMENTS)],
    )
    submitted_on = models.DateField("报送日期", help_text="首次报送的日期；纸质材料按收到日期登记")
    updated = models.DateTimeField("最后更新", auto_now=True)
    published_on = models.DateField(
        "挂网日期", null=True, blank=True, help_text="本单位在内网公布方案或细则的日期"
    )
    note = models.CharField("备注", max_length=200, blank=True)
    submitted_by = models.CharField("报送人", max_length=150, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = "材料报送"
        verbose_name_plural = "材料报送"
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "participant"], name="submission_one_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} · {self.requirement.name}"

    @property
    def filename(self) -> str:
        return os.path.basename(self.file.name) if self.file else ""


class Reminder(models.Model):
    """A reminder sent to a unit about a document falling due (one per unit and document)."""

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField("提醒日期")

    class Meta:
        verbose_name = "到期提醒"
        verbose_name_plural = "到期提醒"
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "participant"], name="reminder_once_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sent_on} 提醒 {self.participant}"
