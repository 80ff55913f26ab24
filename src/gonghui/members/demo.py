"""Demo members: a few thousand synthetic people with valid ID numbers, spread over the unions.

Each grassroots union gets members in proportion to its staff. A few members have left or
transferred, so the roster shows closed memberships as well.
"""

import datetime as dt

from gonghui.core.demo import DemoContext
from gonghui.core.synthetic import (
    EDUCATION,
    ETHNICITIES,
    POLITICAL,
    IdNumbers,
    mobile,
    person_name,
)
from gonghui.orgs.models import Employer, Organization

from .models import Membership, Person


def _adult(birth: dt.date) -> dt.date:
    return dt.date(birth.year + 18, birth.month, 28 if birth.day > 28 else birth.day)


def _joined(context: DemoContext, birth: dt.date) -> dt.date:
    start = max(_adult(birth), dt.date(1995, 1, 1)).toordinal()
    end = (context.today - dt.timedelta(days=30)).toordinal()
    return dt.date.fromordinal(context.rng.randint(start, max(start, end)))


def load(context: DemoContext) -> None:
    rng = context.rng
    unions = list(Organization.objects.filter(kind=Organization.Kind.GRASSROOTS).order_by("path"))
    if not unions or context.members <= 0:
        return
    workplaces = dict(Employer.objects.filter(union__isnull=False).values_list("union_id", "name"))
    total_staff = sum(u.employees for u in unions)
    # The 0.925 offsets the average of the per-union join rate drawn below.
    share = min(1.0, context.members / (total_staff * 0.925))
    ids = IdNumbers(rng)
    people, memberships = [], []
    for union in unions:
        count = max(1, round(union.employees * share * rng.uniform(0.85, 1.0)))
        workplace = workplaces.get(union.pk) or union.name.removesuffix("工会")
        for _ in range(count):
            female = rng.random() < 0.46
            person = Person(
                id_number=ids.next(female=female),
                name=person_name(rng, female=female),
                mobile=mobile(rng) if rng.random() < 0.95 else "",
                ethnicity=rng.choice(ETHNICITIES),
                political_status=rng.choice(POLITICAL),
                education=rng.choice(EDUCATION),
                workplace=workplace,
            )
            person.derive_from_id()
            people.append(person)
            memberships.append((person, union))
    Person.objects.bulk_create(people, batch_size=1000)
    # bulk_create sets primary keys on SQLite and PostgreSQL; reload by ID number to be safe.
    by_id = dict(Person.objects.values_list("id_number", "pk"))
    rows, left, transferred = [], 0, 0
    for person, union in memberships:
        person_id = by_id[person.id_number]
        joined = _joined(context, person.birth_date)
        roll = rng.random()
        if roll < 0.03:
            ended = joined + dt.timedelta(days=rng.randint(60, 2000))
            ended = min(ended, context.today - dt.timedelta(days=1))
            if ended <= joined:
                ended = context.today
            rows.append(
                Membership(
                    person_id=person_id,
                    org=union,
                    joined=joined,
                    status=Membership.Status.LEFT,
                    ended=ended,
                    end_note="离职退会",
                )
            )
            left += 1
        elif roll < 0.05:
            # Transferred in from a sibling union: a closed membership there, active here.
            other = rng.choice([u for u in unions if u != union])
            moved = joined + (context.today - joined) / 2
            earlier = Membership.objects.create(
                person_id=person_id,
                org=other,
                joined=joined,
                status=Membership.Status.TRANSFERRED,
                ended=moved,
                end_note=f"转入{union.name}",
            )
            rows.append(Membership(person_id=person_id, org=union, joined=moved, previous=earlier))
            transferred += 1
        else:
            rows.append(Membership(person_id=person_id, org=union, joined=joined))
    Membership.objects.bulk_create(rows, batch_size=1000)
    context.notes.append(
        f"会员：{len(people)} 人（其中已退会 {left} 人、转会 {transferred} 人），身份证号均为合成且校验通过"
    )
