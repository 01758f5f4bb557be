"""The status note becomes bilingual (status_note_fr / status_note_en); the notes loaded so
far were English: they move to status_note_en (the French ones come with the next
``aluhub load_reference_data``)."""

from typing import Any

from django.db import migrations, models


def notes_to_english(apps: Any, schema_editor: Any) -> None:
    Program = apps.get_model("funding", "Program")
    for program in Program.objects.exclude(status_note=""):
        program.status_note_en = program.status_note
        program.save(update_fields=["status_note_en"])


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0004_alerts_from_financing"),
    ]

    operations = [
        migrations.AddField(
            model_name="program",
            name="status_note_en",
            field=models.TextField(blank=True, null=True, verbose_name="status note"),
        ),
        migrations.AddField(
            model_name="program",
            name="status_note_fr",
            field=models.TextField(blank=True, null=True, verbose_name="status note"),
        ),
        migrations.RunPython(notes_to_english, migrations.RunPython.noop),
    ]
