import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("minutes", "0013_foreign_keys_without_second_indexes"),
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
