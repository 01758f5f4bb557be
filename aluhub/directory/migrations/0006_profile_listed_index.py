"""The listed profiles in name order, counted from this index alone (reversible: the index is
dropped)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_role_request"),
        ("directory", "0005_profile_updated_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="directoryprofile",
            index=models.Index(fields=["listed", "sort_name"], name="directory_profile_listed"),
        ),
    ]
