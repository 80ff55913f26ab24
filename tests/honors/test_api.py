"""The API of 劳模 and activities: the same answers as the pages and the figures command."""

import datetime as dt
import json

import pytest

from gonghui.honors.models import ModelWorker
from tests.activities.source_data import GONGS, enter_pian1
from tests.factories import make_id_number
from tests.honors.helpers import make_worker

API = "/api/v1"


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    "category,birth,retire,age",
    [
        ("male", "1965-05", "2025-07", "60岁2个月"),
        ("female55", "1971-04", "2026-08", "55岁4个月"),
        ("female50", "1984-11", "2039-11", "55岁"),
    ],
)
def test_retirement_calculator(world, client, category, birth, retire, age):
    client.force_login(world.viewer)
    body = client.get(f"{API}/retirement?category={category}&birth={birth}").json()
    assert body["retire"] == retire and body["age"] == age


def test_category_must_be_given(world, client):
    client.force_login(world.viewer)
    assert client.get(f"{API}/retirement?birth=1965-05").status_code == 422
    assert client.get(f"{API}/retirement?category=female&birth=1965-05").status_code == 422


def test_create_and_list_model_workers(world, client):
    client.force_login(world.chair_a)
    id_number = make_id_number(dt.date(1966, 6, 15))
    response = _post(
        client,
        f"{API}/modelworkers",
        {
            "name": "钱劳模",
            "id_number": id_number,
            "category": "male",
            "org": world.union_a.pk,
            "level": "provincial",
            "title": "省劳动模范",
            "year": 2015,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["statutory_retirement"] == "2026-11" and body["retirement_age"] == "60岁5个月"
    assert body["id_number"] == id_number  # chairs may see full numbers
    again = _post(
        client,
        f"{API}/modelworkers",
        {
            **{"name": "钱劳模", "id_number": id_number, "category": "male"},
            "org": world.union_a.pk,
            "level": "city",
            "title": "市劳动模范",
            "year": 2010,
        },
    )
    assert again.status_code == 400 and "已在劳模台账" in again.json()["detail"]
    # The sibling union is outside chair_a's scope.
    outside = _post(
        client,
        f"{API}/modelworkers",
        {
            "name": "孙",
            "id_number": make_id_number(),
            "category": "male",
            "org": world.union_b.pk,
            "level": "city",
            "title": "市劳动模范",
            "year": 2010,
        },
    )
    assert outside.status_code == 404
    client.force_login(world.viewer)
    listed = client.get(f"{API}/modelworkers").json()
    assert [w["name"] for w in listed] == ["钱劳模"]
    assert "*" in listed[0]["id_number"]
    assert ModelWorker.objects.count() == 1


def test_figures_match_the_selectors(world, client):
    make_worker(world, birth=dt.date(1966, 1, 10))
    enter_pian1(by=world.clerk, org=world.town)
    client.force_login(world.viewer)
    figures = client.get(f"{API}/modelworkers-figures?from=2026-01-01&to=2026-06-30").json()
    assert figures["reaching_retirement"] == 1
    assert figures["allowance"]["monthly_total"] == "0"
    act = client.get(f"{API}/activities-figures?from=2026-01-01&to=2026-12-31").json()
    assert act["publicity"]["used"] == 54
    assert [o["used"] for o in act["publicity"]["by_outlet"]] == [39, 10, 5]
    assert act["by_kind"]["speech"] == {"events": 1, "contestants": 13, "audience": 90, "teams": 0}


def test_event_with_results_in_one_call(world, client):
    client.force_login(world.clerk)
    response = _post(
        client,
        f"{API}/events",
        {
            "org": world.town.pk,
            "kind": "culture",
            "name": "元宵十番锣鼓大赛",
            "start_date": "2026-03-03",
            "entries": [{"name": n, "rank": r, "award": a} for n, r, a in GONGS],
        },
    )
    assert response.status_code == 201, response.content
    event = response.json()
    assert len(event["teams"]) == 8
    assert [(r["award"], r["name"]) for r in event["results"]] == [
        ("金锣奖", "桥涯村十番锣鼓队"),
        ("银锣奖", "杭坑村十番锣鼓队"),
        ("铜锣奖", "乾元村十番锣鼓队"),
        ("铜锣奖", "胥锦村十番锣鼓队"),
    ]
    # A duplicate team name rolls the whole event back.
    bad = _post(
        client,
        f"{API}/events",
        {
            "org": world.town.pk,
            "kind": "sports",
            "name": "拔河",
            "start_date": "2026-03-03",
            "entries": [{"name": "海福工会"}, {"name": "海福工会"}],
        },
    )
    assert bad.status_code == 400
    assert [e["name"] for e in client.get(f"{API}/events").json()] == ["元宵十番锣鼓大赛"]


def test_article_outlet_must_be_configured(world, client):
    client.force_login(world.chair_a)
    body = {"org": world.union_a.pk, "title": "稿", "date": "2026-03-01", "used": True}
    assert _post(client, f"{API}/articles", body).status_code == 400
    body["outlet"] = "人民日报"
    assert "不在设置的列表中" in _post(client, f"{API}/articles", body).json()["detail"]
    body["outlet"] = "工会手机报"
    assert _post(client, f"{API}/articles", body).status_code == 201
