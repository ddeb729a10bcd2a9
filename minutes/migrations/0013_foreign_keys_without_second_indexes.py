"""Foreign keys whose lookups an index leading with them already serves lose their own index.

With two indexes for one lookup the planner chose between them by the table's size, so
the list pages had one plan at 100,000 items and another at 1,000,000 (docs/PERFORMANCE.md).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("minutes", "0012_alert_subscription"),
    ]

    operations = [
        migrations.AlterField(
            model_name="agendaitem",
            name="committee",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="minutes.committee",
                verbose_name="udvalg",
            ),
        ),
        migrations.AlterField(
            model_name="agendaitem",
            name="meeting",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="items",
                to="minutes.meeting",
                verbose_name="møde",
            ),
        ),
        migrations.AlterField(
            model_name="agendaitem",
            name="municipality",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="minutes.municipality",
                verbose_name="kommune",
            ),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="committee",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="meetings",
                to="minutes.committee",
                verbose_name="udvalg",
            ),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="municipality",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="meetings",
                to="minutes.municipality",
                verbose_name="kommune",
            ),
        ),
    ]
