"""Names a clerk reads in the audit log: 会员 for members.person, 姓名 for name."""

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

register = template.Library()


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


@register.filter
def ledger_name(label: str) -> str:
    """The verbose name of a model given as 'app_label.model_name', or the label itself."""
    model = _model(label)
    return str(model._meta.verbose_name) if model else label


@register.simple_tag
def field_label(label: str, name: str) -> str:
    """The verbose name of a field of that model (a foreign key may be stored as name_id)."""
    model = _model(label)
    if model is None:
        return name
    for candidate in (name, name.removesuffix("_id")):
        try:
            return str(model._meta.get_field(candidate).verbose_name)
        except FieldDoesNotExist:
            continue
    return name


@register.simple_tag
def imported_from(instance) -> dict | None:
    """{event, row, after} when an import created `instance` (core.models.imported_row)."""
    from gonghui.core.models import imported_row

    if instance is None or instance.pk is None:
        return None
    return imported_row(instance._meta.label_lower, instance.pk)
