"""The table of the ``shared`` cache (settings.CACHES: a table of the default database that
every app server sees), made by the migrations so that a database brought up to date by
``migrate`` alone has it: the directory keeps its facet sets there (directory.counting),
the subscriptions their rate limits. ``createcachetable`` leaves an existing table as it
is (``aluhub setup`` ran it before this migration existed). Reversible: the table stays."""

from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("common", "0003_search_token_statistics")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
