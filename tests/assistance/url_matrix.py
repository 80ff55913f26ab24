"""Access rows for the aid pages (see tests/url_rows.py)."""

import datetime as dt
from decimal import Decimal

from gonghui.assistance.models import (
    Application,
    Campaign,
    CampaignStandard,
    Disbursement,
    HardshipFile,
    Objection,
    PublicNotice,
)
from gonghui.assistance.rules import State
from tests.assistance.helpers import set_dibao
from tests.factories import make_person
from tests.url_rows import ROLES, Row, everyone, scoped_read, scoped_write, staff_only


def _campaign(w) -> Campaign:
    campaign = Campaign.objects.create(
        name="矩阵送温暖",
        kind="warmth",
        org=w.town,
        start=dt.date(2025, 12, 1),
        end=dt.date(2099, 12, 31),
    )
    CampaignStandard.objects.create(campaign=campaign, category="dibao", cash=Decimal("300"))
    return campaign


def _app(w, status=State.SUBMITTED) -> Application:
    person = make_person("矩阵甲")
    return Application.objects.create(
        campaign=_campaign(w),
        person=person,
        org=w.union_a,
        category="dibao",
        household_key=f"P{person.pk}",
        status=status,
        cash=Decimal("300"),
    )


def _notice(w) -> PublicNotice:
    app = _app(w, State.ON_NOTICE)
    notice = PublicNotice.objects.create(
        campaign=app.campaign,
        org=w.union_a,
        title="矩阵公示",
        starts=dt.date(2020, 1, 1),
        ends=dt.date(2099, 1, 1),
    )
    app.notice = notice
    app.save()
    return notice


def _file(w) -> HardshipFile:
    set_dibao(w.town)
    return HardshipFile.objects.create(
        org=w.union_a,
        head=make_person("矩阵户主"),
        cause="illness",
        annual_income=Decimal("1000"),
        household_size=2,
        dibao_monthly=Decimal("800"),
        tier="deep",
        opened=dt.date(2025, 1, 1),
        review_due=dt.date(2026, 1, 1),
    )


def _disbursement(w) -> Disbursement:
    app = _app(w, State.DISBURSED)
    return Disbursement.objects.create(
        application=app,
        org=w.union_a,
        date=dt.date(2026, 1, 5),
        method="bank",
        cash=Decimal("300"),
    )


def _objection(w) -> Objection:
    return Objection.objects.create(notice=_notice(w), text="该户有两套住房")


_writers = {
    "anonymous": "login",
    "chair_b": 302,
    "viewer": 403,
    "approver": 403,
    "chair_a": 302,
    "clerk": 302,
}
_pdf = 200  # tests/test_url_matrix.py stands in for LibreOffice

ROWS = [
    Row("assistance:campaigns", expect=everyone()),
    Row("assistance:campaign_new", expect=staff_only()),
    Row(
        "assistance:campaign_new",
        method="post",
        data={
            "name": "矩阵新活动",
            "kind": "warmth",
            "start": "2026-01-01",
            "end": "2026-02-01",
            "budget": "1000",
            "recipients": "residents",
            "approval": "organiser",
            "bar_months": "12",
            "std-category": "dibao",
            "std-cash": "300",
        },
        expect=staff_only(302),
    ),
    Row("assistance:campaign", kwargs=lambda w: {"pk": _campaign(w).pk}, expect=everyone()),
    Row(
        "assistance:campaign",
        kwargs=lambda w: {"pk": _app(w).campaign_id},
        query="?state=submitted",
        expect=everyone(),
    ),
    Row(
        "assistance:campaign_batch",
        method="post",
        kwargs=lambda w: {"pk": _app(w).campaign_id},
        data={"action": "report_up", "all": "1"},
        expect=_writers,
    ),
    Row(
        "assistance:application_new",
        kwargs=lambda w: {"pk": _campaign(w).pk},
        expect={**_writers, "chair_b": 200, "chair_a": 200, "clerk": 200},
    ),
    Row(
        "assistance:application_new",
        method="post",
        kwargs=lambda w: {"pk": _campaign(w).pk},
        data=lambda w: {
            "name": "赵六",
            "id_number": "320102199003070017",
            "org": w.union_a.pk,
            "category": "dibao",
            "household_size": "2",
        },
        # chair_b cannot choose union_a: the form comes back with an error.
        expect={**_writers, "chair_b": 200},
    ),
    Row(
        "assistance:campaign_visit",
        method="post",
        kwargs=lambda w: {"pk": _campaign(w).pk},
        data={
            "date": "2026-01-20",
            "kind": "elderly_home",
            "place": "敬老院",
            "people_reached": "30",
            "cash": "1000",
            "goods_value": "0",
        },
        expect=_writers,
    ),
    Row(
        "assistance:campaign_export",
        kwargs=lambda w: {"pk": _app(w).campaign_id},
        expect=everyone(),
    ),
    Row("assistance:application", kwargs=lambda w: {"pk": _app(w).pk}, expect=scoped_read()),
    Row(
        "assistance:application_act",
        method="post",
        kwargs=lambda w: {"pk": _app(w).pk},
        data={"action": "reject", "reason": "材料不全"},
        expect=scoped_write(),
    ),
    Row(
        "assistance:disburse",
        method="post",
        kwargs=lambda w: {"pk": _app(w, State.APPROVED).pk},
        data={"date": "2026-01-20", "method": "bank", "cash": "300"},
        expect=scoped_write(),
    ),
    Row(
        "assistance:disbursement_sign",
        method="post",
        kwargs=lambda w: {"pk": _disbursement(w).pk},
        expect=scoped_write(),
    ),
    Row("assistance:notice", kwargs=lambda w: {"pk": _notice(w).pk}, expect=scoped_read()),
    Row("assistance:notice_docx", kwargs=lambda w: {"pk": _notice(w).pk}, expect=scoped_read()),
    Row(
        "assistance:notice_pdf",
        kwargs=lambda w: {"pk": _notice(w).pk},
        expect={**scoped_read(), **{r: _pdf for r in ("viewer", "approver", "chair_a", "clerk")}},
    ),
    Row(
        "assistance:objection_resolve",
        method="post",
        kwargs=lambda w: {"pk": _objection(w).pk},
        data={"upheld": "0", "reason": "经核实无此情况"},
        expect=scoped_write(),
    ),
    Row("assistance:hardship", expect=staff_only()),
    Row("assistance:hardship", query="?status=open&due=1", expect=staff_only()),
    Row("assistance:hardship_new", expect=staff_only()),
    Row(
        "assistance:hardship_new",
        method="post",
        data=lambda w: (
            set_dibao(w.town),
            {
                "name": "褚十四",
                "id_number": "320102198506150022",
                "org": w.union_a.pk,
                "cause": "illness",
                "annual_income": "12000",
                "rigid_spending": "0",
                "household_size": "3",
                "sudden_costs": "0",
                "opened": "2025-06-01",
            },
        )[1],
        expect=staff_only(302),
    ),
    Row("assistance:hardship_file", kwargs=lambda w: {"pk": _file(w).pk}, expect=staff_only()),
    Row(
        "assistance:hardship_review",
        method="post",
        kwargs=lambda w: {"pk": _file(w).pk},
        data={
            "date": "2026-01-10",
            "reviewer": "李",
            "annual_income": "12000",
            "rigid_spending": "0",
            "household_size": "3",
        },
        expect=staff_only(302),
    ),
    Row(
        "assistance:hardship_close",
        method="post",
        kwargs=lambda w: {"pk": _file(w).pk},
        data={"date": "2026-01-10", "reason": "moved"},
        expect=staff_only(302),
    ),
    Row(
        "aid_public:notice",
        kwargs=lambda w: {"token": _notice(w).token},
        expect=everyone(200, anonymous=200),
    ),
    Row(
        "aid_public:notice",
        method="post",
        kwargs=lambda w: {"token": _notice(w).token},
        data={"text": "这户人家开着轿车", "contact": ""},
        expect=everyone(200, anonymous=200),
    ),
]


def _api(status=200):
    return {r: (401 if r == "anonymous" else status) for r in ROLES}


def _api_write(writers=400):
    # POSTs here carry a form body: writers get "not JSON" (400), readers 403 before it is read.
    return {
        "anonymous": 401,
        "chair_b": writers,
        "viewer": 403,
        "approver": 403,
        "chair_a": writers,
        "clerk": writers,
    }


_api_scoped = {
    "anonymous": 401,
    "chair_b": 404,
    "viewer": 200,
    "approver": 200,
    "chair_a": 200,
    "clerk": 200,
}

ROWS += [
    Row("api:aid_campaigns", expect=_api()),
    Row("api:aid_campaigns", method="post", expect=_api_write()),
    Row("api:aid_campaign", kwargs=lambda w: {"pk": _campaign(w).pk}, expect=_api()),
    Row("api:aid_applications", kwargs=lambda w: {"pk": _campaign(w).pk}, expect=_api()),
    Row(
        "api:aid_applications",
        method="post",
        kwargs=lambda w: {"pk": _campaign(w).pk},
        expect=_api_write(),
    ),
    Row("api:aid_application", kwargs=lambda w: {"pk": _app(w).pk}, expect=_api_scoped),
    Row("api:aid_transition", method="post", expect=_api_write()),
    Row(
        "api:aid_disburse", method="post", kwargs=lambda w: {"pk": _app(w).pk}, expect=_api_write()
    ),
    Row("api:aid_disbursements", query=lambda w: f"?campaign={_campaign(w).pk}", expect=_api()),
    Row("api:aid_visits", expect=_api()),
    Row("api:aid_visits", method="post", expect=_api_write()),
    Row("api:aid_figures", expect=_api()),
]

# 上报审批: the county approver approves (the campaign's approving level is checked by the service).
ROWS += [
    Row(
        "assistance:application_act",
        method="post",
        kwargs=lambda w: {"pk": _app(w, State.REPORTED).pk},
        data={"action": "approve"},
        expect={
            "anonymous": "login",
            "chair_b": 404,  # a sibling's application is not found before any role check
            "viewer": 403,
            "approver": 302,
            "chair_a": 403,
            "clerk": 302,
        },
    ),
]


# The ledger import of a campaign (views_import.py): writers only; a checked import belongs to its
# uploader alone (and to its campaign).
def _aid_csv():
    from gonghui.assistance.ledger import HEADERS
    from tests.factories import make_id_number

    return (
        ",".join(HEADERS)
        + f"\n矩阵乙,{make_id_number()},桥涯村工会,低保户,2,300,,,2026-01-20,李四,\n"
    ).encode()


def _clerk_aid_import(w):
    from gonghui.core.import_jobs import job_create, job_start

    campaign = _campaign(w)
    job = job_create(
        user=w.clerk,
        ledger="aid",
        filename="台账.csv",
        data=_aid_csv(),
        options={"campaign": campaign.name, "campaign_id": campaign.pk},
    )
    job_start(job, commit=False)
    return {"pk": campaign.pk, "job_id": job.id}


def _aid_upload(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("台账.csv", _aid_csv(), "text/csv")}


_aid_writers = {
    "anonymous": "login",
    "chair_b": 200,
    "viewer": 403,
    "approver": 403,
    "chair_a": 200,
    "clerk": 200,
}
_aid_own_import = {
    "anonymous": "login",
    "chair_b": 404,
    "viewer": 403,
    "approver": 403,
    "chair_a": 404,
    "clerk": 200,
}

ROWS += [
    Row("assistance:import", kwargs=lambda w: {"pk": _campaign(w).pk}, expect=_aid_writers),
    Row(
        "assistance:import",
        method="post",
        kwargs=lambda w: {"pk": _campaign(w).pk},
        data=_aid_upload,
        expect={**_aid_writers, "chair_b": 302, "chair_a": 302, "clerk": 302},
    ),
    Row("assistance:import_template", kwargs=lambda w: {"pk": _campaign(w).pk}, expect=everyone()),
    Row("assistance:import_preview", kwargs=_clerk_aid_import, expect=_aid_own_import),
    Row("assistance:import_progress", kwargs=_clerk_aid_import, expect=_aid_own_import),
    Row("assistance:import_errors", kwargs=_clerk_aid_import, expect=_aid_own_import),
    Row(
        "assistance:import_commit",
        method="post",
        kwargs=_clerk_aid_import,
        expect={**_aid_own_import, "clerk": 302},
    ),
    Row(
        "assistance:import_cancel",
        method="post",
        kwargs=_clerk_aid_import,
        expect={**_aid_own_import, "clerk": 302},
    ),
]


# 常年帮扶计划 on the application page (views_schedule.py): writers in scope only.
def _schedule(w):
    from gonghui.assistance.models import SupportSchedule

    return SupportSchedule.objects.create(
        application=_app(w, State.APPROVED),
        description="矩阵常年帮扶",
        first=dt.date(2026, 1, 15),
        months=12,
        cash=Decimal("100"),
        goods=[{"item": "大米", "quantity": "25", "unit": "kg", "value": "100"}],
    )


ROWS += [
    Row(
        "assistance:schedule_new",
        method="post",
        kwargs=lambda w: {"pk": _app(w, State.APPROVED).pk},
        data={
            "sc-description": "一年的米、油、水电",
            "sc-months": "12",
            "sc-first": "2026-01-15",
            "sc-cash": "100",
            "sc-method": "in_person",
            "sg-TOTAL_FORMS": "1",
            "sg-INITIAL_FORMS": "0",
            "sg-0-item": "大米",
            "sg-0-quantity": "25",
            "sg-0-unit": "kg",
            "sg-0-value": "100",
        },
        expect=scoped_write(),
    ),
    Row(
        "assistance:schedule_generate",
        method="post",
        kwargs=lambda w: {"pk": _schedule(w).pk},
        expect=scoped_write(),
    ),
]


# 显示完整号码 (issue 2): full ID numbers only for the roles in settings.UNMASK_ROLES (staff, chair);
# each display is logged. The viewer and the approver may read the pages but not unmask (403).
ROWS += [
    Row(
        "assistance:campaign_reveal",
        method="post",
        kwargs=lambda w: {"pk": _app(w).campaign_id},
        query="?state=submitted&page=1",
        # chair_b sees the town's campaign (and only union_b's rows, none here).
        expect={**_writers, "chair_b": 200, "chair_a": 200, "clerk": 200},
    ),
    Row(
        "assistance:application_reveal",
        method="post",
        kwargs=lambda w: {"pk": _app(w).pk},
        expect=scoped_write(200),
    ),
    Row(
        "assistance:application_reveal",
        method="post",
        kwargs=lambda w: {"pk": _app(w).pk},
        headers={"HX-Request": "true"},
        expect=scoped_write(200),
    ),
    Row(
        "assistance:hardship_reveal",
        method="post",
        kwargs=lambda w: {"pk": _file(w).pk},
        expect=staff_only(),
    ),
]
