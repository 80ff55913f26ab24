import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.core.models import AuditEvent, ChangeRecord
from gonghui.members import services
from gonghui.members.models import Membership
from tests.factories import make_id_number, make_member

LIST = reverse("members:list")
FULL_ID = "320102199003070017"


def _names(response):
    return [m.person.name for m in response.context["page"]]


def test_chair_b_sees_nothing_of_union_a(world, client):
    m = make_member(world.union_a, "桥涯会员")
    make_member(world.union_b, "杭坑会员")
    client.force_login(world.chair_b)
    assert _names(client.get(LIST)) == ["杭坑会员"]
    assert client.get(LIST, {"org": world.union_a.pk}).status_code == 404
    assert client.get(reverse("members:detail", args=[m.person_id])).status_code == 404
    assert client.get(reverse("members:transfer", args=[m.pk])).status_code == 404
    assert client.post(reverse("members:reveal", args=[m.person_id])).status_code == 404
    assert not AuditEvent.objects.filter(kind="reveal").exists()


def test_town_clerk_sees_the_subtree_and_can_narrow_it(world, client):
    make_member(world.union_a, "桥涯会员")
    make_member(world.union_b, "杭坑会员")
    make_member(world.union_c, "缸窑会员")  # another town
    client.force_login(world.clerk)
    assert sorted(_names(client.get(LIST))) == ["杭坑会员", "桥涯会员"]
    assert _names(client.get(LIST, {"org": world.union_a.pk})) == ["桥涯会员"]
    assert client.get(LIST, {"org": world.union_c.pk}).status_code == 404


def test_list_masks_id_numbers_and_phones(world, client):
    make_member(world.union_a, "王小红", id_number=FULL_ID, mobile="13812345678")
    client.force_login(world.clerk)
    body = client.get(LIST).content.decode()
    assert "3201**********0017" in body and "138****5678" in body
    assert FULL_ID not in body and "13812345678" not in body


def _fill(org, n):
    for i in range(n):
        make_member(org, f"会员{i:03d}", joined=dt.date(2020, 1, 1) + dt.timedelta(days=i))


def _count_queries(client, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LIST, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"q": "会员", "sex": "M", "age": "36-45", "status": "all"},
        {"joined_from": "2020-01-01", "joined_to": "2020-12-31"},
    ],
)
def test_list_runs_the_same_queries_for_10_and_100_rows(
    world, client, django_assert_num_queries, filters
):
    _fill(world.union_a, 120)
    client.force_login(world.clerk)
    client.get(LIST)  # session and password checks settle on the first request
    expected, small = _count_queries(client, {**filters, "per_page": 10, "org": world.union_a.pk})
    assert len(small.context["page"].object_list) == 10
    with django_assert_num_queries(expected):
        big = client.get(LIST, {**filters, "per_page": 100, "org": world.union_a.pk})
    assert len(big.context["page"].object_list) == 100
    # session, user, placement, union filter, COUNT, the page's ids, the page's rows, the level
    # below for the filter, and the session's last-seen stamp (savepoint, update, release).
    assert expected <= 11


def test_pagination(world, client):
    _fill(world.union_a, 25)
    client.force_login(world.chair_a)
    first = client.get(LIST, {"per_page": 10})
    third = client.get(LIST, {"per_page": 10, "page": 3})
    assert first.context["page"].paginator.count == 25
    assert len(third.context["page"].object_list) == 5
    # Newest joiners first.
    assert _names(first)[0] == "会员024"
    assert "第 1 / 3 页，共 25 条" in first.content.decode()


@time_machine.travel(dt.datetime(2026, 3, 15, 10, tzinfo=dt.UTC), tick=False)
def test_filters(world, client):
    young = make_member(
        world.union_a,
        "青年女工",
        id_number=make_id_number(dt.date(1996, 3, 16), female=True),
        joined=dt.date(2024, 6, 1),
        mobile="13911112222",
    )
    make_member(
        world.union_a,
        "中年男工",
        id_number=make_id_number(dt.date(1980, 1, 1)),
        joined=dt.date(2010, 6, 1),
    )
    left = make_member(
        world.union_a,
        "退会职工",
        id_number=make_id_number(dt.date(1970, 1, 1)),
        joined=dt.date(2000, 1, 1),
    )
    services.member_leave(by=world.clerk, membership=left, date=dt.date(2020, 1, 1), status="left")
    client.force_login(world.clerk)

    def names(**params):
        return sorted(_names(client.get(LIST, params)))

    assert names() == ["中年男工", "青年女工"]  # active by default
    assert names(status="left") == ["退会职工"]
    assert names(status="all") == ["中年男工", "退会职工", "青年女工"]
    assert names(sex="F") == ["青年女工"]
    assert names(sex="M", status="all") == ["中年男工", "退会职工"]
    # Born 1996-03-16: 29 on 2026-03-15, so in the band up to 35; 1980-01-01 is 46.
    assert names(age="-35") == ["青年女工"]
    assert names(age="46-55") == ["中年男工"]
    assert names(age="36-45") == []
    assert names(joined_from="2024-01-01") == ["青年女工"]
    assert names(joined_to="2010-06-01") == ["中年男工"]
    assert names(q="青年") == ["青年女工"]
    assert names(q=young.person.id_number.lower()) == ["青年女工"]
    assert names(q="139 1111 2222") == ["青年女工"]
    assert names(q="不存在") == []


def test_age_band_boundary(world, client):
    with time_machine.travel(dt.datetime(2026, 3, 15, 10, tzinfo=dt.UTC), tick=False):
        # 36 today (birthday today) → in 36-45, not in the band up to 35.
        make_member(world.union_a, "今天36岁", id_number=make_id_number(dt.date(1990, 3, 15)))
        make_member(world.union_a, "明天36岁", id_number=make_id_number(dt.date(1990, 3, 16)))
        client.force_login(world.clerk)
        assert _names(client.get(LIST, {"age": "36-45"})) == ["今天36岁"]
        assert _names(client.get(LIST, {"age": "-35"})) == ["明天36岁"]


def test_detail_masks_and_reveal_is_logged(world, client):
    m = make_member(world.union_a, "王小红", id_number=FULL_ID, mobile="13812345678")
    url = reverse("members:detail", args=[m.person_id])
    client.force_login(world.chair_a)
    body = client.get(url).content.decode()
    assert FULL_ID not in body and "3201**********0017" in body and "显示完整号码" in body
    response = client.post(
        reverse("members:reveal", args=[m.person_id]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert FULL_ID in response.content.decode()
    assert "<html" not in response.content.decode()  # the fragment only
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.REVEAL)
    assert event.user == world.chair_a and event.org == world.union_a
    assert event.detail == {"person": m.person_id}


def test_viewer_cannot_reveal(world, client):
    m = make_member(world.union_a, "王小红", id_number=FULL_ID)
    client.force_login(world.viewer)
    body = client.get(reverse("members:detail", args=[m.person_id])).content.decode()
    assert "显示完整号码" not in body and FULL_ID not in body
    assert client.post(reverse("members:reveal", args=[m.person_id])).status_code == 403
    assert not AuditEvent.objects.filter(kind="reveal").exists()


def test_add_through_the_page(world, client):
    client.force_login(world.clerk)
    url = reverse("members:add") + f"?org={world.union_a.pk}"
    page = client.get(url).content.decode()
    assert 'value="桥涯村工会"' in page
    response = client.post(
        url,
        {
            "org": "桥涯村",
            "id_number": FULL_ID,
            "name": "赵六",
            "joined": "2024-05-01",
            "mobile": "",
        },
    )
    m = Membership.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "members:detail", args=[m.person_id]
    )
    assert m.org == world.union_a and m.person.birth_date == dt.date(1990, 3, 7)
    assert ChangeRecord.objects.filter(model="members.membership", org=world.union_a).count() == 1


def test_add_shows_the_id_problem(world, client):
    client.force_login(world.chair_a)
    response = client.post(
        reverse("members:add"),
        {"id_number": "340524198001010013", "name": "赵六", "joined": "2024-05-01"},
    )
    assert response.status_code == 200
    assert "校验位不符：最后一位应为 X" in response.content.decode()
    assert not Membership.objects.exists()


def test_add_refuses_a_member_active_elsewhere(world, client):
    make_member(world.union_b, "赵六", id_number=FULL_ID)
    client.force_login(world.chair_a)
    response = client.post(
        reverse("members:add"), {"id_number": FULL_ID, "name": "赵六", "joined": "2024-05-01"}
    )
    assert response.status_code == 200 and "转会" in response.content.decode()
    assert Membership.objects.count() == 1


def test_chair_cannot_add_to_a_union_outside_their_scope(world, client):
    client.force_login(world.chair_a)
    assert client.get(reverse("members:add") + f"?org={world.union_b.pk}").status_code == 404
    # The union field is not offered: a chair enrols into their own union.
    client.post(
        reverse("members:add"),
        {"org": "杭坑村工会", "id_number": FULL_ID, "name": "赵六", "joined": "2024-05-01"},
    )
    assert Membership.objects.get().org == world.union_a


def test_edit_through_the_page(world, client):
    m = make_member(world.union_a, "王小红")
    client.force_login(world.chair_a)
    url = reverse("members:edit", args=[m.person_id])
    bad = client.post(url, {"name": "王小红", "mobile": "123"})
    assert bad.status_code == 200 and "手机号码" in bad.content.decode()
    client.post(url, {"name": "王晓红", "mobile": "13812345678", "education": "大学本科"})
    m.person.refresh_from_db()
    assert (m.person.name, m.person.education) == ("王晓红", "大学本科")
    assert ChangeRecord.objects.get(model="members.person").org == world.union_a


def test_transfer_through_the_page_keeps_history(world, client):
    m = make_member(world.union_a, "李四", joined=dt.date(2018, 3, 1))
    client.force_login(world.clerk)
    response = client.post(
        reverse("members:transfer", args=[m.pk]),
        {"to_org": "杭坑村", "date": "2025-03-01", "note": "工作调动"},
    )
    assert response.status_code == 302
    detail = client.get(reverse("members:detail", args=[m.person_id]))
    history = detail.context["history"]
    assert [(h.org.name, h.status) for h in history] == [
        ("桥涯村工会", "transferred"),
        ("杭坑村工会", "active"),
    ]
    # chair_a still sees the closed membership, but can no longer act on the person.
    client.force_login(world.chair_a)
    detail = client.get(reverse("members:detail", args=[m.person_id]))
    assert detail.status_code == 200 and not detail.context["can_edit"]
    assert client.get(reverse("members:edit", args=[m.person_id])).status_code == 403
    assert client.get(reverse("members:transfer", args=[m.pk])).status_code == 302


def test_chair_cannot_transfer_outside_their_scope(world, client):
    m = make_member(world.union_a, "李四", joined=dt.date(2018, 3, 1))
    client.force_login(world.chair_a)
    page = client.get(reverse("members:transfer", args=[m.pk])).content.decode()
    assert "联系上级工会工作人员" in page
    response = client.post(
        reverse("members:transfer", args=[m.pk]), {"to_org": "杭坑村工会", "date": "2025-03-01"}
    )
    assert response.status_code == 200 and "没有找到" in response.content.decode()
    m.refresh_from_db()
    assert m.status == "active"


def test_town_clerk_cannot_transfer_to_an_unknown_union(world, client):
    m = make_member(world.union_a, "李四", joined=dt.date(2018, 3, 1))
    client.force_login(world.clerk)
    response = client.post(
        reverse("members:transfer", args=[m.pk]), {"to_org": "太华镇总工会", "date": "2025-03-01"}
    )
    assert response.status_code == 200  # a town is not a grassroots union
    assert Membership.objects.count() == 1


def test_leave_through_the_page(world, client):
    m = make_member(world.union_a, "李四", joined=dt.date(2018, 3, 1))
    client.force_login(world.chair_a)
    early = client.post(
        reverse("members:leave", args=[m.pk]), {"status": "left", "date": "2017-01-01"}
    )
    assert "早于入会日期" in early.content.decode()
    client.post(reverse("members:leave", args=[m.pk]), {"status": "deceased", "date": "2025-01-01"})
    m.refresh_from_db()
    assert (m.status, m.ended) == ("deceased", dt.date(2025, 1, 1))
    assert _names(client.get(LIST)) == []
    assert _names(client.get(LIST, {"status": "deceased"})) == ["李四"]


def test_the_count_is_capped_on_huge_subtrees(world, client, monkeypatch):
    from gonghui.members.views import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "CAP", 12)
    _fill(world.union_a, 15)
    client.force_login(world.clerk)
    first = client.get(LIST, {"per_page": 10})
    assert first.context["page"].paginator.capped
    assert "超过 12 条" in first.content.decode()
    second = client.get(LIST, {"per_page": 10, "page": 2})
    assert len(second.context["page"].object_list) == 2  # up to the cap, no further
    exact = client.get(LIST, {"per_page": 10, "q": "会员01"})
    assert not exact.context["page"].paginator.capped
    assert exact.context["page"].paginator.count == 5


@time_machine.travel(dt.datetime(2026, 3, 15, 10, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"q": "王"},
        {"q": "王", "sex": "F"},
        {"sex": "M", "age": "36-45"},
        {"age": "-35", "joined_from": "2020-01-05", "joined_to": "2020-01-20"},
        {"status": "all", "q": "李"},
    ],
)
def test_sorting_the_counted_rows_and_walking_the_order_index_agree(
    world, client, monkeypatch, filters
):
    """The page is read one of two ways (CappedPaginator): few rows are sorted, many are walked
    in list order. Both give the rows a plain ORM query gives, in the same order, ties by id."""
    from gonghui.members import views

    births = [dt.date(1995, 5, 1), dt.date(1985, 5, 1), dt.date(1960, 5, 1)]
    for i in range(36):
        make_member(
            (world.union_a, world.union_b)[i % 2],
            f"{'王李张'[i % 3]}{i:02d}",
            id_number=make_id_number(births[i % 3], female=i % 4 == 0),
            joined=dt.date(2020, 1, 1) + dt.timedelta(days=i // 3),  # three per day: ties
        )
    make_member(world.union_c, "王外镇", joined=dt.date(2020, 1, 8))  # outside the clerk's town
    client.force_login(world.clerk)

    def pages():
        """Every page, in turn: the ids of each."""
        read, n = [], 1
        while True:
            page = client.get(LIST, {**filters, "per_page": 10, "page": n}).context["page"]
            read.append([m.pk for m in page])
            if not page.has_next():
                return read
            n += 1

    sorted_pages = pages()
    monkeypatch.setattr(views.CappedPaginator, "NARROW", 0)  # always walk
    monkeypatch.setattr(views, "WALK_FROM_ORGS", 0)  # SQLite too
    walked_pages = pages()
    expected = Membership.objects.filter(org__in=[world.union_a, world.union_b])
    if filters.get("status") != "all":
        expected = expected.filter(status="active")
    if "q" in filters:
        expected = expected.filter(person__name__startswith=filters["q"])
    if "sex" in filters:
        expected = expected.filter(person__sex=filters["sex"])
    if filters.get("age") == "36-45":
        expected = expected.filter(person__birth_date=births[1])
    if filters.get("age") == "-35":
        expected = expected.filter(person__birth_date=births[0])
    if "joined_from" in filters:
        expected = expected.filter(joined__range=(filters["joined_from"], filters["joined_to"]))
    ids = list(expected.order_by("-joined", "-id").values_list("pk", flat=True))
    assert ids, "each case lists someone"
    assert sorted_pages == walked_pages == [ids[i : i + 10] for i in range(0, len(ids), 10)]
