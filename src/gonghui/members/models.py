"""People and memberships: the member roster (会员名册)."""

import datetime as dt

from django.db import models

from gonghui.core import idnumber
from gonghui.core.masking import mask_id_number, mask_mobile


class Person(models.Model):
    """职工: keyed by the normalised ID number; sex and birth date are derived from it."""

    class Sex(models.TextChoices):
        MALE = "M", "男"
        FEMALE = "F", "女"

    id_number = models.CharField("公民身份号码", max_length=18, unique=True)
    name = models.CharField("姓名", max_length=50, db_index=True)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices, editable=False)
    birth_date = models.DateField("出生日期", editable=False, db_index=True)
    mobile = models.CharField("手机号码", max_length=11, blank=True, db_index=True)
    ethnicity = models.CharField("民族", max_length=20, blank=True)
    political_status = models.CharField("政治面貌", max_length=20, blank=True)
    education = models.CharField("文化程度", max_length=20, blank=True)
    workplace = models.CharField("工作单位", max_length=150, blank=True)
    created = models.DateTimeField("建档时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "职工"
        verbose_name_plural = "职工"
        constraints = [
            models.CheckConstraint(condition=models.Q(sex__in=["M", "F"]), name="person_sex_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.derive_from_id()
        super().save(*args, **kwargs)

    def derive_from_id(self) -> None:
        parsed = idnumber.parse(self.id_number)
        self.id_number = parsed.value
        self.sex = parsed.sex
        self.birth_date = parsed.birth_date

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def mobile_masked(self) -> str:
        return mask_mobile(self.mobile)

    def age_on(self, day: dt.date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class MembershipQuerySet(models.QuerySet):
    def within(self, org):
        return self.filter(org__path__startswith=org.path)

    def visible_to(self, user):
        from gonghui.orgs.access import placement_of

        placement = placement_of(user)
        if placement is None:
            return self.none()
        return self.within(placement.org)

    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)


class Membership(models.Model):
    """A person's membership of one union; a transfer closes one and opens the next."""

    class Status(models.TextChoices):
        ACTIVE = "active", "在册"
        TRANSFERRED = "transferred", "已转出"
        LEFT = "left", "已退会"
        DECEASED = "deceased", "已去世"

    person = models.ForeignKey(
        Person, verbose_name="职工", on_delete=models.PROTECT, related_name="memberships"
    )
    # No single-column indexes on org or joined: (org, status) and (joined, id) below start with
    # them, and every index is paid for on each imported row.
    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name="所在工会",
        on_delete=models.PROTECT,
        related_name="memberships",
        db_index=False,
    )
    joined = models.DateField("入会日期")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.ACTIVE)
    ended = models.DateField("离会日期", null=True, blank=True)
    end_note = models.CharField("离会说明", max_length=200, blank=True)
    previous = models.OneToOneField(
        "self",
        verbose_name="转入前会籍",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "会籍"
        verbose_name_plural = "会籍"
        ordering = ["-joined", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(status="active"), name="membership_one_active"
            ),
            models.CheckConstraint(
                condition=models.Q(status="active", ended__isnull=True)
                | (~models.Q(status="active") & models.Q(ended__isnull=False)),
                name="membership_ended_iff_closed",
            ),
        ]
        indexes = [
            models.Index(fields=["org", "status"]),
            # The list's order (-joined, -id), walked backwards: within a status, and over all.
            models.Index(fields=["status", "joined", "id"], name="membership_status_order"),
            models.Index(fields=["joined", "id"], name="membership_order"),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.org}"
