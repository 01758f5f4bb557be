"""Sessions keep a keyed hash of their key (aluhub.accounts.sessions, decision 0012).

The rows written before hold the key itself, which the new store never matches (it hashes
the cookie's key): delete them, so the keys leave the database. Everybody signed in is
signed out once (docs/operations.md).
"""

from django.db import migrations


def delete_sessions_with_clear_keys(apps, schema_editor):
    apps.get_model("sessions", "Session").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_invitation"),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(delete_sessions_with_clear_keys, migrations.RunPython.noop),
    ]
