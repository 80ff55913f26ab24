"""Full ID numbers over the API, beyond the roster: masked for roles that may not see them, and
every response that carries them leaves one audit event (who, how many, whose)."""

import datetime as dt
import json

from gonghui.assistance.models import Application
from gonghui.assistance.rules import Category
from gonghui.competitions.models import GradeRise
from gonghui.core.models import AuditEvent
from tests.assistance.helpers import make_campaign
from tests.factories import make_person
from tests.honors.helpers import make_worker

API = "/api/v1"


def _events():
    return list(AuditEvent.objects.filter(kind__in=["reveal", "export"]).order_by("id"))


def _aid(world):
    campaign = make_campaign(world)
    people = [make_person(n) for n in ("张三丰", "李四娘")]
    for p in people:
        Application.objects.create(
            campaign=campaign,
            person=p,
            org=world.union_a,
            category=Category.DIBAO,
            household_key=f"P{p.pk}",
        )
    return campaign, people


def test_aid_list_and_record(world, client):
    campaign, people = _aid(world)
    client.force_login(world.viewer)  # may not unmask: masked, nothing logged
    items = client.get(f"{API}/aid/campaigns/{campaign.pk}/applications").json()
    assert all("*" in i["id_number"] for i in items) and not _events()

    client.force_login(world.clerk)
    items = client.get(f"{API}/aid/campaigns/{campaign.pk}/applications").json()
    assert {i["id_number"] for i in items} == {p.id_number for p in people}
    (event,) = _events()
    assert (event.kind, event.username, event.detail["count"]) == ("export", "clerk", 2)
    assert event.detail["person_ids"] == sorted(p.pk for p in people)

    one = Application.objects.filter(person=people[0]).get()
    assert client.get(f"{API}/aid/applications/{one.pk}").json()["id_number"] == people[0].id_number
    assert [(e.kind, e.detail["person_ids"]) for e in _events()[1:]] == [("reveal", [people[0].pk])]


def test_model_workers(world, client):
    worker = make_worker(world)
    client.force_login(world.viewer)
    assert "*" in client.get(f"{API}/modelworkers").json()[0]["id_number"]
    assert not _events()
    client.force_login(world.clerk)
    assert client.get(f"{API}/modelworkers").json()[0]["id_number"] == worker.person.id_number
    assert (
        client.get(f"{API}/modelworkers/{worker.pk}").json()["id_number"] == worker.person.id_number
    )
    assert [e.kind for e in _events()] == ["export", "reveal"]


def test_grade_rises(world, client):
    person = make_person("王技师")
    GradeRise.objects.create(
        person=person,
        org=world.union_a,
        grade_from=3,
        grade_to=4,
        via="training",
        certified_on=dt.date(2026, 5, 1),
    )
    client.force_login(world.viewer)
    body = client.get(f"{API}/grade-rises").json()
    assert "*" in body["items"][0]["id_number"] and not _events()
    client.force_login(world.clerk)
    body = client.get(f"{API}/grade-rises").json()
    assert body["items"][0]["id_number"] == person.id_number
    (event,) = _events()
    assert (event.kind, event.detail["person_ids"]) == ("export", [person.pk])
    json.dumps(event.detail)  # stored as JSON
