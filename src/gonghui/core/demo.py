"""The demo data set behind `gonghui demo`: a county modelled on the source document.

Each app that has demo data keeps it in `gonghui/<app>/demo.py` with a function
`load(context: DemoContext) -> None`. `load_demo()` calls them in INSTALLED_APPS order (orgs, then
accounts, then members, then the ledgers), so a later app finds the tree, the users and the members
in `context`. A new app plugs in by adding its own `demo.py`; nothing here changes.
"""

import datetime as dt
import importlib
import importlib.util
import random
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction

SEED = 20260301
COUNTY_NAME = "示范县总工会"
PASSWORD = "Gonghui@2026"


@dataclass
class Login:
    username: str
    password: str
    role: str  # the role as the printed list shows it, in Chinese
    place: str
    note: str = ""


@dataclass
class DemoContext:
    """What the loaders share: the seed, today, and what earlier loaders made."""

    today: dt.date
    rng: random.Random
    orgs: dict = field(default_factory=dict)  # full name and short name -> Organization
    users: dict = field(default_factory=dict)  # username -> User
    logins: list[Login] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # one line per loader, printed at the end
    members: int = 0  # how many members the members loader should make

    def org(self, name: str):
        return self.orgs[name]


def demo_modules() -> list:
    """`<app>.demo` of every installed gonghui app that has one with a `load` function."""
    found = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.demo"
        if not config.name.startswith("gonghui.") or module_name == __name__:
            continue
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        if callable(getattr(module, "load", None)):
            found.append(module)
    return found


def demo_present() -> bool:
    from gonghui.orgs.models import Organization

    return Organization.objects.filter(name=COUNTY_NAME).exists()


def load_demo(
    *, today: dt.date | None = None, members: int = 3000, seed: int = SEED
) -> DemoContext:
    """Load every app's demo data in one transaction; the caller checks demo_present() first."""
    context = DemoContext(today=today or dt.date.today(), rng=random.Random(seed), members=members)
    with transaction.atomic():
        for module in demo_modules():
            # Each loader draws from its own stream, so adding one does not change the others.
            context.rng = random.Random(f"{seed}:{module.__name__}")
            module.load(context)
    return context
