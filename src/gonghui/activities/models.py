"""文体活动, 培训, 信息宣传 and 实践活动记录卡: events with entries and results, trainings with
trainees, publicity articles by outlet, and the returns collected in practice activities."""

import os

from django.core.exceptions import ValidationError
from django.db import models


class ScopedQuerySet(models.QuerySet):
    """Rows that belong to an organisation through `scope_field`, scoped to a subtree."""

    scope_field = "org"

    def within(self, org):
        return self.filter(**{f"{self.scope_field}__path__startswith": org.path})

    def visible_to(self, user):
        from gonghui.orgs.access import placement_of

        placement = placement_of(user)
        if placement is None:
            return self.none()
        return self.within(placement.org)


class EventScopedQuerySet(ScopedQuerySet):
    scope_field = "event__org"


class TrainingScopedQuerySet(ScopedQuerySet):
    scope_field = "training__org"


class Event(models.Model):
    """An event a union organised: a contest, a lecture, a festival activity, a practice activity."""

    class Kind(models.TextChoices):
        SPORTS = "sports", "体育比赛"
        CULTURE = "culture", "文艺活动"
        SPEECH = "speech", "演讲比赛"
        LECTURE = "lecture", "讲座"
        TRAINING = "training", "培训活动"
        FESTIVAL = "festival", "节日活动"
        VOLUNTEER = "volunteer", "志愿服务"
        PRACTICE = "practice", "主题实践活动"

    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name="主办工会",
        on_delete=models.PROTECT,
        related_name="events",
    )
    kind = models.CharField("活动类别", max_length=10, choices=Kind.choices, db_index=True)
    name = models.CharField("活动名称", max_length=120)
    theme = models.CharField("主题", max_length=200, blank=True)
    co_organisers = models.CharField(
        "协办单位", max_length=200, blank=True, help_text="如：文化站；多个用顿号分隔"
    )
    start_date = models.DateField("开始日期", db_index=True)
    end_date = models.DateField("结束日期", null=True, blank=True)
    place = models.CharField("地点", max_length=100, blank=True)
    contestants = models.PositiveIntegerField(
        "参赛（参加）人数", null=True, blank=True, help_text="选手或参加活动的人数"
    )
    audience = models.PositiveIntegerField(
        "观众人数", null=True, blank=True, help_text="现场观摩人数；“90余人”填 90"
    )
    audience_approximate = models.BooleanField(
        "观众人数为约数", default=False, help_text="勾选后显示为“90余人”"
    )
    summary = models.TextField("活动情况", blank=True)
    created = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "活动"
        verbose_name_plural = "活动"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="event_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("activities:event_detail", kwargs={"pk": self.pk})

    @property
    def audience_label(self) -> str:
        if self.audience is None:
            return ""
        return f"{self.audience}余人" if self.audience_approximate else f"{self.audience}人"


class EventEntry(models.Model):
    """A participating team or unit, with its result once the event is over."""

    event = models.ForeignKey(
        Event, verbose_name="活动", on_delete=models.CASCADE, related_name="entries"
    )
    name = models.CharField("参赛队伍（单位）", max_length=100)
    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name="所属工会",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_entries",
    )
    members = models.PositiveIntegerField("队员人数", null=True, blank=True)
    rank = models.PositiveSmallIntegerField(
        "名次", null=True, blank=True, help_text="并列时填相同名次"
    )
    award = models.CharField(
        "奖项", max_length=30, blank=True, help_text="如：金锣奖、银锣奖、铜锣奖、一等奖"
    )

    objects = EventScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "参赛队伍"
        verbose_name_plural = "参赛队伍"
        ordering = [models.F("rank").asc(nulls_last=True), "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="entry_unique_name"),
            models.CheckConstraint(
                condition=models.Q(rank__isnull=True) | models.Q(rank__gte=1),
                name="entry_rank_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp"}


def validate_photo(file) -> None:
    ext = os.path.splitext(file.name)[1].lower()
    if ext not in PHOTO_EXTENSIONS:
        raise ValidationError("只能上传 jpg、png、gif 或 webp 格式的照片")
    head = file.read(12)
    file.seek(0)
    signatures = (b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"RIFF")
    if not head.startswith(signatures):
        raise ValidationError("文件内容不是图片")


class EventPhoto(models.Model):
    event = models.ForeignKey(
        Event, verbose_name="活动", on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(
        "照片", upload_to="activities/photos/%Y/%m/", validators=[validate_photo]
    )
    caption = models.CharField("说明", max_length=100, blank=True)
    uploaded = models.DateTimeField("上传时间", auto_now_add=True)

    objects = EventScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "活动照片"
        verbose_name_plural = "活动照片"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.caption or os.path.basename(self.image.name)


class PracticeReturn(models.Model):
    """What a practice activity collects back (篇7: 服务记录卡, 总结, 调查报告, 心得体会).
    One row per return, or one row for a batch with its quantity."""

    class Kind(models.TextChoices):
        RECORD_CARD = "record_card", "服务记录卡"
        SUMMARY = "summary", "总结"
        SURVEY = "survey", "调查报告"
        REFLECTION = "reflection", "心得体会"

    event = models.ForeignKey(
        Event, verbose_name="实践活动", on_delete=models.CASCADE, related_name="returns"
    )
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    submitter = models.CharField("提交人（班级）", max_length=100, blank=True)
    received_on = models.DateField("收到日期")
    quantity = models.PositiveIntegerField("份数", default=1)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = EventScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "实践活动回收材料"
        verbose_name_plural = "实践活动回收材料"
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="return_quantity_min")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity}份"


class Training(models.Model):
    """A training course the union ran or sent people to."""

    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name="组织（选派）工会",
        on_delete=models.PROTECT,
        related_name="trainings",
    )
    course = models.CharField("培训班名称", max_length=120)
    organiser = models.CharField(
        "主办单位", max_length=100, blank=True, help_text="如：市人社局、市总工会"
    )
    start_date = models.DateField("开始日期", db_index=True)
    end_date = models.DateField("结束日期", null=True, blank=True)
    place = models.CharField("地点", max_length=100, blank=True)
    certificate_name = models.CharField(
        "可获证书", max_length=100, blank=True, help_text="如：劳动争议调解员职业资格证书"
    )
    note = models.CharField("说明", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "培训"
        verbose_name_plural = "培训"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="training_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.course

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("activities:training_detail", kwargs={"pk": self.pk})


class Trainee(models.Model):
    training = models.ForeignKey(
        Training, verbose_name="培训", on_delete=models.CASCADE, related_name="trainees"
    )
    person = models.ForeignKey(
        "members.Person", verbose_name="学员", on_delete=models.PROTECT, related_name="trainings"
    )
    role = models.CharField("职务", max_length=50, blank=True, help_text="如：企业工会干部")
    certified = models.BooleanField("已取得证书", default=False)
    certificate_no = models.CharField("证书编号", max_length=50, blank=True)

    objects = TrainingScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "学员"
        verbose_name_plural = "学员"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["training", "person"], name="trainee_once")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.training}"


class Outlet(models.Model):
    """A publication that may use (采用) an article; the list is configured by staff."""

    class Level(models.TextChoices):
        NATIONAL = "national", "国家级"
        PROVINCIAL = "provincial", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县（区）级"

    class Medium(models.TextChoices):
        PORTAL = "portal", "门户网站"
        NEWSPAPER = "newspaper", "报刊"
        MOBILE = "mobile", "手机报"
        WECHAT = "wechat", "微信公众号"
        OTHER = "other", "其他"

    name = models.CharField("媒体名称", max_length=60, unique=True)
    medium = models.CharField("媒体类型", max_length=10, choices=Medium.choices)
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    position = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "用稿媒体"
        verbose_name_plural = "用稿媒体"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    """信息宣传: an article a unit submitted, and whether (and where) it was used."""

    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name="供稿单位",
        on_delete=models.PROTECT,
        related_name="articles",
    )
    title = models.CharField("标题", max_length=200)
    author = models.CharField("作者", max_length=50, blank=True)
    date = models.DateField("日期", db_index=True, help_text="采用（刊发）日期；未采用时填投稿日期")
    outlet = models.ForeignKey(
        Outlet,
        verbose_name="用稿媒体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    used = models.BooleanField("已采用", default=False)
    link = models.URLField("链接", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "信息稿件"
        verbose_name_plural = "信息稿件"
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(used=False) | models.Q(outlet__isnull=False),
                name="article_used_needs_outlet",
            )
        ]

    def __str__(self) -> str:
        return self.title
