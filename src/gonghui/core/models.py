"""The audit trail: an event log and the history of every change to ledger rows."""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", "登录"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOCKED = "locked", "账号锁定"
        LOGOUT = "logout", "退出"
        TIMEOUT = "timeout", "超时退出"
        PASSWORD_CHANGED = "password_changed", "修改密码"
        IMPORT = "import", "导入"
        EXPORT = "export", "导出"
        REVEAL = "reveal", "查看完整身份证号"
        TOKEN = "token", "API 令牌"
        BACKUP = "backup", "备份"
        RESTORE = "restore", "恢复"

    time = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    kind = models.CharField("事件", max_length=20, choices=Kind.choices, db_index=True)
    ok = models.BooleanField("成功", default=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    org = models.ForeignKey(
        "orgs.Organization", verbose_name="组织", null=True, blank=True, on_delete=models.SET_NULL
    )
    summary = models.CharField("摘要", max_length=300, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["username", "kind", "time"])]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.username} {self.get_kind_display()}"


class ChangeRecord(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "新增"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"

    time = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    model = models.CharField("台账", max_length=60, db_index=True)
    object_id = models.CharField("记录编号", max_length=40)
    object_repr = models.CharField("记录", max_length=200, blank=True)
    org = models.ForeignKey(
        "orgs.Organization", verbose_name="组织", null=True, blank=True, on_delete=models.SET_NULL
    )
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    batch = models.CharField("批次", max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = "变更记录"
        verbose_name_plural = "变更记录"
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.model} {self.object_repr}"

    def changed_fields(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class ImportedRows(models.Model):
    """The rows one import created, compactly: one record per run of consecutive primary keys.

    A 100,000-row import of new people writes about fifty of these instead of 100,000
    ChangeRecords (updates still get a ChangeRecord each, with before and after). Together with
    the import's AuditEvent (who, when, file name, SHA-256, counts) each created row keeps its
    history: the sheet row it came from and its values as created (`after`). See
    `imported_row()` for one row's account.
    """

    event = models.ForeignKey(
        AuditEvent,
        verbose_name="导入事件",
        on_delete=models.PROTECT,
        related_name="imported_rows",
    )
    model = models.CharField("台账", max_length=60)
    first_id = models.BigIntegerField("首条记录编号")
    last_id = models.BigIntegerField("末条记录编号")
    rows = models.JSONField("行号", default=list)  # per id first..last: the sheet's row number
    values = models.JSONField("新增时的值", default=dict)  # field -> [value per id first..last]

    class Meta:
        verbose_name = "导入新增记录"
        verbose_name_plural = "导入新增记录"
        indexes = [models.Index(fields=["model", "first_id"])]

    def __str__(self) -> str:
        return f"{self.model} #{self.first_id}–{self.last_id}"

    def account(self, pk: int) -> dict | None:
        """{row, after} of one created record of this run, or None when the id is not in it."""
        if not self.first_id <= pk <= self.last_id:
            return None
        i = pk - self.first_id
        return {"row": self.rows[i], "after": {k: v[i] for k, v in self.values.items()}}


def imported_row(model: str, pk: int) -> dict | None:
    """How a record created by an import came to be: {event, row, after}, or None.

    `model` is the label ("members.person"); `event` is the import's AuditEvent, whose detail
    holds the file name and SHA-256. One indexed query."""
    run = (
        ImportedRows.objects.select_related("event")
        .filter(model=model, first_id__lte=pk)
        .order_by("-first_id")
        .first()
    )
    account = run.account(pk) if run is not None else None
    if account is None:
        return None
    return {"event": run.event, **account}
