import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.competitions import services
from gonghui.competitions.models import Award, Competition, Participant, Trade
from gonghui.orgs.models import Team
from tests.url_rows import Row, everyone, scoped_read, scoped_write, staff_only


def _comp(w, units=True):
    comp = services.competition_create(
        by=w.clerk,
        name="矩阵安康杯",
        kind=Competition.Kind.SAFETY,
        organiser=w.town,
        start_date=dt.date(2026, 3, 1),
        end_date=dt.date(2027, 12, 31),
    )
    services.requirements_add_standard(by=w.clerk, competition=comp)
    services.rubric_add_standard(by=w.clerk, competition=comp)
    if units:
        for org in (w.union_a, w.union_b):
            services.participant_add(by=w.clerk, competition=comp, org=org)
    return comp


def _comp_pk(w):
    return {"pk": _comp(w).pk}


def _part_a(w):
    return _comp(w).participants.get(org=w.union_a)


def _unit(w):
    return {"pk": _part_a(w).pk}


def _upload(w):
    part = _part_a(w)
    return {"pk": part.pk, "requirement": part.competition.requirements.first().pk}


def _download(w):
    part = _part_a(w)
    sub = services.submission_record(
        by=w.chair_a,
        participant=part,
        requirement=part.competition.requirements.first(),
        file=SimpleUploadedFile("方案.pdf", b"%PDF-1.4"),
    )
    return {"pk": sub.pk}


def _award(w):
    part = _part_a(w)
    award = services.award_propose(
        by=w.clerk,
        title=Award.Title.WINNING_UNIT,
        year=2027,
        level=Award.Level.TOWN,
        org=w.union_a,
        competition=part.competition,
    )
    return {"pk": award.pk}


def _proposal(w):
    p = services.proposal_submit(
        by=w.chair_a, org=w.union_a, title="节能改造", proposer_name="李四"
    )
    return {"pk": p.pk}


def _team(w):
    from gonghui.orgs.models import Team

    part = _part_a(w)
    team = Team.objects.create(org=w.union_a, name="织造甲班")
    return {"pk": part.pk, "what": "activity"}, team


def _round(w):
    comp = _comp(w)
    trade = services.trade_add(by=w.clerk, competition=comp, name="电工")
    return {"pk": comp.pk, "round": trade.rounds.first().pk}


MANAGE = staff_only(200, chair=403)

ROWS = [
    Row("competitions:list", expect=everyone()),
    Row("competitions:create", expect=MANAGE),
    Row("competitions:detail", kwargs=_comp_pk, expect=everyone()),
    Row("competitions:board", kwargs=_comp_pk, expect=MANAGE),
    Row("competitions:board", kwargs=_comp_pk, query="?state=missing", expect=MANAGE),
    Row("competitions:findings", kwargs=_comp_pk, expect=MANAGE),
    Row("competitions:ranking", kwargs=_comp_pk, expect=MANAGE),
    Row("competitions:export", kwargs=_comp_pk, expect=MANAGE),
    Row(
        "competitions:setup",
        kwargs=lambda w: {"pk": _comp(w).pk, "what": "rubric"},
        method="post",
        data={"group": "内容", "name": "隐患排查", "max_points": "5"},
        expect=staff_only(302, chair=403),
    ),
    Row(
        "competitions:register",
        kwargs=lambda w: {"pk": _comp(w, units=False).pk},
        method="post",
        expect={
            "anonymous": "login",
            "chair_b": 302,
            "viewer": 403,
            "approver": 403,
            "chair_a": 302,
            "clerk": 403,
        },
    ),
    Row("competitions:contest", kwargs=_comp_pk, expect=everyone()),
    Row(
        "competitions:contest_setup",
        kwargs=lambda w: {"pk": _comp(w).pk, "what": "trade"},
        method="post",
        data={"name": "中式烹饪", "rounds": "初赛、决赛"},
        expect=staff_only(302, chair=403),
    ),
    Row(
        "competitions:contest_setup",
        kwargs=lambda w: {"pk": _round(w)["pk"], "what": "round"},
        method="post",
        data=lambda w: {"trade": Trade.objects.get(name="电工").pk, "name": "复赛"},
        expect=staff_only(302, chair=403),
    ),
    Row("competitions:round_scores", kwargs=_round, expect=MANAGE),
    Row(
        "competitions:round_scores",
        kwargs=_round,
        method="post",
        data={},
        expect=staff_only(302, chair=403),
        note="an empty grid saves nothing and goes back to the contest page",
    ),
    Row("competitions:awards", kwargs=_comp_pk, expect=everyone()),
    Row(
        "competitions:awards",
        kwargs=_comp_pk,
        method="post",
        data=lambda w: {
            "title": "winning_team",
            "level": "town",
            "year": "2027",
            "participant": Participant.objects.get(org=w.union_a).pk,
            "recipient": "team",
            "team": Team.objects.create(org=w.union_a, name="矩阵班组").pk,
        },
        expect=staff_only(302, chair=403),
        note="proposing an award to a team of a participating unit",
    ),
    Row("competitions:award", kwargs=_award, expect=scoped_read()),
    Row("competitions:participant", kwargs=_unit, expect=scoped_read()),
    Row(
        "competitions:upload",
        kwargs=_upload,
        method="post",
        data=lambda w: {"file": SimpleUploadedFile("报名表.pdf", b"%PDF-1.4")},
        expect=scoped_write(302),
    ),
    Row(
        "competitions:inspect",
        kwargs=lambda w: {**_unit(w), "kind": "self"},
        expect=scoped_write(200),
    ),
    Row(
        "competitions:inspect",
        kwargs=lambda w: {**_unit(w), "kind": "spot"},
        expect={**scoped_write(200), "chair_a": 403},
    ),
    Row(
        "competitions:team_record",
        kwargs=lambda w: _team(w)[0],
        method="post",
        data={"month": "2026-04", "content": "x"},
        expect=scoped_write(302),
    ),
    Row("competitions:download", kwargs=_download, expect=scoped_read()),
    Row("competitions:proposals", expect=everyone()),
    Row(
        "competitions:proposal_create",
        expect={**everyone(), "viewer": 403, "approver": 403},
    ),
    Row("competitions:proposal", kwargs=_proposal, expect=scoped_read()),
]


def api_read(status=200) -> dict:
    return {
        "anonymous": 401,
        **{r: status for r in ("chair_b", "viewer", "approver", "chair_a", "clerk")},
    }


def _api_comp(w):
    return {"competition_id": _comp(w).pk}


API_MANAGE = {
    "anonymous": 401,
    "chair_b": 403,
    "viewer": 403,
    "approver": 403,
    "chair_a": 403,
    "clerk": 200,
}

ROWS += [
    Row("api:competitions", expect=api_read()),
    Row("api:competition", kwargs=_api_comp, expect=api_read()),
    Row("api:competition_findings", kwargs=_api_comp, expect=API_MANAGE),
    Row("api:competition_board", kwargs=_api_comp, expect=API_MANAGE),
    Row("api:competition_ranking", kwargs=_api_comp, expect=API_MANAGE),
    Row("api:proposals", expect=api_read()),
    Row(
        "api:proposals_create",
        method="post",
        expect={**api_read(400), "viewer": 403, "approver": 403},
        note="empty form body: writers get 400, readers 403 before the body is read",
    ),
    Row("api:proposal_figures", expect=api_read()),
]


# -- contestants on the contest page, and their web import (the organiser's staff only)
def _contestant(w):
    comp = _comp(w)
    trade = services.trade_add(by=w.clerk, competition=comp, name="电工")
    from tests.factories import make_person

    c = services.contestant_add(
        by=w.clerk,
        trade=trade,
        participant=comp.participants.get(org=w.union_a),
        person=make_person("矩阵选手"),
    )
    return {"pk": comp.pk, "contestant": c.pk}


CONTESTANTS_CSV = "姓名,公民身份号码,参赛单位,竞赛项目\n"


def _contestants_csv():
    from tests.factories import make_id_number

    return CONTESTANTS_CSV + f"王强,{make_id_number()},桥涯村工会,电工\n"


def _contestants_job(w):
    from gonghui.core.import_jobs import job_create, job_start

    comp = _comp(w)
    job = job_create(
        user=w.clerk,
        ledger="contestants",
        filename="选手.csv",
        data=_contestants_csv().encode(),
        options={"competition": comp.name, "competition_id": comp.pk},
    )
    job_start(job, commit=False)
    return {"pk": comp.pk, "job_id": job.id}


ROWS += [
    Row(
        "competitions:contest_setup",
        kwargs=lambda w: {"pk": _round(w)["pk"], "what": "contestant"},
        method="post",
        data=lambda w: {
            "trade": Trade.objects.get(name="电工").pk,
            "participant": Participant.objects.get(org=w.union_a).pk,
            "person_name": "无此会员",
        },
        expect=staff_only(302, chair=403),
        note="an unknown name comes back as a message on the contest page",
    ),
    Row(
        "competitions:contestant_remove",
        kwargs=_contestant,
        method="post",
        expect=staff_only(302, chair=403),
    ),
    Row("competitions:contestants_import", kwargs=_comp_pk, expect=MANAGE),
    Row(
        "competitions:contestants_import",
        kwargs=_comp_pk,
        method="post",
        data=lambda w: {
            "file": SimpleUploadedFile("选手.csv", _contestants_csv().encode(), "text/csv")
        },
        expect=staff_only(302, chair=403),
    ),
    Row("competitions:contestants_import_template", kwargs=_comp_pk, expect=MANAGE),
    Row("competitions:contestants_import_preview", kwargs=_contestants_job, expect=MANAGE),
    Row("competitions:contestants_import_progress", kwargs=_contestants_job, expect=MANAGE),
    Row("competitions:contestants_import_errors", kwargs=_contestants_job, expect=MANAGE),
    Row(
        "competitions:contestants_import_commit",
        kwargs=_contestants_job,
        method="post",
        expect=staff_only(302, chair=403),
    ),
    Row(
        "competitions:contestants_import_cancel",
        kwargs=_contestants_job,
        method="post",
        expect=staff_only(302, chair=403),
    ),
]


# -- 职工技能等级提升: everyone placed reads their subtree; writers record within it
def _grade_body(w):
    from tests.factories import make_id_number

    return {
        "org": "桥涯村工会",
        "id_number": make_id_number(),
        "person_name": "矩阵职工",
        "grade_to": "2",
        "certified_on": "2026-01-05",
        "via": "training",
    }


GRADES_CSV = "姓名,公民身份号码,所在工会,新等级,取证日期\n"


def _grades_csv():
    from tests.factories import make_id_number

    return GRADES_CSV + f"王强,{make_id_number()},桥涯村工会,中级工,2026-01-05\n"


def _grades_job(w):
    from gonghui.core.import_jobs import job_create, job_start

    job = job_create(
        user=w.clerk, ledger="graderises", filename="提升.csv", data=_grades_csv().encode()
    )
    job_start(job, commit=False)
    return {"job_id": job.id}


_writers_anywhere = {
    "anonymous": "login",
    "chair_b": 200,
    "viewer": 403,
    "approver": 403,
    "chair_a": 200,
    "clerk": 200,
}
_own_import = {
    "anonymous": "login",
    "chair_b": 404,
    "viewer": 403,
    "approver": 403,
    "chair_a": 404,
    "clerk": 200,
}

ROWS += [
    Row("competitions:grade_rises", expect=everyone()),
    Row(
        "competitions:grade_rises",
        query=lambda w: f"?org={w.union_a.pk}",
        expect=scoped_read(),
    ),
    Row(
        "competitions:grade_rises",
        method="post",
        data=_grade_body,
        expect={**_writers_anywhere, "chair_a": 302, "clerk": 302},
        note="chair_b names union A: the form says it is outside their scope (200), nothing written",
    ),
    Row("competitions:grades_export", expect=everyone()),
    Row("competitions:grades_import", expect=_writers_anywhere),
    Row(
        "competitions:grades_import",
        method="post",
        data=lambda w: {"file": SimpleUploadedFile("提升.csv", _grades_csv().encode(), "text/csv")},
        expect={**_writers_anywhere, "chair_b": 302, "chair_a": 302, "clerk": 302},
        note="chair_b's rows naming union A are rejected at the check",
    ),
    Row("competitions:grades_import_template", expect=everyone()),
    Row("competitions:grades_import_preview", kwargs=_grades_job, expect=_own_import),
    Row("competitions:grades_import_progress", kwargs=_grades_job, expect=_own_import),
    Row("competitions:grades_import_errors", kwargs=_grades_job, expect=_own_import),
    Row(
        "competitions:grades_import_commit",
        kwargs=_grades_job,
        method="post",
        expect={**_own_import, "clerk": 302},
    ),
    Row(
        "competitions:grades_import_cancel",
        kwargs=_grades_job,
        method="post",
        expect={**_own_import, "clerk": 302},
    ),
    Row("api:grade_rises", expect=api_read()),
    Row(
        "api:grade_rises",
        query=lambda w: f"?org={w.union_a.pk}",
        expect={**api_read(), "chair_b": 404},
    ),
    Row(
        "api:grade_rises_create",
        method="post",
        expect={**api_read(400), "viewer": 403, "approver": 403},
        note="empty form body: writers get 400, readers 403 before the body is read",
    ),
]
