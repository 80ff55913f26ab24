"""Aid workflows: one function per step, each in one transaction with its audit records."""

from .applications import (
    application_approve,
    application_close,
    application_create,
    application_disqualify,
    application_reject,
    application_report_up,
    application_review,
    application_submit,
    approval_refusal,
    may_approve,
    notice_clear,
    notice_days_for,
    notice_publish,
    objection_file,
    objection_resolve,
)
from .checks import AidChecks, household_keys_for, load_checks
from .errors import AidError
from .hardship import (
    aid_setting_for,
    hardship_file_close,
    hardship_file_open,
    hardship_file_review,
)
from .payouts import (
    disbursement_record,
    disbursement_sign,
    schedule_create,
    schedule_generate,
    visit_record,
)

__all__ = [
    "AidChecks",
    "AidError",
    "aid_setting_for",
    "application_approve",
    "application_close",
    "application_create",
    "application_disqualify",
    "application_reject",
    "application_report_up",
    "application_review",
    "application_submit",
    "approval_refusal",
    "disbursement_record",
    "disbursement_sign",
    "hardship_file_close",
    "hardship_file_open",
    "hardship_file_review",
    "household_keys_for",
    "load_checks",
    "may_approve",
    "notice_clear",
    "notice_days_for",
    "notice_publish",
    "objection_file",
    "objection_resolve",
    "schedule_create",
    "schedule_generate",
    "visit_record",
]
