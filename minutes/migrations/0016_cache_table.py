"""The database cache's table (settings.CACHES), so that every worker shares one cache.

createcachetable creates the table of each configured DatabaseCache and skips one that
exists; with CACHE_URL=redis://... it has nothing to do. Run here so that `migrate`
(dev.py run, the compose start, the test database) is all a deploy needs; after
switching from Redis to the database cache later, run `manage.py createcachetable`.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("minutes", "0015_meeting_kind")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
