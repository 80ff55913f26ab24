import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.competitions import services
from gonghui.competitions.models import (
    Award,
    AwardCheck,
    Competition,
    Inspection,
    Proposal,
    Requirement,
    Submission,
)
from gonghui.competitions.selectors import (
    competition_figures,
    handin_board,
    handins_due_soon,
    ranking,
)
from gonghui.core.models import ChangeRecord

from .helpers import safety_competition


def test_safety_competition_runs_two_years(world):
    with pytest.raises(ValidationError, match="两年"):
        services.competition_create(
            by=world.clerk,
            name="一年的安康杯",
            kind=Competition.Kind.SAFETY,
            organiser=world.town,
            start_date=dt.date(2026, 1, 1),
            end_date=dt.date(2026, 12, 31),
        )


def test_participants_only_from_the_organisers_subtree(world):
    comp = safety_competition(world)
    with pytest.raises(ValidationError, match="不在主办工会"):
        services.participant_add(by=world.clerk, competition=comp, org=world.union_c)


def test_assign_all_adds_every_grassroots_union_once(world):
    comp = safety_competition(world, units=[world.union_a])
    assert services.participants_assign_all(by=world.clerk, competition=comp, under=world.town) == 1
    assert comp.participants.count() == 2


@time_machine.travel(dt.datetime(2026, 3, 29, 9, 0), tick=False)
def test_upload_and_replace_keeps_the_first_date(world):
    comp = safety_competition(world)
    part = comp.participants.get(org=world.union_a)
    plan = comp.requirements.get(kind=Requirement.Kind.PLAN)
    services.submission_record(
        by=world.chair_a,
        participant=part,
        requirement=plan,
        file=SimpleUploadedFile("方案.docx", b"x" * 10),
    )
    with time_machine.travel(dt.datetime(2026, 4, 5, 9, 0), tick=False):
        sub = services.submission_record(
            by=world.chair_a,
            participant=part,
            requirement=plan,
            file=SimpleUploadedFile("方案第二稿.docx", b"y" * 10),
        )
    assert sub.submitted_on == dt.date(2026, 3, 29)
    assert sub.filename == "方案第二稿.docx"
    assert ChangeRecord.objects.filter(model="competitions.submission").count() == 2


def test_upload_rejects_executables(world):
    comp = safety_competition(world)
    part = comp.participants.get(org=world.union_a)
    with pytest.raises(ValidationError):
        services.submission_record(
            by=world.chair_a,
            participant=part,
            requirement=comp.requirements.first(),
            file=SimpleUploadedFile("virus.exe", b"MZ"),
        )
    assert not Submission.objects.exists()


def test_board_states_and_reminders(world):
    comp = safety_competition(world)
    a = comp.participants.get(org=world.union_a)
    with time_machine.travel(dt.datetime(2026, 3, 30, 9, 0), tick=False):
        for kind in ("plan", "rules"):
            services.submission_record(
                by=world.chair_a, participant=a, requirement=comp.requirements.get(kind=kind)
            )
        due = handins_due_soon(competition=comp, today=dt.date(2026, 3, 29))
        # union_a still owes the registration form; union_b owes all three
        assert len(due) == 4
        sent = services.reminders_send(competition=comp, today=dt.date(2026, 3, 29))
        assert len(sent) == 4
        assert services.reminders_send(competition=comp, today=dt.date(2026, 3, 30)) == []
    requirements, rows = handin_board(competition=comp, today=dt.date(2026, 4, 2))
    states = {
        (r.participant.org.short_name, c.requirement.kind): c.state for r in rows for c in r.cells
    }
    assert states[("桥涯村", "plan")] == "on_time"
    assert states[("桥涯村", "registration")] == "missing"
    assert states[("杭坑村", "plan")] == "missing"
    assert states[("杭坑村", "summary")] == "pending"
    _, only_missing = handin_board(competition=comp, today=dt.date(2026, 4, 2), state="on_time")
    assert [r.participant.org_id for r in only_missing] == [world.union_a.id]


def _scores(comp, points):
    return {item.id: (Decimal(p), "") for item, p in zip(comp.rubric.all(), points, strict=True)}


def test_inspection_scores_item_by_item_then_ranking(world):
    comp = safety_competition(world)
    a = comp.participants.get(org=world.union_a)
    b = comp.participants.get(org=world.union_b)
    with pytest.raises(ValidationError, match="尚未自评"):
        services.inspection_score(
            by=world.clerk,
            participant=a,
            kind="spot",
            inspected_on=dt.date(2027, 10, 1),
            scores=_scores(comp, [20, 10, 10, 10, 10, 10, 30]),
        )
    with pytest.raises(ValidationError, match="超过该项满分"):
        services.inspection_score(
            by=world.chair_a,
            participant=a,
            kind="self",
            inspected_on=dt.date(2027, 9, 1),
            scores=_scores(comp, [21, 10, 10, 10, 10, 10, 30]),
        )
    for part, self_pts, spot_pts in (
        (a, [20, 10, 10, 10, 10, 10, 30], [19, 10, 9, 10, 10, 10, 28]),  # 100 / 96
        (b, [18, 9, 9, 9, 9, 9, 27], [17, 8, 8, 9, 9, 8, 25]),  # 90 / 84
    ):
        services.inspection_score(
            by=world.clerk,
            participant=part,
            kind="self",
            inspected_on=dt.date(2027, 9, 1),
            scores=_scores(comp, self_pts),
        )
        services.inspection_score(
            by=world.clerk,
            participant=part,
            kind="spot",
            inspected_on=dt.date(2027, 10, 1),
            scores=_scores(comp, spot_pts),
        )
    ranked = list(ranking(competition=comp))
    assert [(p.org_id, p.rank, p.spot_total) for p in ranked] == [
        (world.union_a.id, 1, Decimal("96.00")),
        (world.union_b.id, 2, Decimal("84.00")),
    ]
    scores = competition_figures(competition=comp, today=dt.date(2027, 10, 2))["scores"]
    assert scores["rubric_max"] == 100
    assert scores["spot_average"] == 90
    assert scores["eligible"] == 1


def test_award_needs_every_check_and_the_threshold(world):
    comp = safety_competition(world)
    b = comp.participants.get(org=world.union_b)
    services.inspection_score(
        by=world.clerk,
        participant=b,
        kind="self",
        inspected_on=dt.date(2027, 9, 1),
        scores=_scores(comp, [20, 10, 10, 10, 10, 10, 30]),
    )
    services.inspection_score(
        by=world.clerk,
        participant=b,
        kind="spot",
        inspected_on=dt.date(2027, 10, 1),
        scores=_scores(comp, [19, 10, 10, 10, 10, 10, 25]),  # 94.00: below 95
    )
    award = services.award_propose(
        by=world.clerk,
        title=Award.Title.WINNING_UNIT,
        year=2027,
        level=Award.Level.TOWN,
        org=world.union_b,
        competition=comp,
    )
    with pytest.raises(ValidationError) as err:
        services.award_grant(by=world.clerk, award=award)
    assert "尚未核查“拖欠职工工资”" in err.value.messages
    for kind in services.REQUIRED_CHECKS:
        services.award_check_confirm(by=world.clerk, award=award, kind=kind, found=False)
    with pytest.raises(ValidationError, match="未达 95"):
        services.award_grant(by=world.clerk, award=award)
    services.award_check_confirm(
        by=world.clerk, award=award, kind=AwardCheck.Kind.SAFETY_ACCIDENT, found=True, note="2025年"
    )
    assert "存在“三年内发生安全生产事故”情形" in services.award_problems(award)


def test_pioneer_award_granted_after_checks(world):
    award = services.award_propose(
        by=world.clerk,
        title=Award.Title.PIONEER,
        year=2026,
        level=Award.Level.COUNTY,
        org=world.union_a,
        achievement="织造车间甲班",
    )
    for kind in services.REQUIRED_CHECKS:
        services.award_check_confirm(by=world.clerk, award=award, kind=kind, found=False)
    services.award_grant(by=world.clerk, award=award, on=dt.date(2026, 4, 28))
    award.refresh_from_db()
    assert award.status == Award.Status.AWARDED


def test_proposal_workflow(world):
    p = services.proposal_submit(
        by=world.chair_a,
        org=world.union_a,
        title="改进络筒机断纱检测",
        proposer_name="王芳",
        on_behalf=True,
        submitted_on=dt.date(2026, 5, 1),
    )
    services.proposal_evaluate(by=world.clerk, proposal=p, evaluation="技术可行")
    with pytest.raises(ValidationError, match="说明原因"):
        services.proposal_reject(by=world.clerk, proposal=p, reason=" ")
    services.proposal_adopt(by=world.clerk, proposal=p, on=dt.date(2026, 6, 1))
    services.proposal_implement(
        by=world.clerk, proposal=p, on=dt.date(2026, 7, 1), estimated_benefit=Decimal("35000.00")
    )
    p.refresh_from_db()
    assert p.status == Proposal.Status.IMPLEMENTED
    assert p.estimated_benefit == Decimal("35000.00")
    with pytest.raises(ValidationError, match="不能进行此操作"):
        services.proposal_reject(by=world.clerk, proposal=p, reason="晚了")


def test_database_refuses_a_rejection_without_reason(world):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Proposal.objects.create(
            org=world.union_a,
            title="x",
            proposer_name="y",
            submitted_on=dt.date(2026, 1, 1),
            status="rejected",
            decided_on=dt.date(2026, 2, 1),
        )


def test_inspection_needs_a_rubric(world):
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0), tick=False):
        comp = services.competition_create(
            by=world.clerk,
            name="无细则竞赛",
            kind=Competition.Kind.LABOUR,
            organiser=world.town,
            start_date=dt.date(2026, 3, 1),
            end_date=dt.date(2026, 12, 31),
        )
        part = services.participant_add(by=world.clerk, competition=comp, org=world.union_a)
    with pytest.raises(ValidationError, match="尚未制定考核细则"):
        services.inspection_score(
            by=world.chair_a,
            participant=part,
            kind=Inspection.Kind.SELF,
            inspected_on=dt.date(2026, 9, 1),
            scores={},
        )
