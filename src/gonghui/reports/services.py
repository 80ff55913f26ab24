"""Report workflows: create, save the narrative (a new version each time), finalise."""

from django.core.exceptions import ValidationError
from django.db import transaction

from gonghui.core.audit import record_create, record_update, snapshot

from .models import NarrativeVersion, Report
from .registry import KINDS


@transaction.atomic
def report_create(*, by, kind, org, period, subject="", rounded=False) -> Report:
    if kind not in KINDS:
        raise ValidationError(f"没有这种总结类型：{kind}")
    report = Report.objects.create(
        kind=kind,
        org=org,
        start=period.start,
        end=period.end,
        subject=subject,
        rounded=rounded,
        created_by=by,
    )
    record_create(user=by, instance=report, org=org)
    return report


@transaction.atomic
def report_save_narrative(
    *, report: Report, by, texts: dict[str, str], final: bool = False
) -> NarrativeVersion:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status == Report.Status.FINAL and not final:
        raise ValidationError("该总结已定稿；如需修改，请先另存为新的草稿版本（重新打开）")
    allowed = {n.key for n in KINDS[report.kind].narratives}
    clean = {k: v.strip() for k, v in texts.items() if k in allowed}
    latest = report.latest_version()
    number = (latest.number + 1) if latest else 1
    status = Report.Status.FINAL if final else Report.Status.DRAFT
    version = NarrativeVersion.objects.create(
        report=report, number=number, texts=clean, status=status, author=by
    )
    before = snapshot(report)
    report.status = status
    report.save(update_fields=["status", "updated"])
    record_update(user=by, instance=report, before=before, org=report.org)
    return version


@transaction.atomic
def report_reopen(*, report: Report, by) -> Report:
    before = snapshot(report)
    report.status = Report.Status.DRAFT
    report.save(update_fields=["status", "updated"])
    record_update(user=by, instance=report, before=before, org=report.org)
    return report
