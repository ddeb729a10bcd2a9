"""Items corrected by hand, the original of a corrected text, and the clerks' group.

- ``AgendaItem.corrected_by_hand``: the saved item is the clerk's correction. Items
  corrected before the field existed are found as the re-upload found them until
  now: an edit on the item's admin page that no import has overwritten since, and
  an item a saved draft changed from what the parser read and that is still saved
  as the clerk left it.
- ``SourceDocument.Status.READ_AS_EDITED``: a file the parser could not read whose
  meeting was saved from the clerk's corrected text of it (it said "Fejlet").
- The group "Referent": uploading and correcting minutes in the admin.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GROUP = "Referent"
# Uploading, and what the meeting's and the item's pages and their inline forms
# edit: the meeting, its items (their sections are a field of the item), decisions
# and attachments.
EDITED_MODELS = ["meeting", "agendaitem", "decision", "attachment"]
# Seen on those pages: the source documents inline, the kommune and udvalg fields'
# autocomplete (which asks for the view permission).
VIEWED_MODELS = ["sourcedocument", "municipality", "committee"]
# django.contrib.admin.models.CHANGE
ADMIN_CHANGE = 2


def referent_codenames() -> list[str]:
    return [
        "upload_minutes",
        *(
            f"{action}_{model}"
            for model in EDITED_MODELS
            for action in ("view", "change", "add", "delete")
        ),
        *(f"view_{model}" for model in VIEWED_MODELS),
    ]


def add_referent_group(apps, schema_editor):
    # Permissions are made after the last migration (post_migrate): on a new
    # database they do not exist yet.
    app_config = apps.get_app_config("minutes")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="minutes", codename__in=referent_codenames()
        )
    )


def remove_referent_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


def mark_items_corrected_before(apps, schema_editor):
    AgendaItem = apps.get_model("minutes", "AgendaItem")
    ImportDraft = apps.get_model("minutes", "ImportDraft")
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("admin", "LogEntry")
    corrected = set()
    content_type = ContentType.objects.filter(app_label="minutes", model="agendaitem").first()
    if content_type is not None:
        edits = LogEntry.objects.filter(content_type=content_type, action_flag=ADMIN_CHANGE)
        last_edit = {}
        for object_id, action_time in edits.values_list("object_id", "action_time").iterator():
            if object_id.isdigit():
                pk = int(object_id)
                last_edit[pk] = max(action_time, last_edit.get(pk, action_time))
        for pk, updated_at in AgendaItem.objects.filter(pk__in=list(last_edit)).values_list(
            "pk", "updated_at"
        ):
            if last_edit[pk] >= updated_at:
                corrected.add(pk)
    drafts = ImportDraft.objects.filter(
        source_document__meeting__isnull=False,
        source_document__status__in=["imported", "updated"],
    ).select_related("source_document")
    for draft in drafts.iterator():
        if draft.data == draft.parsed:
            continue
        read = {item["number"]: item for item in draft.parsed["items"]}
        changed = {
            item["number"]: item for item in draft.data["items"] if read.get(item["number"]) != item
        }
        rows = AgendaItem.objects.filter(
            meeting_id=draft.source_document.meeting_id, number__in=list(changed)
        ).prefetch_related("decisions", "attachments")
        corrected.update(row.pk for row in rows if _saved_as(row, changed[row.number]))
    AgendaItem.objects.filter(pk__in=sorted(corrected)).update(corrected_by_hand=True)


def _saved_as(row, item: dict) -> bool:
    """The saved item holds the draft's version of it (``preview.parsed_item_values``)."""
    return (
        row.title == item["title"].strip()
        and row.case_number == (item["case_number"] or "").strip()
        and row.case_officer == (item["case_officer"] or "").strip()
        and row.is_closed == item["closed"]
        and row.recommendation == (item["recommendation"] or "")
        and row.sections == item["sections"]
        and [(d.is_current, d.text, list(d.absent)) for d in row.decisions.all()]
        == [(d["current"], d["text"], list(d["absent"])) for d in item["decisions"]]
        and [(a.title, a.url) for a in row.attachments.all()]
        == [(a["title"].strip(), (a["url"] or "").strip()) for a in item["attachments"]]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("minutes", "0016_cache_table"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="agendaitem",
            name="corrected_by_hand",
            field=models.BooleanField(
                db_default=False, default=False, verbose_name="rettet i hånden"
            ),
        ),
        migrations.AlterField(
            model_name="sourcedocument",
            name="status",
            field=models.CharField(
                choices=[
                    ("received", "Modtaget"),
                    ("imported", "Importeret"),
                    ("updated", "Opdaterede et møde"),
                    ("unchanged", "Uændret (samme fil)"),
                    ("failed", "Fejlet"),
                    ("edited", "Importeret via rettet tekst"),
                ],
                default="received",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(mark_items_corrected_before, migrations.RunPython.noop),
        # The originals of the texts a clerk corrected, saved since then.
        migrations.RunSQL(
            "UPDATE minutes_sourcedocument SET status = 'edited' WHERE status = 'failed' "
            "AND meeting_id IS NOT NULL AND id IN (SELECT edited_from_id FROM "
            "minutes_sourcedocument WHERE edited_from_id IS NOT NULL "
            "AND status IN ('imported', 'updated', 'unchanged'))",
            "UPDATE minutes_sourcedocument SET status = 'failed' WHERE status = 'edited'",
        ),
        migrations.RunPython(add_referent_group, remove_referent_group),
    ]
