"""考核细则 (rubric items with maximum points) and inspections scored item by item."""

import os

from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from .base import Competition, Participant, _placement_path


class RubricItem(models.Model):
    """One line of the organiser's 考核细则, e.g. 形式 20, 内容·征文 10, 效果 30 (RULES.md §8)."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="rubric")
    group = models.CharField("类别", max_length=30, help_text="如 形式、内容、效果")
    name = models.CharField("考核项目", max_length=100)
    max_points = models.DecimalField(
        "满分", max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "考核项目"
        verbose_name_plural = "考核细则"
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gt=0), name="rubric_max_positive"),
            models.UniqueConstraint(
                fields=["competition", "group", "name"], name="rubric_unique_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group}·{self.name}（{self.max_points:g}分）"


class InspectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        path = _placement_path(user)
        if path is None:
            return self.none()
        return self.filter(
            Q(participant__org__path__startswith=path)
            | Q(participant__competition__organiser__path__startswith=path)
        )


class Inspection(models.Model):
    """自评 by the unit, then 抽查 by the organiser; each scores every rubric item."""

    class Kind(models.TextChoices):
        SELF = "self", "自评"
        SPOT = "spot", "抽查"

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="inspections"
    )
    kind = models.CharField("考核方式", max_length=6, choices=Kind.choices)
    inspected_on = models.DateField("考核日期")
    inspectors = models.CharField("考核人", max_length=150, blank=True)
    remarks = models.TextField("总体评价", blank=True)
    total = models.DecimalField(
        "总分", max_digits=7, decimal_places=2, default=0, help_text="各项得分之和，保存时计算"
    )

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = "考核"
        verbose_name_plural = "考核"
        constraints = [
            models.UniqueConstraint(fields=["participant", "kind"], name="inspection_one_per_kind"),
            models.CheckConstraint(condition=Q(total__gte=0), name="inspection_total_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.get_kind_display()} {self.total:g}分"


class ItemScore(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="scores")
    points = models.DecimalField("得分", max_digits=6, decimal_places=2)
    remark = models.CharField("扣分说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "单项得分"
        verbose_name_plural = "单项得分"
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="item_score_once"),
            models.CheckConstraint(condition=Q(points__gte=0), name="item_score_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.points:g}"


def _photo_to(instance, filename: str) -> str:
    return f"competitions/inspections/{instance.inspection_id}/{os.path.basename(filename)}"


class InspectionPhoto(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="photos")
    item = models.ForeignKey(
        RubricItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image = models.FileField(
        "照片",
        upload_to=_photo_to,
        max_length=300,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"])],
    )
    caption = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "检查照片"
        verbose_name_plural = "检查照片"

    def __str__(self) -> str:
        return self.caption or self.image.name
