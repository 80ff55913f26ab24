"""Entering the source's events through the pages, and reading the figures back from them."""

from django.urls import reverse

from gonghui.activities import selectors
from gonghui.activities.models import Event, EventEntry, Outlet
from tests.activities.source_data import GONGS, enter_pian1, enter_pian5_events


def test_gongs_entered_through_the_pages(world, client):
    client.force_login(world.clerk)
    response = client.post(
        reverse("activities:event_create"),
        {
            "org": world.town.pk,
            "kind": "culture",
            "name": "元宵十番锣鼓大赛",
            "start_date": "2026-03-03",
            "place": "鼎球广场",
            "co_organisers": "文化站",
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    for name, _rank, _award in GONGS:
        r = client.post(reverse("activities:entry_add", kwargs={"pk": event.pk}), {"name": name})
        assert r.status_code == 302
    ids = {e.name: e.pk for e in EventEntry.objects.filter(event=event)}
    data = {}
    for name, rank, award in GONGS:
        data[f"rank_{ids[name]}"] = rank or ""
        data[f"award_{ids[name]}"] = award
    client.post(reverse("activities:results", kwargs={"pk": event.pk}), data)
    assert [(r["name"], r["award"]) for r in selectors.event_results(event=event)] == [
        ("桥涯村十番锣鼓队", "金锣奖"),
        ("杭坑村十番锣鼓队", "银锣奖"),
        ("乾元村十番锣鼓队", "铜锣奖"),
        ("胥锦村十番锣鼓队", "铜锣奖"),
    ]
    page = client.get(event.get_absolute_url()).content.decode()
    assert "参赛队伍（8 支）" in page
    assert page.index("金锣奖") < page.index("银锣奖") < page.index("铜锣奖")


def test_bad_rank_is_refused(world, client):
    gongs, _ = enter_pian5_events(by=world.clerk, org=world.town)
    entry = gongs.entries.first()
    client.force_login(world.clerk)
    client.post(
        reverse("activities:results", kwargs={"pk": gongs.pk}), {f"rank_{entry.pk}": "第一"}
    )
    entry.refresh_from_db()
    assert entry.rank == 1  # unchanged


def test_speech_and_publicity_pages(world, client):
    speech = enter_pian1(by=world.clerk, org=world.town)
    client.force_login(world.clerk)
    page = client.get(speech.get_absolute_url()).content.decode()
    assert "13人" in page and "90余人" in page
    page = client.get(reverse("activities:articles") + "?year=2026").content.decode()
    assert "信息用稿采用共计 <strong>54</strong> 篇" in page
    assert "市门户网站采用 <strong>39</strong> 篇" in page
    assert "《工会》采用 <strong>10</strong> 篇" in page
    assert "工会手机报采用 <strong>5</strong> 篇" in page


def test_article_used_needs_an_outlet(world, client):
    client.force_login(world.chair_a)
    response = client.post(
        reverse("activities:article_create"),
        {"org": world.union_a.pk, "title": "稿件", "date": "2026-03-01", "used": "on"},
    )
    assert response.status_code == 200 and "请选择用稿媒体" in response.content.decode()
    outlet = Outlet.objects.get(name="市门户网站")
    response = client.post(
        reverse("activities:article_create"),
        {
            "org": world.union_a.pk,
            "title": "稿件",
            "date": "2026-03-01",
            "used": "on",
            "outlet": outlet.pk,
        },
    )
    assert response.status_code == 302
    figures = selectors.publicity_figures(org=world.union_a, period=None)
    assert figures["used"] == 1


def test_index_query_count(world, client, django_assert_num_queries):
    enter_pian5_events(by=world.clerk, org=world.town)
    enter_pian1(by=world.clerk, org=world.town)
    client.force_login(world.clerk)
    url = reverse("activities:index") + "?year=2026"
    client.get(url)
    # session, user, placement, count, events, entries (prefetch), 2 event figures, 2 publicity,
    # 2 training, 1 practice; then the idle-timeout session save (3).
    with django_assert_num_queries(16):
        response = client.get(url)
    body = response.content.decode()
    assert "元宵十番锣鼓大赛" in body and "金锣奖 桥涯村十番锣鼓队" in body
    assert "一等奖 海福工会" in body


def test_chair_sees_only_own_events(world, client):
    enter_pian5_events(by=world.clerk, org=world.town)
    client.force_login(world.chair_a)
    body = client.get(reverse("activities:index") + "?year=2026").content.decode()
    assert "元宵十番锣鼓大赛" not in body


def test_index_narrows_to_a_union_of_the_subtree(world, client):
    # the county summary's per-town event figures link here with ?org=
    enter_pian5_events(by=world.clerk, org=world.town)
    client.force_login(world.county_clerk)
    url = reverse("activities:index") + "?year=2026"
    assert "元宵十番锣鼓大赛" in client.get(url).content.decode()
    other = client.get(url + f"&org={world.other_town.pk}").content.decode()
    assert "元宵十番锣鼓大赛" not in other and world.other_town.name in other
    town = client.get(url + f"&org={world.town.pk}").content.decode()
    assert "元宵十番锣鼓大赛" in town and "查看全部" in town
    client.force_login(world.chair_b)  # not in the chair's subtree: never revealed
    assert client.get(url + f"&org={world.town.pk}").status_code == 404
