"""劳模: model workers with the retirement category of their post, honours, yearly checks,
到龄退休申报 for those reaching the age, and care records."""

import datetime as dt
from decimal import Decimal as D

from gonghui.core.retirement import retirement_for

from . import County

TITLES = {"national": "全国劳动模范", "provincial": "江苏省劳动模范", "city": "无锡市劳动模范"}


def generate(county: County) -> None:
    from gonghui.honors import models as m
    from gonghui.members.models import Person

    rng = county.rng("honors")
    workers = county.table(
        m.ModelWorker, ["person_id", "org_id", "employer_id", "category", "statutory_retirement"]
    )
    honours = county.table(m.Honour, ["worker_id", "level", "title", "year"])
    checks = county.table(m.HonourCheck, ["worker_id", "year", "still_held", "checked_on", "checked_by"])  # fmt: skip
    filings = county.table(
        m.RetirementFiling,
        ["worker_id", "state", "has_certificate", "has_retirement_approval", "has_honour_proof",
         "submitted_on", "approved_on", "allowance_from"],
    )  # fmt: skip
    care = county.table(m.CareRecord, ["worker_id", "kind", "date", "place", "amount", "note"])
    employer_of = {e["union_id"]: e["id"] for e in county.employers if e["union_id"]}
    wanted = min(len(county.members), max(3, len(county.members) // 1200))
    candidates = rng.sample(county.members, min(len(county.members), wanted * 4))
    people = {
        pk: (sex, birth)
        for pk, sex, birth in Person.objects.filter(pk__in=[p for p, _ in candidates]).values_list(
            "pk", "sex", "birth_date"
        )
    }
    # Honours come late in a working life: half of them among the oldest candidates.
    candidates.sort(key=lambda c: (people[c[0]][1], c[0]))
    older = candidates[: wanted // 2 + 1]
    chosen = older + rng.sample(candidates[len(older) :], wanted - len(older))
    today = county.today
    last = county.years[1]
    for person, org in chosen:
        sex, birth = people[person]
        category = "male" if sex == "M" else rng.choice(("female55", "female50", "female50"))
        retirement = retirement_for(category, birth).first_day
        worker = workers.add(
            person_id=person,
            org_id=org,
            employer_id=employer_of.get(org),
            category=category,
            statutory_retirement=retirement,
        )
        level = rng.choices(("city", "provincial", "national"), (70, 25, 5))[0]
        year = rng.randint(min(max(1995, birth.year + 25), last - 1), last - 1)
        honours.add(worker_id=worker, level=level, title=TITLES[level], year=year)
        if level == "city" and rng.random() < 0.2 and year < last - 1:
            honours.add(
                worker_id=worker, level="provincial", title=TITLES["provincial"], year=year + 1
            )
        for check_year in county.years:
            if rng.random() < 0.8:
                checks.add(
                    worker_id=worker,
                    year=check_year,
                    still_held=True,
                    checked_on=min(dt.date(check_year, 3, 31), today),
                    checked_by="县总工会劳模办",
                )
        if retirement <= today + dt.timedelta(days=180) and (
            rng.random() < 0.6 or not filings.rows
        ):
            state = rng.choice(("preparing", "submitted", "approved", "approved"))
            complete = state != "preparing"
            submitted = retirement - dt.timedelta(days=60) if complete else None
            approved = submitted + dt.timedelta(days=20) if state == "approved" else None
            if submitted and submitted > today:
                state, complete, submitted, approved = "preparing", False, None, None
            if approved and approved > today:
                state, approved = "submitted", None
            filings.add(
                worker_id=worker,
                state=state,
                has_certificate=complete or rng.random() < 0.5,
                has_retirement_approval=complete,
                has_honour_proof=complete,
                submitted_on=submitted,
                approved_on=approved,
                allowance_from=retirement if approved else None,
            )
        for year in county.years:
            visit = dt.date(year, 1, 20)
            if visit <= today:
                care.add(
                    worker_id=worker,
                    kind="visit",
                    date=visit,
                    place="",
                    amount=D("1000"),
                    note="春节走访慰问",
                )
    for table in (workers, honours, checks, filings, care):
        table.flush()
