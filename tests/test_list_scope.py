"""List pages a summary's figures link to honour `?org=` within the user's subtree: a county
clerk reading a town's summary lands on that town's rows, and nobody reaches outside their own."""

import pytest
from django.urls import reverse

from gonghui.orgs.models import Employer

PAGES = [
    "orgs:employers",
    "honors:list",
    "assistance:campaigns",
    "bargaining:list",
    "activities:trainings",
    "members:list",
    "competitions:proposals",
]


@pytest.mark.parametrize("name", PAGES)
def test_list_narrows_to_a_node_of_the_subtree_and_never_outside(world, client, name):
    url = reverse(name)
    client.force_login(world.county_clerk)
    assert "仅显示" not in client.get(url).content.decode()
    narrowed = client.get(url, {"org": world.other_town.pk})
    assert narrowed.status_code == 200
    if name not in ("members:list", "competitions:proposals"):  # own union filter on the page
        assert (
            f"仅显示 <strong>{world.other_town.name}</strong> 及下级的记录"
            in narrowed.content.decode()
        )
    client.force_login(world.chair_b)  # the town is above the chair: not in their subtree
    assert client.get(url, {"org": world.town.pk}).status_code == 404


def test_employers_of_one_town(world, client):
    Employer.objects.create(name="太华丝绸有限公司", org=world.town, employees=30)
    Employer.objects.create(name="缸窑陶瓷厂", org=world.other_town, employees=30)
    client.force_login(world.county_clerk)
    url = reverse("orgs:employers")
    assert "太华丝绸有限公司" in client.get(url).content.decode()
    page = client.get(url, {"org": world.other_town.pk}).content.decode()
    assert "缸窑陶瓷厂" in page and "太华丝绸有限公司" not in page


def test_report_links_carry_the_reports_union(world):
    import datetime as dt

    from gonghui.core.dates import Period
    from gonghui.reports.builder import build_report
    from gonghui.reports.context import context_for

    Employer.objects.create(name="太华丝绸有限公司", org=world.town, employees=30)
    ctx = context_for(
        kind="annual", org=world.town, period=Period.year(2026), today=dt.date(2026, 12, 31)
    )
    links = {
        f.link
        for s in build_report(ctx).sections
        for p in s.paragraphs
        for f in p.parts
        if getattr(f, "link", "")
    }
    employers = [u for u in links if u.startswith(reverse("orgs:employers"))]
    assert employers and all(f"org={world.town.pk}" in u for u in employers)
