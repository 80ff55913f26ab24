"""常年帮扶计划 through the browser's requests: set up on the application page, produce what is due."""

import contextlib
import datetime as dt

import pytest
import time_machine
from django.db.models import Sum

from gonghui.accounts.security import mark_password_changed
from gonghui.assistance.models import Application, Disbursement, GoodsLine, SupportSchedule
from gonghui.assistance.rules import Category, State
from tests.assistance.helpers import D, apply, make_campaign, set_dibao


@pytest.fixture(autouse=True)
def _start():
    # The world (users, passwords) is made on a fixed day, not on the day the tests run.
    with time_machine.travel(dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)):
        yield


@contextlib.contextmanager
def _at(day: dt.date, client=None, user=None):
    """Travel to `day` and, given a client, sign in afresh: the idle timeout has ended the old
    session, and a password older than its maximum age would send the user to change it."""
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=dt.UTC)):
        if client is not None:
            mark_password_changed(user)
            client.force_login(user)
        yield


@pytest.fixture
def app(world):
    set_dibao(world.town)
    campaign = make_campaign(world)
    application = apply(world, campaign, category=Category.ILLNESS)
    Application.objects.filter(pk=application.pk).update(status=State.APPROVED)
    return application


def _form(**over):
    data = {
        "sc-description": "一年的米、油、水电",
        "sc-months": "12",
        "sc-first": "2026-01-15",
        "sc-cash": "100",
        "sc-method": "in_person",
        "sg-TOTAL_FORMS": "4",
        "sg-INITIAL_FORMS": "0",
        "sg-MIN_NUM_FORMS": "0",
        "sg-MAX_NUM_FORMS": "10",
        "sg-0-item": "大米",
        "sg-0-quantity": "25",
        "sg-0-unit": "kg",
        "sg-0-value": "100",
        "sg-1-item": "食用油",
        "sg-1-quantity": "5",
        "sg-1-unit": "升",
        "sg-1-value": "60",
    }
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def _produced(schedule):
    rows = Disbursement.objects.filter(schedule=schedule)
    return (
        rows.count(),
        rows.aggregate(s=Sum("cash"))["s"],
        GoodsLine.objects.filter(disbursement__schedule=schedule).aggregate(s=Sum("value"))["s"],
    )


def _page(client, app) -> str:
    return client.get(f"/assistance/applications/{app.pk}/").content.decode()


def test_twelve_months_produced_as_they_fall_due(world, app, client):
    client.force_login(world.clerk)
    with _at(dt.date(2026, 1, 10), client, world.clerk):
        assert 'id="schedule-form"' in _page(client, app)
        response = client.post(f"/assistance/applications/{app.pk}/schedules/", _form())
        assert response.status_code == 302
    schedule = SupportSchedule.objects.get()
    assert (schedule.application_id, schedule.months, schedule.first, schedule.cash) == (
        app.pk,
        12,
        dt.date(2026, 1, 15),
        D("100"),
    )
    assert schedule.goods == [
        {"item": "大米", "quantity": "25", "unit": "kg", "value": "100"},
        {"item": "食用油", "quantity": "5", "unit": "升", "value": "60"},
    ]
    assert Disbursement.objects.count() == 0
    generate = f"/assistance/schedules/{schedule.pk}/generate/"

    with _at(dt.date(2026, 3, 20), client, world.clerk):
        html = client.post(generate, follow=True).content.decode()
        assert "已生成 3 期发放（第1期至第3期）" in html
        assert _produced(schedule) == (3, D("300"), D("480"))
        assert list(
            Disbursement.objects.filter(schedule=schedule)
            .order_by("schedule_index")
            .values_list("schedule_index", "date")
        ) == [
            (1, dt.date(2026, 1, 15)),
            (2, dt.date(2026, 2, 15)),
            (3, dt.date(2026, 3, 15)),
        ]
        # Pressing again produces nothing new.
        html = client.post(generate, follow=True).content.decode()
        assert "截至 2026-03-20 没有新的到期发放" in html
        assert _produced(schedule) == (3, D("300"), D("480"))
        assert Application.objects.get(pk=app.pk).status == State.DISBURSED
        page = _page(client, app)
        assert '<span class="produced">3</span> / 12 期' in page
        assert '<span class="produced-cash">300.00</span>' in page
        assert '<span class="produced-goods">480.00</span>' in page
        assert "下期 2026-04-15" in page
        assert page.count("<td>第3期</td>") == 1 and "<td>第4期</td>" not in page

    with _at(
        dt.date(2026, 8, 14), client, world.clerk
    ):  # August's period (the 15th) is not due yet
        html = client.post(generate, follow=True).content.decode()
        assert "已生成 4 期发放（第4期至第7期）" in html
        assert _produced(schedule) == (7, D("700"), D("1120"))
        client.post(generate)
        assert _produced(schedule) == (7, D("700"), D("1120"))

    with _at(
        dt.date(2027, 6, 1), client, world.clerk
    ):  # long past the end: only the remaining five, never more
        client.post(generate)
        client.post(generate)
        assert _produced(schedule) == (12, D("1200"), D("1920"))
        page = _page(client, app)
        assert "已全部生成" in page
        assert f"/assistance/schedules/{schedule.pk}/generate/" not in page
    assert Disbursement.objects.filter(application=app).count() == 12
    assert set(Disbursement.objects.values_list("note", flat=True)) == {
        f"一年的米、油、水电 第{i}期" for i in range(1, 13)
    }


def test_month_end_first_date_follows_the_calendar(world, app, client):
    # The union's own chair may run it too.
    with _at(dt.date(2026, 4, 1), client, world.chair_a):
        client.post(
            f"/assistance/applications/{app.pk}/schedules/",
            _form(**{"sc-first": "2026-01-31", "sc-months": "3", "sc-cash": "0"}),
        )
        schedule = SupportSchedule.objects.get()
        client.post(f"/assistance/schedules/{schedule.pk}/generate/")
    assert list(Disbursement.objects.order_by("date").values_list("date", flat=True)) == [
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 31),
    ]
    assert _produced(schedule) == (3, D("0"), D("480"))


def test_readers_and_outsiders_are_refused(world, app, client):
    schedule = SupportSchedule.objects.create(
        application=app, description="水电", first=dt.date(2026, 1, 15), months=12, cash=D("50")
    )
    with _at(dt.date(2026, 3, 20)):
        for user, status in (
            (world.viewer, 403),
            (world.approver, 403),
            (world.chair_b, 404),
        ):
            client.force_login(user)
            assert (
                client.post(f"/assistance/applications/{app.pk}/schedules/", _form()).status_code
                == status
            )
            assert (
                client.post(f"/assistance/schedules/{schedule.pk}/generate/").status_code == status
            )
        client.force_login(world.viewer)
        page = _page(client, app)
        assert 'id="schedule-form"' not in page and "生成到期发放" not in page
    assert SupportSchedule.objects.count() == 1
    assert Disbursement.objects.count() == 0


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"sc-months": "0"}, "期数（月）"),
        ({"sc-first": ""}, "首次发放日期"),
        ({"sg-1-item": ""}, "填写了数量或折价的物资行须写明物品"),
        (
            {
                "sc-cash": "0",
                "sg-0-item": "",
                "sg-0-value": "",
                "sg-0-quantity": "",
                "sg-1-item": "",
                "sg-1-value": "",
                "sg-1-quantity": "",
            },
            "帮扶计划须有每期现金或物资",
        ),
        ({"sg-0-value": "-5"}, "折价（元）"),
    ],
)
def test_a_bad_form_makes_no_schedule(world, app, client, over, message):
    client.force_login(world.clerk)
    html = client.post(
        f"/assistance/applications/{app.pk}/schedules/", _form(**over), follow=True
    ).content.decode()
    assert "帮扶计划" in html and message in html
    assert SupportSchedule.objects.count() == 0


def test_only_an_approved_application_gets_a_schedule(world, app, client):
    Application.objects.filter(pk=app.pk).update(status=State.REPORTED)
    client.force_login(world.clerk)
    assert 'id="schedule-form"' not in _page(client, app)
    html = client.post(
        f"/assistance/applications/{app.pk}/schedules/", _form(), follow=True
    ).content.decode()
    assert "只有已批准的申请才能制定常年帮扶计划" in html
    assert SupportSchedule.objects.count() == 0


def test_a_closed_application_produces_nothing_more(world, app, client):
    client.force_login(world.clerk)
    with _at(dt.date(2026, 1, 20), client, world.clerk):
        client.post(f"/assistance/applications/{app.pk}/schedules/", _form())
        schedule = SupportSchedule.objects.get()
        client.post(f"/assistance/schedules/{schedule.pk}/generate/")
    Application.objects.filter(pk=app.pk).update(status=State.CLOSED)
    with _at(dt.date(2026, 5, 20), client, world.clerk):
        html = client.post(
            f"/assistance/schedules/{schedule.pk}/generate/", follow=True
        ).content.decode()
    assert "只有已批准的申请才能发放" in html
    assert _produced(schedule) == (1, D("100"), D("160"))


def test_application_page_queries_do_not_grow_with_periods(
    world, app, client, django_assert_max_num_queries
):
    client.force_login(world.clerk)
    with _at(dt.date(2026, 2, 20), client, world.clerk):
        client.post(f"/assistance/applications/{app.pk}/schedules/", _form())
        client.post(f"/assistance/applications/{app.pk}/schedules/", _form(**{"sc-cash": "5"}))
        for schedule in SupportSchedule.objects.all():
            client.post(f"/assistance/schedules/{schedule.pk}/generate/")
        _page(client, app)  # warm the session
        with django_assert_max_num_queries(40) as few:
            _page(client, app)
        queries = len(few.captured_queries)  # (the next request empties the query log)
    assert Disbursement.objects.count() == 4
    with _at(dt.date(2026, 12, 20), client, world.clerk):
        for schedule in SupportSchedule.objects.all():
            client.post(f"/assistance/schedules/{schedule.pk}/generate/")
        assert Disbursement.objects.count() == 24
        with django_assert_max_num_queries(queries):
            page = _page(client, app)
    assert page.count("<td>第12期</td>") == 2
