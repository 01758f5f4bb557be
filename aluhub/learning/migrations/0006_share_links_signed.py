"""Course packs no longer keep the secret of their share link in clear: the link carries a value
signed with SECRET_KEY (common/secret_links.py, decision 0011). Each pack keeps the SHA-256 of
its former token, so the links already given keep working until the owner makes a new one, and
gets a random link version."""

from django.db import migrations

from aluhub.common import migration_ops


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0005_download_once_a_day"),
    ]

    operations = [
        *migration_ops.links_signed("learning", "collection", column="share_token", max_length=43),
    ]
