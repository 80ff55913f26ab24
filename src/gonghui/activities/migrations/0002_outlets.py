"""The outlets the source counts (篇1: 市门户网站, 《工会》, 工会手机报), as a starting list."""

from django.db import migrations

DEFAULT_OUTLETS = [
    ("市门户网站", "portal", "city", 1),
    ("《工会》", "newspaper", "city", 2),
    ("工会手机报", "mobile", "city", 3),
]


def add_outlets(apps, schema_editor):
    Outlet = apps.get_model("activities", "Outlet")
    for name, medium, level, position in DEFAULT_OUTLETS:
        Outlet.objects.get_or_create(
            name=name, defaults={"medium": medium, "level": level, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(add_outlets, migrations.RunPython.noop)]
