import datetime as dt

from gonghui.honors import services
from tests.factories import make_id_number, make_person


def make_worker(
    world,
    *,
    name="李劳模",
    birth=dt.date(1966, 6, 15),
    female=False,
    category="male",
    org=None,
    level="provincial",
    title="省劳动模范",
    year=2015,
):
    person = make_person(name, id_number=make_id_number(birth, female=female))
    worker = services.modelworker_create(
        by=world.clerk,
        person=person,
        org=org or world.union_a,
        category=category,
        employer=world.employer_a,
    )
    if level:
        services.honour_add(by=world.clerk, worker=worker, level=level, title=title, year=year)
    return worker
