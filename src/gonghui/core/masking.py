"""Masking of personal data for lists and public notices (RULES.md §9)."""

from .idnumber import mask as mask_id_number
from .phone import mask_mobile

__all__ = ["mask_account", "mask_id_number", "mask_mobile", "mask_name"]


def mask_name(name: str) -> str:
    """张* for two characters, 张*三 for three, 欧**锋 for four and more."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_account(number: str) -> str:
    """A bank account (金融账户, sensitive under PIPL 第28条) with its last four digits only:
    6222 0212 3456 7890 → ************7890."""
    digits = "".join((number or "").split())
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]
