"""Factories for the aid tests."""

import datetime as dt
from decimal import Decimal

from gonghui.assistance.models import AidSetting, Application, Campaign, CampaignStandard
from gonghui.assistance.rules import Category
from gonghui.assistance.services import application_create
from tests.factories import make_person

D = Decimal


def make_campaign(world, name="2026年两节送温暖", **fields) -> Campaign:
    fields.setdefault("kind", Campaign.Kind.WARMTH)
    fields.setdefault("org", world.town)
    fields.setdefault("start", dt.date(2025, 12, 20))
    fields.setdefault("end", dt.date(2026, 2, 10))
    campaign = Campaign.objects.create(name=name, **fields)
    CampaignStandard.objects.bulk_create(
        [
            CampaignStandard(
                campaign=campaign,
                category=Category.DIBAO,
                cash=D("200"),
                goods="大米、食用油",
                goods_value=D("80"),
            ),
            CampaignStandard(campaign=campaign, category=Category.ILLNESS, cash=D("3000")),
        ]
    )
    return campaign


def set_dibao(org, monthly="800", days=7, phone="0512-12345678"):
    return AidSetting.objects.create(
        org=org, dibao_monthly=D(monthly), notice_days=days, objection_phone=phone
    )


def apply(world, campaign, name="张三丰", org=None, category=Category.DIBAO, by=None, **kw):
    """A submitted application of a new person."""
    person = kw.pop("person", None) or make_person(name)
    return application_create(
        campaign=campaign,
        person=person,
        org=org or world.union_a,
        category=category,
        by=by or world.clerk,
        today=kw.pop("today", dt.date(2026, 1, 5)),
        **kw,
    )


def fetch(apps):
    return list(
        Application.objects.filter(pk__in=[a.pk for a in apps])
        .select_related("person", "org", "campaign", "campaign__org")
        .order_by("pk")
    )
