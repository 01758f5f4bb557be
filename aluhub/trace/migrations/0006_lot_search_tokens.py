"""The lots' search tokens in the common search token index (code, alloy, temper, material
in French and English), what the lot services keep from now on (reversible)."""

from django.db import migrations

KIND = "trace.lot"


def index_tokens(apps, schema_editor):
    from aluhub.common import search
    from aluhub.trace.models import Material

    Lot = apps.get_model("trace", "Lot")
    SearchToken = apps.get_model("common", "SearchToken")
    materials = {
        value: search.document(search.labels_in_both_languages([label]))
        for value, label in Material.choices
    }
    rows = []
    for lot in Lot.objects.only("pk", "code", "alloy", "temper", "material").iterator():
        doc = search.document([lot.code, lot.alloy, lot.temper]) + materials.get(lot.material, "")
        rows += [
            SearchToken(kind=KIND, object_id=lot.pk, token=token[:200])
            for token in dict.fromkeys(doc.split())
        ]
    SearchToken.objects.bulk_create(rows, batch_size=2000)


def forget_tokens(apps, schema_editor):
    apps.get_model("common", "SearchToken").objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0002_search_token"),
        ("trace", "0005_exchange_transfer"),
    ]

    operations = [migrations.RunPython(index_tokens, forget_tokens)]
