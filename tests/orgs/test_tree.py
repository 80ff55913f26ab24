import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.core.models import ChangeRecord
from gonghui.members import services
from gonghui.orgs import selectors
from gonghui.orgs.models import Employer, Organization, Team
from tests.factories import make_member

TREE = reverse("orgs:tree")
TODAY = dt.date(2026, 3, 15)
NOON = dt.datetime(2026, 3, 15, 4, tzinfo=dt.UTC)  # 12:00 in Asia/Shanghai


def _populate(world):
    for i in range(3):
        make_member(world.union_a, f"桥涯{i}")
    gone = make_member(world.union_a, "已退会")
    services.member_leave(by=world.clerk, membership=gone, date=dt.date(2024, 1, 1), status="left")
    make_member(world.union_b, "杭坑0")
    make_member(world.union_c, "缸窑0")
    Employer.objects.create(name="无会大厂", employees=80, org=world.town)
    Employer.objects.create(name="无会小厂", employees=24, org=world.town)
    Employer.objects.create(name="有会大厂", employees=90, org=world.town, union=world.union_b)
    Employer.objects.create(name="缸窑大厂", employees=30, org=world.other_town)


def test_node_figures_per_subtree(world):
    _populate(world)
    figs = selectors.node_figures([world.town, world.other_town])
    town, other = figs[world.town.pk], figs[world.other_town.pk]
    assert (town.unions, town.members, town.employees) == (2, 4, 70)
    assert town.membership_rate == Decimal("5.7")  # 4 ÷ 70
    # employer_a (60 staff, no union) and 无会大厂; not the 24-staff one nor the unionised one.
    assert town.employers_to_unionise == 2
    assert (other.unions, other.members, other.employees, other.employers_to_unionise) == (
        1,
        1,
        20,
        1,
    )
    [county] = selectors.node_figures([world.county]).values()
    assert (county.unions, county.members, county.employees) == (3, 5, 90)
    total, per_town = selectors.tree_figures(world.county, [world.town, world.other_town])
    assert (total.unions, total.members, total.employees, total.employers_to_unionise) == (
        3,
        5,
        90,
        3,
    )
    assert per_town[world.town.pk] == town and per_town[world.other_town.pk] == other
    leaf = selectors.node_figures([world.union_a, world.union_b])
    assert (leaf[world.union_a.pk].members, leaf[world.union_b.pk].members) == (3, 1)
    assert leaf[world.union_a.pk].membership_rate == Decimal("7.5")


def test_node_figures_take_one_depth_and_two_queries(world, django_assert_num_queries):
    with pytest.raises(ValueError):
        selectors.node_figures([world.town, world.union_a])
    with django_assert_num_queries(2):
        selectors.node_figures([world.union_a, world.union_b])
    assert selectors.node_figures([]) == {}


def test_rate_without_employees_is_none(world):
    Organization.objects.filter(pk=world.union_a.pk).update(employees=0)
    world.union_a.refresh_from_db()
    assert selectors.node_figures([world.union_a])[world.union_a.pk].membership_rate is None


def test_tree_page_shows_the_level_below_with_figures(world, client):
    _populate(world)
    client.force_login(world.clerk)
    response = client.get(TREE)
    rows = {r["org"].name: r["fig"] for r in response.context["rows"]}
    assert set(rows) == {"桥涯村工会", "杭坑村工会"}
    assert rows["桥涯村工会"].members == 3
    body = response.content.decode()
    assert "缸窑" not in body  # another town's subtree
    assert "入会率" in body and "5.7%" in body


def test_tree_page_query_count_does_not_grow_with_children(world, client):
    client.force_login(world.clerk)
    client.get(TREE)
    with CaptureQueriesContext(connection) as few:
        client.get(TREE)
    for i in range(20):
        union = Organization.objects.add_child(
            Organization.objects.get(pk=world.town.pk),
            {"name": f"新村{i}工会", "kind": "grassroots", "unit_type": "village", "employees": 10},
        )
        make_member(union, f"新会员{i}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(TREE)
    assert len(response.context["rows"]) == 22
    assert len(many.captured_queries) == len(few.captured_queries)


def test_county_expands_a_town_with_htmx(world, client):
    _populate(world)
    client.force_login(world.county_clerk)
    tree = client.get(TREE)
    assert [r["org"].name for r in tree.context["rows"]] == ["太华镇总工会", "缸窑街道工会"]
    url = reverse("orgs:children", args=[world.town.pk])
    assert f'hx-get="{url}"' in tree.content.decode()
    fragment = client.get(url, headers={"HX-Request": "true"})
    body = fragment.content.decode()
    assert "<html" not in body and "桥涯村工会" in body and "杭坑村工会" in body
    assert [r["indent"] for r in fragment.context["rows"]] == [2, 2]
    # Without JavaScript the link opens the tree rooted at the town.
    plain = client.get(url)
    assert plain.status_code == 302 and plain["Location"] == f"{TREE}?root={world.town.pk}"
    rooted = client.get(plain["Location"])
    assert [a.name for a in rooted.context["ancestors"]] == ["示范县总工会"]


def test_chair_b_sees_nothing_of_union_a(world, client):
    client.force_login(world.chair_b)
    tree = client.get(TREE)
    assert tree.context["root"] == world.union_b and "桥涯" not in tree.content.decode()
    assert client.get(reverse("orgs:detail", args=[world.union_a.pk])).status_code == 404
    assert client.get(TREE, {"root": world.union_a.pk}).status_code == 404
    assert (
        client.post(reverse("orgs:team_add", args=[world.union_a.pk]), {"name": "x"}).status_code
        == 404
    )
    assert not Team.objects.exists()


@pytest.mark.parametrize(
    ("term_end", "status"),
    [
        (TODAY - dt.timedelta(days=1), "overdue"),
        (TODAY, "due3"),
        (dt.date(2026, 6, 15), "due3"),  # exactly 3 months ahead
        (dt.date(2026, 6, 16), "due6"),
        (dt.date(2026, 9, 15), "due6"),  # exactly 6 months ahead
        (dt.date(2026, 9, 16), "ok"),
        (None, "unknown"),
    ],
)
def test_term_flags_at_their_boundaries(world, client, term_end, status):
    Organization.objects.filter(pk=world.union_a.pk).update(
        term_start=dt.date(2021, 1, 1) if term_end else None, term_end=term_end
    )
    labels = Organization.TERM_STATUS_LABELS
    with time_machine.travel(NOON, tick=False):
        client.force_login(world.chair_a)
        detail = client.get(reverse("orgs:detail", args=[world.union_a.pk]))
        assert detail.context["term_status"] == status
        assert labels[status] in detail.content.decode()
        client.force_login(world.clerk)
        row = next(r for r in client.get(TREE).context["rows"] if r["org"] == world.union_a)
        assert row["term"] == status
        fig = selectors.node_figures([world.town])[world.town.pk]
        assert fig.terms_overdue == (1 if status == "overdue" else 0)
        assert fig.terms_due == (1 if status in ("due3", "due6") else 0)


def _org_data(**over):
    data = {
        "name": "桥涯村工会",
        "short_name": "桥涯村",
        "unit_type": "village",
        "employees": "45",
        "chair": "陈主席",
        "committee": "甲、乙，丙",
        "term_start": "2024-01-01",
        "term_end": "2029-01-01",
    }
    data.update(over)
    return data


def test_staff_edit_is_audited(world, client):
    client.force_login(world.clerk)
    response = client.post(reverse("orgs:edit", args=[world.union_a.pk]), _org_data())
    assert response.status_code == 302
    world.union_a.refresh_from_db()
    assert (world.union_a.employees, world.union_a.chair) == (45, "陈主席")
    rec = ChangeRecord.objects.get(model="orgs.organization")
    assert rec.org == world.union_a and rec.user == world.clerk
    changed = {k: (b, a) for k, b, a in rec.changed_fields()}
    assert changed["employees"] == (40, 45) and changed["term_end"] == (None, "2029-01-01")
    detail = client.get(reverse("orgs:detail", args=[world.union_a.pk])).content.decode()
    assert "陈主席" in detail and ">乙<" in detail and ">丙<" in detail


def test_edit_checks_the_term_and_the_type(world, client):
    client.force_login(world.clerk)
    url = reverse("orgs:edit", args=[world.union_a.pk])
    bad = client.post(url, _org_data(term_end="2023-12-31", unit_type=""))
    assert bad.status_code == 200
    body = bad.content.decode()
    assert "任期届满日期须晚于任期开始日期" in body and "基层工会须选择类型" in body
    assert not ChangeRecord.objects.exists()


def test_chair_may_not_edit_their_union(world, client):
    client.force_login(world.chair_a)
    assert (
        client.post(reverse("orgs:edit", args=[world.union_a.pk]), _org_data()).status_code == 403
    )


def test_create_child_is_audited_and_kind_limited(world, client):
    client.force_login(world.clerk)
    form = client.get(reverse("orgs:create", args=[world.town.pk])).context["form"]
    assert [k for k, _ in form.fields["kind"].choices] == ["grassroots"]
    response = client.post(
        reverse("orgs:create", args=[world.town.pk]),
        {"name": "太华镇联合工会", "kind": "grassroots", "unit_type": "joint", "employees": "18"},
    )
    org = Organization.objects.get(name="太华镇联合工会")
    assert response.status_code == 302 and org.is_within(world.town) and org.depth == 3
    rec = ChangeRecord.objects.get(model="orgs.organization", action="create")
    assert rec.org == org
    # A town cannot hang under a town; a grassroots union holds teams, not organisations.
    town_under_town = client.post(
        reverse("orgs:create", args=[world.town.pk]), {"name": "x镇", "kind": "town"}
    )
    assert (
        town_under_town.status_code == 200 and not Organization.objects.filter(name="x镇").exists()
    )
    assert client.get(reverse("orgs:create", args=[world.union_a.pk])).status_code == 403


def test_team_add_is_audited(world, client):
    client.force_login(world.chair_a)
    url = reverse("orgs:team_add", args=[world.union_a.pk])
    response = client.post(
        url,
        {"name": "纺纱一班", "leader": "李四", "members_count": "12"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "纺纱一班" in response.content.decode()
    team = Team.objects.get()
    assert team.org == world.union_a
    assert ChangeRecord.objects.get(model="orgs.team").org == world.union_a
    again = client.post(
        url, {"name": "纺纱一班", "members_count": "3"}, headers={"HX-Request": "true"}
    )
    assert "本工会已有同名班组" in again.content.decode() and Team.objects.count() == 1
    client.force_login(world.viewer)
    assert client.post(url, {"name": "纺纱二班", "members_count": "3"}).status_code == 403
