"""The directory's version (count and latest updated_at of the profiles) reads this index
(reversible: the index is dropped)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_role_request"),
        ("directory", "0004_profile_completeness"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="directoryprofile",
            index=models.Index(fields=["updated_at"], name="directory_profile_updated"),
        ),
    ]
