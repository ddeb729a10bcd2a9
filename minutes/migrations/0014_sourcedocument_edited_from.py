import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("minutes", "0010_import_draft_and_corrected_by"),
    ]

    operations = [
        migrations.AddField(
            model_name="sourcedocument",
            name="edited_from",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="edited_versions",
                to="minutes.sourcedocument",
                verbose_name="rettet tekst af",
            ),
        ),
    ]
