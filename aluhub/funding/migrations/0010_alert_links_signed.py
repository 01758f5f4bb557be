"""Funding alerts no longer keep the secret of their links in clear: a link carries a value signed
with SECRET_KEY (common/secret_links.py, decision 0011). Each row keeps the SHA-256 of its
former token, so the links already sent keep working, and gets a random link version."""

from django.db import migrations

from aluhub.common import migration_ops


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0009_support_organization_name_en"),
    ]

    operations = [
        *migration_ops.links_signed("funding", "alertsubscription"),
    ]
