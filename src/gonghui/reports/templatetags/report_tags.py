from django import template

from gonghui.reports.registry import F

register = template.Library()


@register.filter
def exact_text(figure):
    return figure.text(False)


@register.filter
def rounded_text(figure):
    return figure.text(True)


@register.filter
def is_figure(part):
    return isinstance(part, F)
