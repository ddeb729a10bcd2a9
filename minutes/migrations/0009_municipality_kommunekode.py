"""The 98 kommuner with their kommunekoder, from kommuner.py's list.

A row that already exists under one of the names a clerk may type for a kommune
("Herning", "Herning Kommune") gets the code and the official name and keeps its
pk and slug, so its URLs survive. Reversing removes the codes and the rows with an
official slug that nothing uses (those this migration added, as a rule).
"""

from django.db import migrations, models
from django.db.models import Q

from minutes import kommuner
from minutes.slugs import danish_slugify


def load_kommuner(apps, schema_editor):
    Municipality = apps.get_model("minutes", "Municipality")
    rows = list(Municipality.objects.filter(kommunekode__isnull=True))
    for kommune in kommuner.all_kommuner():
        match = next(
            (row for row in rows if kommuner.find(row.name) == kommune),
            None,
        )
        if match is not None:
            rows.remove(match)
            match.kommunekode = kommune.code
            match.name = kommune.name
            match.save(update_fields=["kommunekode", "name"])
            continue
        slug = danish_slugify(kommune.name)
        if Municipality.objects.filter(Q(slug=slug) | Q(name=kommune.name)).exists():
            # Another row holds the slug under a name outside the list: leave it be.
            continue
        Municipality.objects.create(name=kommune.name, slug=slug, kommunekode=kommune.code)


def unload_kommuner(apps, schema_editor):
    Municipality = apps.get_model("minutes", "Municipality")
    # A row this migration created has the official slug; a renamed older one kept its own.
    unused = Municipality.objects.filter(
        kommunekode__isnull=False,
        slug__in=[danish_slugify(kommune.name) for kommune in kommuner.all_kommuner()],
        committees__isnull=True,
        meetings__isnull=True,
    )
    Municipality.objects.filter(pk__in=list(unused.values_list("pk", flat=True))).delete()
    Municipality.objects.update(kommunekode=None)
    if schema_editor.connection.vendor == "postgresql":
        # The deletes left deferred foreign-key checks pending; PostgreSQL refuses
        # the column's removal that follows in this transaction until they have run.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("minutes", "0008_item_public_meeting_case_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="municipality",
            name="kommunekode",
            field=models.CharField(
                blank=True, max_length=4, null=True, unique=True, verbose_name="kommunekode"
            ),
        ),
        migrations.RunPython(load_kommuner, unload_kommuner),
    ]
