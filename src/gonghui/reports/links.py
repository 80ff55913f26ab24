"""Drill-down links for figures: a URL name plus the filters that reproduce the rows."""

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse


def link(name: str, *args, **query) -> str:
    """The URL with its query, or "" when the page does not exist (the figure is then plain text)."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


def period_query(ctx) -> dict:
    return {
        "org": ctx.org.pk,
        "from": ctx.period.start.isoformat(),
        "to": ctx.period.last_day.isoformat(),
    }
