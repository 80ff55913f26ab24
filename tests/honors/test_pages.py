"""The pages: the reminder appears on time (time-machine), the list is scoped and its query count
fixed, and the filing steps work through the forms."""

import datetime as dt

import time_machine
from django.urls import reverse

from gonghui.honors.models import ModelWorker, RetirementFiling
from tests.honors.helpers import make_worker

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def _at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI))


def _page(client, user, url) -> str:
    """Sign in at the travelled-to time (the idle timeout would end an older session)."""
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_reminder_appears_on_time(world, client, settings):
    settings.HONORS_REMINDER_MONTHS = 6
    # Male, born 1966-06: statutory retirement 2026-11 (60岁5个月); reminder from 2026-05-01.
    worker = make_worker(world, name="钱劳模", birth=dt.date(1966, 6, 15))
    url = reverse("honors:list")
    with _at(dt.date(2026, 4, 30)):
        page = _page(client, world.clerk, url)
        assert 'id="retirement-reminders"' not in page
        assert ">即将到龄<" not in page
    with _at(dt.date(2026, 5, 1)):
        page = _page(client, world.clerk, url)
        assert 'id="retirement-reminders"' in page
        assert "钱劳模" in page and "2026年11月" in page and ">即将到龄<" in page
        detail = _page(client, world.clerk, worker.get_absolute_url())
        assert ">即将到龄<" in detail and "2026年11月" in detail
    with _at(dt.date(2026, 11, 1)):
        page = _page(client, world.clerk, url)
        assert "已到龄，请及时申报荣誉津贴" in page
        # The sibling union's chair never sees it.
        assert "钱劳模" not in _page(client, world.chair_b, url)


def test_reminder_gone_once_approved(world, client):
    worker = make_worker(world, birth=dt.date(1966, 1, 10))
    base = reverse("honors:detail", kwargs={"pk": worker.pk})
    with _at(dt.date(2026, 3, 1)):
        client.force_login(world.clerk)
        client.post(
            base + "filing/",
            {"has_certificate": "on", "has_retirement_approval": "on", "has_honour_proof": "on"},
        )
        client.post(base + "filing/submit/", {"on": "2026-03-01", "to": "总工会劳模办"})
        assert RetirementFiling.objects.get().state == "submitted"
        client.force_login(world.approver)
        client.post(base + "filing/approve/", {"on": "2026-03-10"})
        assert RetirementFiling.objects.get().state == "approved"
        page = _page(client, world.clerk, reverse("honors:list"))
        assert 'id="retirement-reminders"' not in page
        assert "已申报" in page


def test_create_through_the_form(world, client):
    client.force_login(world.chair_a)
    response = client.post(
        reverse("honors:create"),
        {
            "name": "孙红",
            "id_number": "320102197503090023",
            "category": "female50",
            "org": world.union_a.pk,
            "level": "provincial",
            "title": "省劳动模范",
            "year": "2016",
        },
    )
    worker = ModelWorker.objects.get()
    assert response.status_code == 302 and response["Location"] == worker.get_absolute_url()
    assert worker.statutory_retirement == dt.date(2025, 5, 1)  # RULES §1 vector 11
    page = client.get(worker.get_absolute_url()).content.decode()
    assert "2025年5月" in page and "50岁2个月" in page
    # The chair cannot file a worker in the sibling union.
    response = client.post(
        reverse("honors:create"),
        {
            "name": "周梅",
            "id_number": "320102197001010028",
            "category": "female55",
            "org": world.union_b.pk,
            "level": "city",
            "title": "市劳动模范",
            "year": "2016",
        },
    )
    assert response.status_code == 200 and ModelWorker.objects.count() == 1


def test_list_query_count(world, client, django_assert_num_queries):
    for i in range(12):
        make_worker(world, name=f"劳模{i}", birth=dt.date(1960 + i, 3, 1))
    client.force_login(world.clerk)
    client.get(reverse("honors:list"))  # warm the session
    # session, user, placement, count, rows, honours (prefetch), reminders, and the idle-timeout
    # middleware's session save (savepoint, update, release): the same for 12 rows as for 1.
    with django_assert_num_queries(10):
        response = client.get(reverse("honors:list"))
    assert response.status_code == 200
    assert response.content.decode().count("/honors/") >= 12


def test_htmx_filter_returns_the_table_only(world, client):
    make_worker(world, name="全国甲", level="national", title="全国劳动模范")
    make_worker(world, name="市级乙", level="city", title="市劳动模范")
    client.force_login(world.clerk)
    response = client.get(reverse("honors:list") + "?level=national", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and "全国甲" in body and "市级乙" not in body
