"""The listed profiles' stored search and facet columns copied into the common search
token index (what ``services.index_tokens`` keeps from now on; reversible)."""

from django.db import migrations

KINDS = {
    "search_public": "directory.search.public",
    "search_members": "directory.search.members",
    "facets_public": "directory.facets.public",
    "facets_members": "directory.facets.members",
    "facets_all": "directory.facets.all",
}


def index_tokens(apps, schema_editor):
    Profile = apps.get_model("directory", "DirectoryProfile")
    SearchToken = apps.get_model("common", "SearchToken")
    rows = []
    for profile in Profile.objects.filter(listed=True).values("pk", *KINDS).iterator():
        for column, kind in KINDS.items():
            rows += [
                SearchToken(kind=kind, object_id=profile["pk"], token=token[:200])
                for token in dict.fromkeys(profile[column].split())
            ]
    SearchToken.objects.bulk_create(rows, batch_size=2000)


def forget_tokens(apps, schema_editor):
    apps.get_model("common", "SearchToken").objects.filter(kind__in=KINDS.values()).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0002_search_token"),
        ("directory", "0002_profile_facet_columns"),
    ]

    operations = [migrations.RunPython(index_tokens, forget_tokens)]
