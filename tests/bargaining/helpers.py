"""Factories for the bargaining tests: employers and agreements registered through the services."""

import datetime as dt
import itertools

from gonghui.bargaining import rules
from gonghui.bargaining.models import Agreement
from gonghui.bargaining.services import agreement_register
from gonghui.orgs.models import Employer

_seq = itertools.count(1)


def make_employer(org, name=None, *, industry="", employees=30, union=None) -> Employer:
    n = next(_seq)
    return Employer.objects.create(
        name=name or f"测试企业{n:04d}有限公司",
        org=org,
        industry=industry,
        employees=employees,
        union=union,
    )


def make_agreement(
    *,
    union,
    employers,
    scope=Agreement.Scope.REGIONAL,
    topic=Agreement.Topic.WAGE,
    signed=dt.date(2026, 1, 15),
    years=3,
    starts=None,
    renewal_of=None,
    industry="",
    by=None,
    title=None,
) -> Agreement:
    employers = list(employers)
    starts = starts or signed
    return agreement_register(
        by=by,
        title=title
        or f"{union.display_short}{signed.year}年{Agreement.Scope(scope).label}工资集体协议",
        scope=scope,
        topic=topic,
        union=union,
        employer=employers[0] if scope == Agreement.Scope.SINGLE else None,
        employers=employers if scope != Agreement.Scope.SINGLE else (),
        industry=industry,
        signed=signed,
        starts=starts,
        ends=rules.term_last_day(starts, years),
        vote_body=Agreement.VoteBody.CONGRESS,
        vote_date=signed - dt.timedelta(days=5),
        vote_eligible=30,
        vote_present=25,
        vote_for=22,
        renewal_of=renewal_of,
        today=signed,
    )
