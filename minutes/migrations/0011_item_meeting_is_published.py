"""Items carry their meeting's published flag, as they carry its date, so counts join nothing.

And the decision's plain foreign-key index goes: the unique (agenda_item, position)
serves the same lookups.
"""

import django.db.models.deletion
from django.db import migrations, models


def copy_meeting_published(apps, schema_editor):
    """Items of an unpublished meeting get the meeting's flag (the rest keep the default)."""
    AgendaItem = apps.get_model("minutes", "AgendaItem")
    AgendaItem.objects.filter(meeting__is_published=False).update(meeting_is_published=False)


class Migration(migrations.Migration):
    dependencies = [
        ("minutes", "0010_import_draft_and_corrected_by"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="agendaitem",
            name="item_public_case_prefix_idx",
        ),
        migrations.RemoveIndex(
            model_name="agendaitem",
            name="item_public_meeting_case_idx",
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="meeting_is_published",
            field=models.BooleanField(default=True, verbose_name="mødet er offentliggjort"),
        ),
        migrations.RunPython(copy_meeting_published, migrations.RunPython.noop),
        # Dropping the foreign key's index drops every one-column index on the column on
        # PostgreSQL, the partial unique one of the current decision too: it is taken
        # out first and made again after.
        migrations.RemoveConstraint(model_name="decision", name="one_current_decision_per_item"),
        migrations.AlterField(
            model_name="decision",
            name="agenda_item",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="decisions",
                to="minutes.agendaitem",
                verbose_name="punkt",
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_current", True)),
                fields=("agenda_item",),
                name="one_current_decision_per_item",
            ),
        ),
        migrations.AddIndex(
            model_name="agendaitem",
            index=models.Index(
                condition=models.Q(
                    ("is_published", True), ("is_withdrawn", False), ("meeting_is_published", True)
                ),
                fields=["case_number"],
                include=("meeting",),
                name="item_public_case_prefix_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ),
        migrations.AddIndex(
            model_name="agendaitem",
            index=models.Index(
                condition=models.Q(
                    ("is_published", True), ("is_withdrawn", False), ("meeting_is_published", True)
                ),
                fields=["meeting", "case_number"],
                name="item_public_meeting_case_idx",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
        ),
    ]
