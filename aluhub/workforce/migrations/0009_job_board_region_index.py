"""PostgreSQL: the job board's open postings of one region in the board's order, an index
(status, region, closing_date, created_at DESC). A region filtered board then reads that
region's postings alone, for its page and for its capped count, instead of every open
posting of the province (``opérateur`` in region 04 at 50,000 postings: 2,600 postings
read instead of 50,000; docs/benchmarks/lists.md). Nothing on SQLite, whose board meets
its target without it (docs/decisions/0007). Reversible: dropped."""

from django.db import migrations

from aluhub.common.migration_ops import on_postgresql

NAME = "workforce_job_board_region"


class Migration(migrations.Migration):
    dependencies = [("workforce", "0008_job_board_index")]

    operations = [
        on_postgresql(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON workforce_jobposting "
            "(status, region, closing_date, created_at DESC)",
            f"DROP INDEX IF EXISTS {NAME}",
        )
    ]
