import datetime as dt
import json

import time_machine
from django.urls import reverse

from tests.activities.source_data import enter_pian1
from tests.assistance.helpers import make_campaign
from tests.assistance.test_figures import load_pian3


@time_machine.travel(dt.datetime(2026, 12, 31, 10, 0), tick=False)
def test_dashboard_figures_beside_last_year_and_drill_down(world, client, monkeypatch):
    # Charts draw when ECharts (npm) is installed; the page's data must not depend on it.
    monkeypatch.setattr(
        "gonghui.reports.views_dashboard.finders.find", lambda path: "/x/echarts.min.js"
    )
    campaign = make_campaign(world, name="2026年双节慰问")
    load_pian3(world, campaign)
    enter_pian1(by=world.clerk, org=world.town)
    client.force_login(world.clerk)
    response = client.get(reverse("reports:dashboard"), {"year": 2026})
    page = response.content.decode()
    figures = {f.key: f for f in response.context["figures"]}
    assert figures["aid_households"].value == 610
    assert figures["articles"].value == 54 and figures["articles"].last_year == 0
    assert "去年同期" in page
    assert figures["aid_households"].link and figures["aid_households"].link in page
    # charts are served locally when the npm package is installed; their data is a JSON list
    assert "cdn" not in page.lower()
    data = page.split('<script id="charts-data" type="application/json">')[1].split("</script>")[0]
    charts = {c["id"]: c for c in json.loads(data)}
    assert charts["chart-articles"]["values"] == [39, 10, 5]


def test_dashboard_queries_are_bounded(world, client, django_assert_max_num_queries):
    client.force_login(world.clerk)
    client.get(reverse("reports:dashboard"))  # warm caches (placement, content types)
    with django_assert_max_num_queries(60):
        client.get(reverse("reports:dashboard"))
    campaign = make_campaign(world, name="2026年双节慰问")
    load_pian3(world, campaign)  # 610 households: the count must not grow with the rows
    with django_assert_max_num_queries(60):
        client.get(reverse("reports:dashboard"))


def test_dashboard_scoped_to_a_visible_org_only(world, client):
    client.force_login(world.chair_b)
    assert client.get(reverse("reports:dashboard"), {"org": world.union_a.pk}).status_code == 404
    assert client.get(reverse("reports:dashboard"), {"org": world.union_b.pk}).status_code == 200


@time_machine.travel(dt.datetime(2026, 11, 26, 10, 0), tick=False)
def test_reminders_centre_lists_term_due_unions(world, client):
    world.union_a.term_start, world.union_a.term_end = dt.date(2021, 12, 1), dt.date(2026, 12, 31)
    world.union_a.save()
    world.union_b.term_start, world.union_b.term_end = dt.date(2020, 1, 1), dt.date(2025, 1, 1)
    world.union_b.save()
    client.force_login(world.clerk)
    page = client.get(reverse("reports:reminders")).content.decode()
    assert "桥涯村工会（即将届满）" in page and "杭坑村工会（已超期）" in page
    client.force_login(world.chair_a)
    page = client.get(reverse("reports:reminders")).content.decode()
    assert "桥涯村工会" in page and "杭坑村工会" not in page


@time_machine.travel(dt.datetime(2026, 11, 26, 10, 0), tick=False)
def test_reminders_centre_lists_notices_ending(world, client):
    from gonghui.assistance.models import PublicNotice

    campaign = make_campaign(world, name="2026年临时救助")
    PublicNotice.objects.create(
        campaign=campaign,
        org=world.town,
        title="太华镇临时救助拟救助对象公示",
        starts=dt.date(2026, 11, 22),
        ends=dt.date(2026, 11, 28),
    )
    client.force_login(world.clerk)
    page = client.get(reverse("reports:reminders")).content.decode()
    assert "公示即将结束" in page and "太华镇临时救助拟救助对象公示" in page


@time_machine.travel(dt.datetime(2026, 12, 31, 10, 0), tick=False)
def test_members_beside_their_number_a_year_ago(world, client):
    from gonghui.members.models import Membership
    from tests.factories import make_member

    make_member(world.union_a, "甲", joined=dt.date(2020, 1, 1))  # a member both years
    make_member(world.union_b, "乙", joined=dt.date(2026, 3, 1))  # joined this year
    left = make_member(world.union_a, "丙", joined=dt.date(2021, 1, 1))  # left this year
    Membership.objects.filter(pk=left.pk).update(status="left", ended=dt.date(2026, 5, 1))
    make_member(world.union_c, "丁", joined=dt.date(2020, 1, 1))  # another town
    client.force_login(world.clerk)
    response = client.get(reverse("reports:dashboard"), {"year": 2026})
    members = {f.key: f for f in response.context["figures"]}["members"]
    assert (members.value, members.last_year) == (2, 2)  # 甲乙 now; 甲丙 on 2025-12-31
