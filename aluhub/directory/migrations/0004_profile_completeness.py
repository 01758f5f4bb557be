"""Each profile's completeness stored (kept by the profile service from now on), so the
staff dashboard averages it in SQL; computed here for the existing profiles by the same
engine rule (reversible: the column is dropped)."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from aluhub.engines.suppliers import completeness

    Profile = apps.get_model("directory", "DirectoryProfile")
    for p in Profile.objects.select_related("organization").iterator():
        org = p.organization
        filled = {
            "role": bool(p.role),
            "processes": bool(p.processes),
            "alloys": bool(p.alloys),
            "certifications": bool(p.certifications),
            "region": bool(org.region),
            "city": bool(p.city),
            "capacity_tonnes": bool(p.capacity_tonnes),
            "capacities": bool(p.capacities),
            "sells": bool(p.sells),
            "naics_codes": bool(org.naics_codes),
            "size_class": org.employees is not None,
            "contact_name": bool(p.contact_name),
        }
        Profile.objects.filter(pk=p.pk).update(completeness=completeness(filled).percent)


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_profile_search_tokens")]

    operations = [
        migrations.AddField(
            model_name="directoryprofile",
            name="completeness",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
