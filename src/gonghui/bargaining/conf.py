"""The definitions behind the rates: settings with documented defaults (RULES.md §5, §6).

There is no single national formula for these rates, so each denominator is a setting
(GONGHUI_BARGAINING_* environment variables, read in settings.py):

BARGAINING_COVERAGE_BASE (default "all")
    Which employers "should be" covered, the denominator of 覆盖率:
    "all"        every employer in the subtree (行业性、区域性集体合同 bind every employer of the
                 sector or region, 劳动合同法 第五十四条), the default;
    "unionised"  employers with a union;
    "threshold"  employers with at least UNIONISE_THRESHOLD staff.
BARGAINING_ESTABLISHMENT_BASE (default "unionised")
    The denominator of 建制率 ("具备协商条件的建会企业"): same choices, default "unionised".
    Its numerator is the employers of that base covered by an agreement in force.
BARGAINING_REVIEW_BASE (default "agreements")
    审查鉴证率 = agreements signed in the period whose review has concluded (approved, objected,
    or deemed effective after 15 days) ÷ agreements signed in the period ("agreements"), or the
    same counted by covered employers ("employers").
BARGAINING_EXPIRY_WARNING_MONTHS (default 3)
    Agreements ending within this many months are listed for renewal (集体合同规定 第四十条).
BARGAINING_TERM_WARNING_MONTHS (default 6)
    Unions whose term ends within this many months are listed for 换届 (RULES.md §6).
UNIONISE_THRESHOLD (default 25)
    工会法 第十一条: 二十五人以上的单位应当建立基层工会委员会.
"""

from django.conf import settings

BASES = ("all", "unionised", "threshold")

DEFAULTS = {
    "BARGAINING_COVERAGE_BASE": "all",
    "BARGAINING_ESTABLISHMENT_BASE": "unionised",
    "BARGAINING_REVIEW_BASE": "agreements",
    "BARGAINING_EXPIRY_WARNING_MONTHS": 3,
    "BARGAINING_TERM_WARNING_MONTHS": 6,
    "UNIONISE_THRESHOLD": 25,
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])


def definitions() -> dict:
    """The settings in force, as figures report them next to the numbers."""
    return {name.lower(): get(name) for name in DEFAULTS}
