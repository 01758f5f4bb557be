"""CeiAl registrations no longer keep the secret of their evaluation link in clear: the link
carries a value signed with SECRET_KEY (common/secret_links.py, decision 0011). Each row keeps
the SHA-256 of its former token, so the links already sent keep working, and gets a random link
version."""

from django.db import migrations

from aluhub.common import migration_ops


class Migration(migrations.Migration):
    dependencies = [
        ("workforce", "0013_training_program_institutions_in_two_languages"),
    ]

    operations = [
        *migration_ops.links_signed("workforce", "registration", column="evaluation_token"),
    ]
