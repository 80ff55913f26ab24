"""篇3: the sub-district's festival condolences, loaded and counted back exactly."""

import datetime as dt

from gonghui.assistance.models import Application, Disbursement, GoodsLine, Visit
from gonghui.assistance.rules import Category, State
from gonghui.assistance.selectors import aid_figures, to_json
from gonghui.core.dates import Period
from gonghui.members.models import Person
from tests.assistance.helpers import D, make_campaign
from tests.factories import make_id_number

# (category, households, persons per household, cash per household, goods value per household)
PIAN3 = [
    (Category.DIBAO, 313, 1, D("150"), D("50")),
    (Category.ELDERLY_ALONE, 21, 1, D("200"), D("50")),
    (Category.PARTY_MEMBER, 100, 1, D("150"), D("50")),
    (Category.LAID_OFF, 80, 1, D("150"), D("50")),
    (Category.DISABLED, 47, 1, D("150"), D("50")),
    (Category.MODEL_WORKER, 20, 1, D("200"), D("50")),
    (Category.DIBAO_EDGE, 15, 2, D("150"), D("50")),
    (Category.SINGLE_PARENT, 8, 2, D("200"), D("50")),
    (Category.ILLNESS, 6, 3, D("500"), D("100")),
]


def load_pian3(world, campaign):
    persons, apps = [], []
    n = 0
    for category, households, size, cash, goods in PIAN3:
        for _ in range(households):
            n += 1
            persons.append(
                Person(
                    name=f"户主{n:03d}",
                    id_number=make_id_number(dt.date(1950, 1, 1) + dt.timedelta(days=n)),
                    sex="M",
                    birth_date=dt.date(1950, 1, 1),
                )
            )
            apps.append((category, size, cash, goods))
    Person.objects.bulk_create(persons)
    created = Application.objects.bulk_create(
        [
            Application(
                campaign=campaign,
                person=p,
                org=world.union_a,
                category=c,
                household_key=f"P{p.pk}",
                household_size=size,
                cash=cash,
                goods_value=goods,
                status=State.CLOSED,
            )
            for p, (c, size, cash, goods) in zip(persons, apps, strict=True)
        ]
    )
    disbursements = Disbursement.objects.bulk_create(
        [
            Disbursement(
                application=a,
                org=a.org,
                date=dt.date(2026, 1, 25),
                method="in_person",
                cash=a.cash,
                receipt_signed=True,
            )
            for a in created
        ]
    )
    GoodsLine.objects.bulk_create(
        [
            GoodsLine(
                disbursement=d,
                item="大米",
                quantity=D("10"),
                unit="kg",
                value=d.application.goods_value,
            )
            for d in disbursements
        ]
    )
    Visit.objects.bulk_create(
        [
            Visit(
                campaign=campaign,
                org=world.town,
                date=dt.date(2026, 1, 28),
                kind=Visit.Kind.ELDERLY_HOME,
                place="太华镇敬老院",
                people_reached=96,
                cash=D("3000"),
                goods="毛毯",
                goods_value=D("2000"),
            ),
            Visit(
                campaign=campaign,
                org=world.town,
                date=dt.date(2026, 2, 3),
                kind=Visit.Kind.ARMY_UNIT,
                place="驻镇部队",
                people_reached=80,
                cash=D("5000"),
                goods_value=D("3000"),
            ),
        ]
    )


def test_pian3_distribution_comes_out_exactly(world):
    campaign = make_campaign(world, name="2026年双节慰问")
    load_pian3(world, campaign)
    figures = aid_figures(org=world.town, campaign=campaign)
    groups = {g["label"]: g["households"] for g in figures["by_group"]}
    assert groups["低保户"] == 313
    assert groups["孤寡空巢老人"] == 21
    assert groups["困难党员、特困下岗职工、贫困残疾人员、劳动模范"] == 247
    assert groups["低保边缘户"] == 15
    assert groups["单亲家庭"] == 8
    assert groups["大病家庭"] == 6
    assert figures["households"] == 610
    assert figures["persons"] == 610 - 29 + 15 * 2 + 8 * 2 + 6 * 3  # 645
    assert figures["people_reached"] == 645 + 96 + 80 == 821  # “800余人”
    assert figures["people_reached"] > 800
    assert figures["units_visited"] == 2
    assert figures["disbursed_cash"] == D("96050.00")
    assert figures["disbursed_goods_value"] == D("30800.00")
    assert figures["total_value"] == D("139850.00")  # “13万余元”
    assert figures["total_value"] > 130000
    assert figures["applications"][State.CLOSED] == 610
    # the same numbers from a period, and for chair_b's sibling union: nothing
    by_period = aid_figures(org=world.town, period=Period(dt.date(2026, 1, 1), dt.date(2026, 3, 1)))
    assert by_period["households"] == 610 and by_period["total_value"] == D("139850.00")
    assert aid_figures(org=world.union_b, campaign=campaign)["households"] == 0
    assert to_json(figures)["total_value"] == "139850.00"


def test_figures_are_sql_aggregates(world, django_assert_max_num_queries):
    campaign = make_campaign(world, name="2026年双节慰问")
    load_pian3(world, campaign)
    with django_assert_max_num_queries(8):
        aid_figures(org=world.town, campaign=campaign)
