"""Working groups, events and initiatives keep a stored search document (common.search:
accent folding, French and English stems, synonyms) in place of a plain ``icontains`` on
their texts; the existing rows get theirs here (what ``aluhub reindex`` rebuilds)."""

from django.db import migrations, models

from aluhub.common import search

TEXTS = {
    "WorkingGroup": ("name_fr", "name_en", "mandate_fr", "mandate_en"),
    "Event": (
        "title_fr",
        "title_en",
        "description_fr",
        "description_en",
        "city",
        "place",
        "organizer_name",
    ),
    "Initiative": ("title_fr", "title_en", "summary_fr", "summary_en"),
}


def fill_documents(apps, schema_editor):
    Partner = apps.get_model("collab", "InitiativePartner")
    for name, fields in TEXTS.items():
        model = apps.get_model("collab", name)
        for record in model.objects.all():
            extra = []
            if name == "Initiative":
                partners = Partner.objects.filter(initiative_id=record.pk)
                extra = list(partners.values_list("organization__name", flat=True))
            doc = search.document([getattr(record, field) for field in fields], extra)
            model.objects.filter(pk=record.pk).update(search_text=doc)


class Migration(migrations.Migration):
    dependencies = [
        ("collab", "0006_live_charges_and_recycled_content"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="search_text",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="search text"
            ),
        ),
        migrations.AddField(
            model_name="initiative",
            name="search_text",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="search text"
            ),
        ),
        migrations.AddField(
            model_name="workinggroup",
            name="search_text",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="search text"
            ),
        ),
        migrations.RunPython(fill_documents, migrations.RunPython.noop),
    ]
