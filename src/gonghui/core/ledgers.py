"""The ledger registry behind `gonghui import|export|figures LEDGER`.

Each app registers its ledgers in AppConfig.ready(), so a new module adds a ledger without
touching the command line code.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Ledger:
    name: str
    label: str  # Chinese name shown to users, e.g. 会员名册
    importer: Callable | None = None
    exporter: Callable | None = None
    figures: Callable | None = None
    options: dict = field(default_factory=dict)


REGISTRY: dict[str, Ledger] = {}


def register(ledger: Ledger) -> Ledger:
    REGISTRY[ledger.name] = ledger
    return ledger


def get(name: str) -> Ledger:
    try:
        return REGISTRY[name]
    except KeyError:
        known = "、".join(sorted(REGISTRY)) or "（无）"
        raise KeyError(f"没有名为 {name} 的台账；可用的有：{known}") from None
