"""The roster as .xlsx (ID numbers as text cells, masked unless the role may see them) and the
import template. Exports of unmasked personal data are logged (AuditEvent kind=export)."""

from django.core.exceptions import PermissionDenied

from gonghui.core.audit import record_event
from gonghui.core.imports import SYSTEM_USERNAME
from gonghui.core.masking import mask_id_number, mask_mobile
from gonghui.core.models import AuditEvent
from gonghui.core.sheets import build_workbook

from .imports import MemberImport
from .models import Membership

ROSTER_HEADERS = [
    "姓名",
    "公民身份号码",
    "性别",
    "出生日期",
    "所在工会",
    "入会日期",
    "手机号码",
    "民族",
    "政治面貌",
    "文化程度",
    "工作单位",
    "会籍状态",
]
SEX_LABELS = {"M": "男", "F": "女"}


def roster_queryset(*, user, org=None, options=None):
    """Memberships the export covers: the user's subtree (or org within it), active by default.

    options: status ("active" default, "all" or a Membership.Status), q (name or ID number start).
    """
    from gonghui.orgs.access import placement_of

    options = options or {}
    qs = Membership.objects.all()
    if user is not None:
        placement = placement_of(user)
        if placement is None:
            raise PermissionDenied("您的账号尚未分配到组织，请联系管理员")
        qs = qs.within(placement.org)
        if org is not None and not org.is_within(placement.org):
            raise PermissionDenied("只能导出您所在组织及其下级组织的名册")
    if org is not None:
        qs = qs.within(org)
    status = options.get("status") or Membership.Status.ACTIVE
    if status != "all":
        qs = qs.filter(status=status)
    q = (options.get("q") or "").strip()
    if q:
        from django.db.models import Q

        qs = qs.filter(Q(person__name__contains=q) | Q(person__id_number__startswith=q.upper()))
    return qs


def roster_workbook(*, user, org=None, options=None) -> bytes:
    """The ledger exporter (CONTRACT.md): the member roster of the user's subtree as .xlsx."""
    from gonghui.orgs.access import can_unmask, placement_of

    unmasked = user is None or can_unmask(user)
    qs = roster_queryset(user=user, org=org, options=options).order_by("org__path", "person__name")
    status_labels = dict(Membership.Status.choices)
    values = qs.values_list(
        "person__name",
        "person__id_number",
        "person__sex",
        "person__birth_date",
        "org__name",
        "joined",
        "person__mobile",
        "person__ethnicity",
        "person__political_status",
        "person__education",
        "person__workplace",
        "status",
    )
    count = 0

    def rows():
        nonlocal count
        for name, id_number, sex, birth, union, joined, mobile, *rest, status in values.iterator(
            chunk_size=2000
        ):
            count += 1
            yield [
                name,
                id_number if unmasked else mask_id_number(id_number),
                SEX_LABELS.get(sex, ""),
                birth,
                union,
                joined,
                mobile if unmasked else mask_mobile(mobile),
                *rest,
                status_labels.get(status, status),
            ]

    data = build_workbook(
        headers=ROSTER_HEADERS,
        rows=rows(),
        text_columns=[1, 6],
        sheet_name="会员名册",
        widths={0: 12, 1: 22, 4: 24, 6: 14, 10: 30},
    )
    if unmasked and count:
        scope = org or (placement_of(user).org if user is not None else None)
        record_event(
            AuditEvent.Kind.EXPORT,
            user=user,
            username="" if user is not None else SYSTEM_USERNAME,
            org=scope,
            summary=f"导出会员名册（含完整身份证号码）{count} 人"
            + (f"：{scope.name}" if scope else ""),
            detail={"ledger": "members", "rows": count, "unmasked": True, "options": options or {}},
        )
    return data


def import_template() -> bytes:
    return MemberImport.template()
