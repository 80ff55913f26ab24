"""The agreements over the JSON API: register, file, review, figures, reminders, scoping."""

import datetime as dt

import pytest
import time_machine

from gonghui.bargaining.models import Agreement
from tests.bargaining.helpers import make_agreement, make_employer
from tests.bargaining.test_source_figures import SENTENCE, build_source_five

pytestmark = pytest.mark.usefixtures("_today")


@pytest.fixture
def _today():
    with time_machine.travel(dt.datetime(2026, 7, 5, 10, 0), tick=False):
        yield


def _body(world, employers, **change):
    body = {
        "title": "太华镇2026年区域性工资集体协议",
        "scope": "regional",
        "topic": "wage",
        "union": world.town.pk,
        "employers": employers,
        "signed": "2026-07-01",
        "starts": "2026-07-01",
        "ends": "2029-06-30",
        "vote_body": "regional_congress",
        "vote_date": "2026-06-28",
        "vote_eligible": 90,
        "vote_present": 60,
        "vote_for": 46,
    }
    body.update(change)
    return body


def test_register_file_and_see_it_deemed(world, client):
    others = [make_employer(world.town, name=f"第{i}厂") for i in range(3)]
    client.force_login(world.clerk)
    refs = [world.employer_a.credit_code, others[0].name, str(others[1].pk), str(others[2].pk)]
    response = client.post(
        "/api/v1/agreements", _body(world, refs), content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["employers_count"] == 4 and data["status"] == "unfiled"
    assert data["filing_due"] == "2026-07-08"
    pk = data["id"]
    response = client.post(
        f"/api/v1/agreements/{pk}/filing", {"filed": "2026-06-30"}, content_type="application/json"
    )
    assert response.status_code == 422  # before signing
    response = client.post(
        f"/api/v1/agreements/{pk}/filing", {"filed": "2026-07-03"}, content_type="application/json"
    )
    assert response.json()["status"] == "reviewing"
    assert response.json()["filing"]["deemed_effective_on"] == "2026-07-19"
    with time_machine.travel(dt.datetime(2026, 7, 19, 10, 0), tick=False):
        client.force_login(world.clerk)
        assert client.get(f"/api/v1/agreements/{pk}").json()["status"] == "deemed"
        response = client.post(
            f"/api/v1/agreements/{pk}/review",
            {"outcome": "objection", "decided": "2026-07-19", "objection_text": "条款不明"},
            content_type="application/json",
        )
        assert response.status_code == 422
        assert "视为生效" in response.json()["detail"]


def test_rules_answer_422_with_reasons(world, client):
    client.force_login(world.clerk)
    refs = [world.employer_a.credit_code]
    response = client.post(
        "/api/v1/agreements", _body(world, refs, vote_present=59), content_type="application/json"
    )
    assert response.status_code == 422
    assert "三分之二" in response.json()["errors"]["vote_for"][0]
    response = client.post(
        "/api/v1/agreements", _body(world, ["不存在的厂"]), content_type="application/json"
    )
    assert response.status_code == 422
    assert "不存在的厂" in response.json()["errors"]["employers"][0]
    assert not Agreement.objects.exists()


def test_scoping_and_read_only(world, client):
    agreement = make_agreement(
        union=world.union_a,
        employers=[world.employer_a],
        scope="single",
        signed=dt.date(2026, 6, 1),
    )
    client.force_login(world.chair_b)
    assert client.get(f"/api/v1/agreements/{agreement.pk}").status_code == 404
    assert client.get("/api/v1/agreements").json()["total"] == 0
    client.force_login(world.viewer)
    assert client.get("/api/v1/agreements").json()["total"] == 1
    response = client.post(
        "/api/v1/agreements",
        _body(world, [world.employer_a.credit_code]),
        content_type="application/json",
    )
    assert response.status_code == 403


def test_figures_and_reminders(world, client):
    build_source_five(world)
    client.force_login(world.clerk)
    data = client.get(
        "/api/v1/bargaining/figures", {"start": "2026-01-01", "end": "2026-06-30"}
    ).json()
    assert data["sentence"] == SENTENCE
    assert data["employers"]["renewed"] == 194
    reminders = client.get("/api/v1/bargaining/reminders").json()
    assert reminders["filings_overdue"] == []
    assert reminders["employers_without_wage_negotiation"] == 0
