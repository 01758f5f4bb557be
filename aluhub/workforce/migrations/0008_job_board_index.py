"""The job board at scale: an index in its order, and the postings' search tokens in the
common token index (built from each posting's stored document; reversible)."""

from django.conf import settings
from django.db import migrations, models

KIND = "workforce.job"


def index_tokens(apps, schema_editor):
    JobPosting = apps.get_model("workforce", "JobPosting")
    SearchToken = apps.get_model("common", "SearchToken")
    rows = []
    for pk, doc in JobPosting.objects.values_list("pk", "search_text").iterator():
        rows += [
            SearchToken(kind=KIND, object_id=pk, token=token[:200])
            for token in dict.fromkeys(doc.split())
        ]
    SearchToken.objects.bulk_create(rows, batch_size=2000)


def forget_tokens(apps, schema_editor):
    apps.get_model("common", "SearchToken").objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_role_request"),
        ("common", "0002_search_token"),
        ("workforce", "0007_recommendation_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="jobposting",
            index=models.Index(
                fields=[
                    "status", "closing_date", "-created_at", "region", "kind", "level", "trade"
                ],
                name="workforce_job_board",
            ),
        ),
        migrations.RunPython(index_tokens, forget_tokens),
    ]
