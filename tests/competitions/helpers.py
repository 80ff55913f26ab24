import datetime as dt

import time_machine

from gonghui.competitions import services
from gonghui.competitions.models import Competition


def safety_competition(world, *, units=None, name="太华镇2026—2027年度安康杯竞赛"):
    """A town 安康杯 with the standard documents (due 2026-03-31) and the 100-point rubric."""
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0), tick=False):
        comp = services.competition_create(
            by=world.clerk,
            name=name,
            kind=Competition.Kind.SAFETY,
            organiser=world.town,
            start_date=dt.date(2026, 3, 1),
            end_date=dt.date(2027, 12, 31),
        )
        services.requirements_add_standard(
            by=world.clerk, competition=comp, first_due=dt.date(2026, 3, 31)
        )
        services.rubric_add_standard(by=world.clerk, competition=comp)
        for org in units or (world.union_a, world.union_b):
            services.participant_add(by=world.clerk, competition=comp, org=org)
    return comp
