import datetime as dt

import pytest

from gonghui.assistance import services as svc
from gonghui.assistance.models import (
    Application,
    ApplicationEvent,
    HouseholdBar,
    Objection,
)
from gonghui.assistance.rules import Category, State
from gonghui.assistance.services import AidError
from gonghui.core.models import ChangeRecord
from tests.assistance.helpers import D, apply, fetch, make_campaign, set_dibao
from tests.factories import make_id_number, make_person

DAY = dt.date(2026, 1, 5)


@pytest.fixture
def campaign(world):
    set_dibao(world.town)
    return make_campaign(world)


def _through_notice(world, apps, today=DAY):
    apps = fetch(apps)
    svc.application_review(
        applications=apps,
        by=world.chair_a,
        visit_date=today,
        visitors="李主席、王委员",
        findings="入户核实，情况属实",
    )
    notice = svc.notice_publish(
        campaign=apps[0].campaign,
        org=world.town,
        applications=fetch(apps),
        by=world.clerk,
        starts=today,
    )
    return notice


def test_full_walk_records_who_when_and_why(world, campaign):
    app = apply(world, campaign, category=Category.DIBAO)
    assert app.status == State.SUBMITTED
    assert (app.cash, app.goods_value) == (D("200"), D("80"))  # the campaign's standard
    notice = _through_notice(world, [app])
    assert notice.ends == DAY + dt.timedelta(days=6)  # 7 days, both ends included
    assert notice.phone == "0512-12345678"
    svc.notice_clear(applications=fetch([app]), by=world.clerk, today=notice.ends + dt.timedelta(1))
    svc.application_report_up(applications=fetch([app]), by=world.clerk)
    svc.application_approve(applications=fetch([app]), by=world.clerk, note="同意")
    app = fetch([app])[0]
    svc.disbursement_record(
        application=app,
        by=world.clerk,
        date=dt.date(2026, 1, 20),
        method="in_person",
        cash=D("200"),
        goods_lines=[{"item": "大米", "quantity": "10", "unit": "kg", "value": "50"}],
    )
    app = fetch([app])[0]
    assert app.status == State.DISBURSED
    with pytest.raises(AidError, match="未签收"):
        svc.application_close(applications=[app], by=world.clerk)
    svc.disbursement_sign(disbursement=app.disbursements.get(), by=world.clerk)
    svc.application_close(applications=fetch([app]), by=world.clerk)
    events = list(
        ApplicationEvent.objects.filter(application=app).values_list(
            "from_state", "to_state", "by_name"
        )
    )
    assert [e[1] for e in events] == [
        "submitted",
        "reviewed",
        "on_notice",
        "cleared",
        "reported",
        "approved",
        "disbursed",
        "closed",
    ]
    assert events[1][2] == "chair_a"
    assert ChangeRecord.objects.filter(
        model="assistance.application", object_id=str(app.pk), after__status="closed"
    ).exists()


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("approve", "当前状态为“已申请”，不能批准：只有“已上报”的申请可以批准。"),
        ("report_up", "不能上报审批：只有“公示无异议”的申请可以上报审批。"),
        ("close", "不能办结：只有“已发放”的申请可以办结。"),
    ],
)
def test_illegal_transitions_are_refused_with_a_clear_message(world, campaign, action, message):
    app = fetch([apply(world, campaign)])
    call = {
        "approve": lambda: svc.application_approve(applications=app, by=world.clerk),
        "report_up": lambda: svc.application_report_up(applications=app, by=world.clerk),
        "close": lambda: svc.application_close(applications=app, by=world.clerk),
    }[action]
    with pytest.raises(AidError) as err:
        call()
    assert message in err.value.messages[0]
    assert Application.objects.get().status == State.SUBMITTED


def test_notice_cannot_clear_before_the_window_ends_or_with_open_objections(world, campaign):
    app = apply(world, campaign)
    notice = _through_notice(world, [app])
    with pytest.raises(AidError, match="期满后才能继续办理"):
        svc.notice_clear(applications=fetch([app]), by=world.clerk, today=notice.ends)
    objection = svc.objection_file(
        notice=notice, text="该户家中有两套住房", application_id=app.pk, today=DAY
    )
    after = notice.ends + dt.timedelta(days=1)
    with pytest.raises(AidError, match="有未处理的异议"):
        svc.notice_clear(applications=fetch([app]), by=world.clerk, today=after)
    with pytest.raises(AidError, match="理由"):
        svc.objection_resolve(objection=objection, by=world.clerk, upheld=False, reason=" ")
    svc.objection_resolve(objection=objection, by=world.clerk, upheld=True, reason="核实有两套住房")
    with pytest.raises(AidError, match="异议成立"):
        svc.notice_clear(applications=fetch([app]), by=world.clerk, today=after)
    svc.application_disqualify(
        applications=fetch([app]), by=world.clerk, reason="隐瞒住房情况", today=after
    )
    bar = HouseholdBar.objects.get()
    assert bar.until == dt.date(2027, 1, 12)  # the organiser's 12 months
    assert Objection.objects.get().status == Objection.Status.UPHELD


def test_a_dismissed_objection_lets_the_application_move_on(world, campaign):
    app = apply(world, campaign)
    notice = _through_notice(world, [app])
    general = svc.objection_file(notice=notice, text="名单里有人不困难吧", today=DAY)
    after = notice.ends + dt.timedelta(days=1)
    with pytest.raises(AidError, match="未处理的异议"):
        svc.notice_clear(applications=fetch([app]), by=world.clerk, today=after)
    svc.objection_resolve(objection=general, by=world.clerk, upheld=False, reason="经核实无此情况")
    svc.notice_clear(applications=fetch([app]), by=world.clerk, today=after)
    assert Application.objects.get().status == State.CLEARED


def test_objections_only_during_the_window(world, campaign):
    notice = _through_notice(world, [apply(world, campaign)])
    with pytest.raises(AidError, match="不在公示期内"):
        svc.objection_file(
            notice=notice, text="公示已经结束了吗", today=notice.ends + dt.timedelta(1)
        )


def test_batch_of_300_on_notice_and_approved_in_constant_queries(
    world, campaign, django_assert_max_num_queries
):
    persons = [
        make_person(
            f"困难户{i:03d}", id_number=make_id_number(dt.date(1960, 1, 1) + dt.timedelta(days=i))
        )
        for i in range(300)
    ]
    apps = [
        Application(
            campaign=campaign,
            person=p,
            org=world.union_a,
            category=Category.DIBAO,
            household_key=f"P{p.pk}",
            status=State.REVIEWED,
            cash=D("200"),
        )
        for p in persons
    ]
    Application.objects.bulk_create(apps)
    apps = fetch(apps)
    with django_assert_max_num_queries(12):
        notice = svc.notice_publish(
            campaign=campaign, org=world.town, applications=apps, by=world.clerk, starts=DAY
        )
    assert notice.applications.count() == 300
    assert Application.objects.filter(status=State.ON_NOTICE).count() == 300
    assert ApplicationEvent.objects.filter(to_state=State.ON_NOTICE).count() == 300
    Application.objects.update(status=State.REPORTED)
    apps = fetch(apps)
    with django_assert_max_num_queries(8):
        svc.application_approve(applications=apps, by=world.clerk, note="镇总工会审批同意")
    assert Application.objects.filter(status=State.APPROVED).count() == 300


def test_a_batch_with_one_illegal_application_changes_nothing(world, campaign):
    a = apply(world, campaign, name="甲一")
    b = apply(world, campaign, name="乙二")
    svc.application_review(
        applications=fetch([a]), by=world.clerk, visit_date=DAY, visitors="李", findings="属实"
    )
    with pytest.raises(AidError) as err:
        svc.notice_publish(
            campaign=campaign,
            org=world.town,
            applications=fetch([a, b]),
            by=world.clerk,
            starts=DAY,
        )
    assert err.value.messages == [
        "“乙二”的申请当前状态为“已申请”，不能张榜公示：只有“已入户审核”的申请可以张榜公示。"
    ]
    assert Application.objects.get(pk=a.pk).status == State.REVIEWED


def test_illness_aid_is_approved_by_the_upper_federation_only(world, campaign):
    campaign.approval = "upper"
    campaign.save()
    app = apply(world, campaign, category=Category.ILLNESS)
    Application.objects.filter(pk=app.pk).update(status=State.REPORTED)
    with pytest.raises(AidError, match="上级总工会审批"):
        svc.application_approve(applications=fetch([app]), by=world.clerk)
    svc.application_approve(applications=fetch([app]), by=world.approver)
    assert Application.objects.get().status == State.APPROVED


def test_rejection_needs_a_reason(world, campaign):
    app = apply(world, campaign)
    with pytest.raises(AidError, match="必须填写理由"):
        svc.application_reject(applications=fetch([app]), by=world.clerk, reason="")
    svc.application_reject(applications=fetch([app]), by=world.clerk, reason="收入超标")
    assert ApplicationEvent.objects.filter(to_state="rejected").get().note == "收入超标"


def test_schedule_produces_each_month_once(world, campaign):
    app = apply(world, campaign, category=Category.ILLNESS)
    Application.objects.filter(pk=app.pk).update(status=State.APPROVED)
    app = fetch([app])[0]
    schedule = svc.schedule_create(
        application=app,
        by=world.clerk,
        description="一年的米、油、水电",
        first=dt.date(2026, 1, 15),
        months=12,
        cash=D("60"),
        goods=[{"item": "大米", "quantity": "10", "unit": "kg", "value": "55"}],
    )
    made = svc.schedule_generate(schedule=schedule, by=world.clerk, through=dt.date(2026, 3, 31))
    assert [d.date for d in made] == [
        dt.date(2026, 1, 15),
        dt.date(2026, 2, 15),
        dt.date(2026, 3, 15),
    ]
    assert (
        svc.schedule_generate(schedule=schedule, by=world.clerk, through=dt.date(2026, 3, 31)) == []
    )
    more = svc.schedule_generate(schedule=schedule, by=world.clerk, through=dt.date(2027, 6, 1))
    assert len(more) == 9
    assert Application.objects.get().status == State.DISBURSED


def test_disbursement_only_after_approval(world, campaign):
    app = fetch([apply(world, campaign)])[0]
    with pytest.raises(AidError, match="只有已批准的申请才能发放"):
        svc.disbursement_record(
            application=app, by=world.clerk, date=DAY, method="bank", cash=D("200")
        )
