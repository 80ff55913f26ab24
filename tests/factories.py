"""Plain factory functions shared by the tests: the people every test speaks of."""

import datetime as dt
import itertools
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from gonghui.core import idnumber
from gonghui.members.models import Membership, Person
from gonghui.orgs.models import Employer, Organization, Placement

PASSWORD = "Gonghui#2026"

_seq = itertools.count(1)


def make_id_number(
    birth: dt.date = dt.date(1985, 6, 15), *, female: bool = False, area: str = "320102"
) -> str:
    """A synthetic, checksum-valid ID number; each call gives a new sequence."""
    n = next(_seq) % 500
    seq = 2 * n + (0 if female else 1)
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + idnumber.check_char(first17)


def make_user(username: str, org: Organization | None, role: str | None, **extra):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
    if org is not None and role is not None:
        Placement.objects.create(user=user, org=org, role=role, display_name=username)
    return user


def make_person(name: str = "张三", **fields) -> Person:
    fields.setdefault("id_number", make_id_number())
    return Person.objects.create(name=name, **fields)


def make_member(
    org: Organization, name: str = "张三", joined=dt.date(2020, 1, 1), **fields
) -> Membership:
    return Membership.objects.create(person=make_person(name, **fields), org=org, joined=joined)


@dataclass
class World:
    county: Organization
    town: Organization
    union_a: Organization
    union_b: Organization
    other_town: Organization
    union_c: Organization
    employer_a: Employer
    clerk: object  # federation staff at the town
    county_clerk: object
    chair_a: object
    chair_b: object
    approver: object
    viewer: object


def build_world() -> World:
    tree = Organization.objects
    county = tree.add_root(dict(name="示范县总工会", short_name="县总工会", kind="federation"))
    town = tree.add_child(county, dict(name="太华镇总工会", short_name="太华镇", kind="town"))
    union_a = tree.add_child(
        town,
        dict(
            name="桥涯村工会",
            short_name="桥涯村",
            kind="grassroots",
            unit_type="village",
            employees=40,
        ),
    )
    union_b = tree.add_child(
        town,
        dict(
            name="杭坑村工会",
            short_name="杭坑村",
            kind="grassroots",
            unit_type="village",
            employees=30,
        ),
    )
    other_town = tree.add_child(
        county, dict(name="缸窑街道工会", short_name="缸窑街道", kind="town")
    )
    union_c = tree.add_child(
        other_town,
        dict(
            name="缸窑社区工会",
            short_name="缸窑社区",
            kind="grassroots",
            unit_type="joint",
            employees=20,
        ),
    )
    for org in (county, town, union_a, union_b, other_town, union_c):
        org.refresh_from_db()
    employer_a = Employer.objects.create(
        name="桥涯纺织有限公司",
        credit_code="91320102MA1T8K3W40",
        industry="纺织",
        employees=60,
        org=town,
    )
    return World(
        county=county,
        town=town,
        union_a=union_a,
        union_b=union_b,
        other_town=other_town,
        union_c=union_c,
        employer_a=employer_a,
        clerk=make_user("clerk", town, "staff"),
        county_clerk=make_user("county", county, "staff"),
        chair_a=make_user("chair_a", union_a, "chair"),
        chair_b=make_user("chair_b", union_b, "chair"),
        approver=make_user("approver", county, "approver"),
        viewer=make_user("viewer", town, "viewer"),
    )
