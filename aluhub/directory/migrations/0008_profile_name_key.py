from django.db import migrations, models


def fill_name_keys(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Each profile's organization name casefolded (services.fill_index keeps it after)."""
    profile_model = apps.get_model("directory", "DirectoryProfile")
    batch = []
    for profile in profile_model.objects.select_related("organization").iterator():
        profile.name_key = profile.organization.name.casefold()
        batch.append(profile)
        if len(batch) == 2000:
            profile_model.objects.bulk_update(batch, ["name_key"])
            batch = []
    profile_model.objects.bulk_update(batch, ["name_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_change_log"),
    ]

    operations = [
        migrations.AddField(
            model_name="directoryprofile",
            name="name_key",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop),
    ]
