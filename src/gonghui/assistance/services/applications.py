"""The three gates: 自愿申请 → 民主评议（入户审核、张榜公示、异议处理）→ 上报审批.

Every transition takes a list of applications (one is a list of one), checks each one's state,
refuses the whole batch with a reason per application when any move is illegal, and otherwise
writes one UPDATE, one bulk insert of ApplicationEvent rows and one of ChangeRecord rows.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gonghui.core.audit import change_record, record_create, snapshot
from gonghui.core.models import ChangeRecord
from gonghui.orgs.access import placement_of

from ..models import (
    Application,
    ApplicationEvent,
    Campaign,
    CampaignStandard,
    HouseholdBar,
    Objection,
    PublicNotice,
)
from ..rules import TRANSITIONS, State, refusal
from .checks import household_keys_for, load_checks
from .errors import AidError

DEFAULT_NOTICE_DAYS = 7
APPROVER_ROLES = ("staff", "approver")


def _user_name(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "命令行"
    placement = placement_of(user)
    return (placement.display_name if placement else "") or user.get_username()


def _check_states(applications, action: str) -> None:
    problems = [
        msg
        for app in applications
        if (msg := refusal(action, app.status, app.person.name if app.person_id else ""))
    ]
    if problems:
        raise AidError(problems)


def _move(applications, *, action: str, by, note: str = "", updates: dict | None = None):
    """Check and apply one transition to every application; all or nothing."""
    applications = list(applications)
    if not applications:
        raise AidError("没有选中任何申请")
    transition = TRANSITIONS[action]
    _check_states(applications, action)
    updates = dict(updates or {})
    now = timezone.now()
    ids = [app.pk for app in applications]
    Application.objects.filter(pk__in=ids).update(status=transition.target, updated=now, **updates)
    by_user = by if by is not None and getattr(by, "is_authenticated", False) else None
    name = _user_name(by)
    events, records = [], []
    for app in applications:
        before = {"status": app.status}
        events.append(
            ApplicationEvent(
                application=app,
                action=action,
                from_state=app.status,
                to_state=transition.target,
                by=by_user,
                by_name=name,
                note=note[:300],
            )
        )
        app.status = transition.target
        for field, value in updates.items():
            setattr(app, field, value)
        after = {"status": app.status, **snapshot(app, list(updates))}
        if note:
            after["note"] = note[:300]
        records.append(
            change_record(
                user=by,
                instance=app,
                action=ChangeRecord.Action.UPDATE,
                before=before,
                after=after,
                org=app.org,
                batch=f"aid-{action}",
            )
        )
    ApplicationEvent.objects.bulk_create(events)
    ChangeRecord.objects.bulk_create(records)
    return applications


def _need_reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise AidError(f"{what}必须填写理由")
    return reason


@transaction.atomic
def application_create(
    *,
    campaign,
    person,
    org,
    category: str,
    by,
    household_size: int = 1,
    cash: Decimal | None = None,
    goods: str | None = None,
    goods_value: Decimal | None = None,
    reason: str = "",
    note: str = "",
    submit: bool = True,
    today: dt.date | None = None,
) -> Application:
    """自愿申请: a new application, checked against double aid; submitted unless a draft."""
    today = today or timezone.localdate()
    if campaign.deadline and today > campaign.deadline and submit:
        raise AidError(f"“{campaign.name}”的申请已于{campaign.deadline:%Y年%m月%d日}截止")
    if not org.is_within(campaign.org) and not campaign.org.is_within(org):
        raise AidError(f"“{org}”不在主办工会“{campaign.org}”的范围内")
    standard = CampaignStandard.objects.filter(campaign=campaign, category=category).first()
    if cash is None:
        cash = standard.cash if standard else Decimal("0")
    if goods is None:
        goods = standard.goods if standard else ""
    if goods_value is None:
        goods_value = standard.goods_value if standard else Decimal("0")
    key, file_id = household_keys_for([person.pk])[person.pk]
    app = Application(
        campaign=campaign,
        person=person,
        org=org,
        hardship_file_id=file_id,
        household_key=key,
        category=category,
        household_size=household_size,
        cash=cash,
        goods=goods,
        goods_value=goods_value,
        reason=reason,
        note=note,
        status=State.DRAFT,
    )
    if submit:
        checks = load_checks(campaign=campaign, keys=[key], person_ids=[person.pk], today=today)
        problems = checks.problems(key=key, person_id=person.pk, amount=app.amount)
        if problems:
            raise AidError(problems)
    app.save()
    record_create(user=by, instance=app, org=org)
    if submit:
        _move([app], action="submit", by=by, note="自愿申请")
    return app


@transaction.atomic
def application_submit(*, applications, by, today=None):
    apps = list(applications)
    today = today or timezone.localdate()
    for app in apps:
        checks = load_checks(
            campaign=app.campaign,
            keys=[app.household_key],
            person_ids=[app.person_id],
            today=today,
            exclude_pk=app.pk,
        )
        problems = checks.problems(
            key=app.household_key, person_id=app.person_id, amount=app.amount
        )
        if problems:
            raise AidError([f"{app.person.name}：{p}" for p in problems])
    return _move(apps, action="submit", by=by, note="自愿申请")


@transaction.atomic
def application_review(*, applications, by, visit_date: dt.date, visitors: str, findings: str):
    """First review and home visit (入户调查) by the grassroots union."""
    if not visitors.strip() or not findings.strip():
        raise AidError("入户审核须填写走访人和核实情况")
    return _move(
        applications,
        action="review",
        by=by,
        note=findings,
        updates={"visit_date": visit_date, "visitors": visitors.strip(), "findings": findings},
    )


def notice_days_for(campaign) -> int:
    from .hardship import aid_setting_for

    if campaign.notice_days:
        return campaign.notice_days
    setting = aid_setting_for(campaign.org)
    if setting is not None:
        return setting.notice_days
    return getattr(settings, "AID_NOTICE_DAYS", DEFAULT_NOTICE_DAYS)


@transaction.atomic
def notice_publish(
    *,
    campaign,
    org,
    applications,
    by,
    starts: dt.date | None = None,
    days: int | None = None,
    title: str = "",
    phone: str | None = None,
) -> PublicNotice:
    """张榜公示: put many reviewed applications on one notice at once."""
    from .hardship import aid_setting_for

    apps = list(applications)
    outside = [
        a.person.name for a in apps if a.campaign_id != campaign.pk or not a.org.is_within(org)
    ]
    if outside:
        raise AidError(f"以下申请不属于本活动或不在“{org}”范围内：{'、'.join(outside)}")
    starts = starts or timezone.localdate()
    days = days or notice_days_for(campaign)
    if phone is None:
        setting = aid_setting_for(org)
        phone = (setting.objection_phone if setting else "") or org.phone
    notice = PublicNotice(
        campaign=campaign,
        org=org,
        title=title or f"{org.name}{campaign.name}拟救助对象公示",
        starts=starts,
        ends=starts + dt.timedelta(days=days - 1),
        phone=phone,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    notice.save()
    record_create(user=by, instance=notice, org=org)
    _move(apps, action="put_on_notice", by=by, note=notice.title, updates={"notice": notice})
    return notice


@transaction.atomic
def notice_clear(*, applications, by, today: dt.date | None = None):
    """公示期满: every objection resolved and none upheld, then the applications move on."""
    apps = list(applications)
    today = today or timezone.localdate()
    notice_ids = {a.notice_id for a in apps}
    notices = {n.pk: n for n in PublicNotice.objects.filter(pk__in=notice_ids)}
    open_general = set(
        Objection.objects.filter(
            notice_id__in=notice_ids, application__isnull=True, status=Objection.Status.OPEN
        ).values_list("notice_id", flat=True)
    )
    pending = {}
    for app_id, status in (
        Objection.objects.filter(application__in=[a.pk for a in apps])
        .exclude(status=Objection.Status.DISMISSED)
        .values_list("application_id", "status")
    ):
        if pending.get(app_id) != Objection.Status.UPHELD:
            pending[app_id] = status
    problems = []
    for app in apps:
        notice = notices.get(app.notice_id)
        if app.status != State.ON_NOTICE or notice is None:
            continue  # _move gives the state message
        if not notice.has_ended(today):
            problems.append(
                f"{app.person.name}：公示期至{notice.ends:%Y年%m月%d日}，期满后才能继续办理"
            )
        elif app.notice_id in open_general:
            problems.append(f"{app.person.name}：公示“{notice.title}”还有未处理的异议")
        elif pending.get(app.pk) == Objection.Status.OPEN:
            problems.append(
                f"{app.person.name}：有未处理的异议，须先处理（成立或不成立并说明理由）"
            )
        elif pending.get(app.pk) == Objection.Status.UPHELD:
            problems.append(f"{app.person.name}：异议成立，只能不予批准或取消资格")
    if problems:
        raise AidError(problems)
    return _move(apps, action="clear_notice", by=by, note="公示期满，异议已处理")


@transaction.atomic
def application_report_up(*, applications, by, note: str = ""):
    return _move(applications, action="report_up", by=by, note=note or "上报审批")


def approval_refusal(campaign, by) -> str:
    """Why `by` may not approve (or decline) the campaign's reported applications; "" if they may.

    The pages ask this to offer 批准 / 不予批准 only to the people the service will let through.
    """
    if by is None:
        return ""  # the command line acts as the system
    placement = placement_of(by)
    if placement is None or placement.role not in APPROVER_ROLES:
        return "只有工会工作人员或审批人可以审批"
    org = campaign.org
    if campaign.approval == Campaign.Approval.UPPER:
        # 上级总工会审批: a federation above the organiser, never the organiser itself.
        if not (org.is_within(placement.org) and org.path != placement.org.path):
            return f"“{campaign.name}”须由上级总工会审批"
    elif not org.is_within(placement.org):
        return f"“{campaign.name}”须由主办工会“{org}”或其上级审批"
    return ""


def may_approve(*, campaign, by) -> bool:
    return not approval_refusal(campaign, by)


def _check_approver(apps, by):
    placement = placement_of(by) if by is not None else None
    if by is not None and (placement is None or placement.role not in APPROVER_ROLES):
        raise AidError("只有工会工作人员或审批人可以审批")
    for campaign in {app.campaign_id: app.campaign for app in apps}.values():
        if problem := approval_refusal(campaign, by):
            raise AidError(problem)


@transaction.atomic
def application_approve(*, applications, by, note: str = ""):
    apps = list(applications)
    _check_states(apps, "approve")
    _check_approver(apps, by)
    return _move(apps, action="approve", by=by, note=note or "批准")


@transaction.atomic
def application_reject(*, applications, by, reason: str):
    apps = list(applications)
    reason = _need_reason(reason, "不予批准")
    if any(a.status == State.REPORTED for a in apps):
        _check_approver([a for a in apps if a.status == State.REPORTED], by)
    return _move(apps, action="reject", by=by, note=reason)


@transaction.atomic
def application_disqualify(*, applications, by, reason: str, today: dt.date | None = None):
    """如有不实，一律取消申报资格: struck, and the household barred for the organiser's period."""
    from gonghui.core.dates import add_months

    apps = _move(applications, action="disqualify", by=by, note=_need_reason(reason, "取消资格"))
    today = today or timezone.localdate()
    bars = [
        HouseholdBar(
            household_key=app.household_key,
            person_id=app.person_id,
            application=app,
            until=add_months(today, app.campaign.bar_months),
            reason=reason[:300],
        )
        for app in apps
    ]
    HouseholdBar.objects.bulk_create(bars)
    return apps


@transaction.atomic
def application_close(*, applications, by, note: str = ""):
    apps = list(applications)
    unsigned = set(
        Application.objects.filter(
            pk__in=[a.pk for a in apps], disbursements__receipt_signed=False
        ).values_list("pk", flat=True)
    )
    problems = [
        f"{a.person.name}：还有未签收的发放记录，签收后才能办结" for a in apps if a.pk in unsigned
    ]
    if problems:
        raise AidError(problems)
    return _move(apps, action="close", by=by, note=note or "办结")


def objection_file(*, notice, text: str, contact: str = "", application_id=None, today=None):
    """A visitor's objection on the public page, accepted only during the window."""
    today = today or timezone.localdate()
    if not notice.is_showing(today):
        raise AidError("该公示不在公示期内，不能提出异议")
    text = (text or "").strip()
    if len(text) < 5:
        raise AidError("请写明异议内容（至少 5 个字）")
    application = None
    if application_id:
        application = notice.applications.filter(pk=application_id).first()
        if application is None:
            raise AidError("所选对象不在本公示名单中")
    with transaction.atomic():
        objection = Objection.objects.create(
            notice=notice, application=application, text=text[:2000], contact=contact[:100]
        )
        record_create(user=None, instance=objection, org=notice.org)
    return objection


@transaction.atomic
def objection_resolve(*, objection, by, upheld: bool, reason: str):
    if objection.status != Objection.Status.OPEN:
        raise AidError("该异议已处理，不能重复处理")
    reason = _need_reason(reason, "处理异议")
    before = snapshot(objection)
    objection.status = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
    objection.resolution = reason[:300]
    objection.resolved_by = by
    objection.resolved_at = timezone.now()
    objection.save()
    from gonghui.core.audit import record_update

    record_update(user=by, instance=objection, before=before, org=objection.notice.org)
    return objection
