"""PostgreSQL only: the name index the member list's search reads, with the person's id in it.

A name search collects the ids of the people whose name starts with the query (the member list,
`person_id = ANY(ARRAY(SELECT id ... WHERE name LIKE '王%'))`). With the id in the index that is
an index-only scan; from Django's varchar_pattern_ops index it visits one table page per person
(about 4,000 pages for a common surname at 500,000 members). SQLite reads the id from its name
index already (every SQLite index holds the rowid), so nothing is created there, and the model
state does not change (`makemigrations --check` stays clean on both databases).
"""

from django.db import migrations

NAME = "person_name_prefix_id"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON members_person "
            "(name varchar_pattern_ops) INCLUDE (id)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("members", "0002_list_order_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
