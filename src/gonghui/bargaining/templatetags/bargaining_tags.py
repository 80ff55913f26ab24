from django import template

from gonghui.bargaining.selectors import percent_text

register = template.Library()


@register.filter
def pct(rate: dict) -> str:
    """A rate dict from the selectors as 100% / 96.1% / —."""
    return percent_text(rate)


@register.inclusion_tag("bargaining/_rate.html")
def rate_cell(label: str, rate: dict, unit: str = "家"):
    """A figure card: the percentage with its numerator and denominator."""
    return {"label": label, "rate": rate, "text": percent_text(rate), "unit": unit}
