"""Upgrading a database migrated before the financing split keeps its rows.

Before the split, the curation, alert and plan models lived in a ``financing`` app (tables
``financing_*``). ``common.migration_ops.CreateOrAdoptModel`` renames such a table to its new
app's name instead of creating an empty one. This test rebuilds that old schema with the
migration executor (funding back to 0002, funding_plans unapplied, the legacy tables created
under their old names), inserts rows, migrates forward, and reads the rows back.

Only the migrations of the two apps are unapplied and applied again (``SPLIT_PLAN``): the
adopting operations are theirs. The executor's own plan for "funding back to 0002" also
unapplies the ten collab and workforce migrations that depend on later funding migrations
(an M2M to ``funding.Program``, added before the split's later migrations), which touch no
financing table and cost more than half of the test's time in Django's migration-state
rendering (docs/benchmarks/testing.md).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from aluhub.funding.alerts.models import AlertSubscription
from aluhub.funding.curation.models import ImportBatch, ProgramProposal
from aluhub.funding_plans.models import FinancingPlan
from tests.factories import OrganizationFactory, UserFactory

ADOPTING = [("funding", "0004_alerts_from_financing"), ("funding_plans", "0001_initial")]
BEFORE_SPLIT = [("funding", "0002_program_regions_excluded_sector_focus"), ("funding_plans", None)]
#: What the split added: funding's migrations after 0002 and every funding_plans migration.
SPLIT_APPS = {"funding", "funding_plans"}
#: Legacy table -> (app label, model name) of the model that adopts it.
LEGACY = {
    "financing_importbatch": ("funding", "ImportBatch"),
    "financing_programproposal": ("funding", "ProgramProposal"),
    "financing_alertsubscription": ("funding", "AlertSubscription"),
    "financing_financingplan": ("funding_plans", "FinancingPlan"),
}


def _table_names() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_rows_of_the_financing_tables_survive_the_split() -> None:
    user = UserFactory()
    org = OrganizationFactory()

    executor = MigrationExecutor(connection)
    plan = [
        (m, back) for m, back in executor.migration_plan(BEFORE_SPLIT) if m.app_label in SPLIT_APPS
    ]
    assert set(ADOPTING) <= {(m.app_label, m.name) for m, _back in plan}
    executor.migrate(BEFORE_SPLIT, plan=plan)
    tables = _table_names()
    assert not {"funding_importbatch", "funding_plans_financingplan"} & tables

    # The old schema: each model as it stood when adopted, under its legacy table name.
    executor.loader.build_graph()
    old_apps = executor.loader.project_state(ADOPTING).apps
    with connection.schema_editor() as editor:
        for table, (label, name) in LEGACY.items():
            model = old_apps.get_model(label, name)
            model._meta.db_table = table
            editor.create_model(model)
    old = {table: old_apps.get_model(*LEGACY[table]) for table in LEGACY}
    old["financing_importbatch"].objects.create(
        filename="programmes.csv", csv_text="id\nx\n", columns=["id"]
    )
    old["financing_programproposal"].objects.create(
        kind="new", fields={"name_fr": "Aide à l'export"}, proposed_by_id=user.pk
    )
    old["financing_alertsubscription"].objects.create(
        email="veille@example.com", query="region=02", token="t" * 40
    )
    old["financing_financingplan"].objects.create(
        organization_id=org.pk, created_by_id=user.pk, title="Plan 2026"
    )

    executor = MigrationExecutor(connection)
    forward = executor.migration_plan(executor.loader.graph.leaf_nodes())
    assert sorted((m.app_label, back) for m, back in forward) == sorted(
        (m.app_label, False) for m, _back in plan
    )
    executor.migrate(executor.loader.graph.leaf_nodes(), plan=forward)

    tables = _table_names()
    assert not {t for t in tables if t.startswith("financing_")}
    assert list(ImportBatch.objects.values_list("filename", flat=True)) == ["programmes.csv"]
    proposal = ProgramProposal.objects.get()
    assert (proposal.fields, proposal.proposed_by_id) == ({"name_fr": "Aide à l'export"}, user.pk)
    alert = AlertSubscription.objects.get()
    assert (alert.email, alert.query) == ("veille@example.com", "region=02")
    plan = FinancingPlan.objects.get()
    assert (plan.title, plan.organization_id) == ("Plan 2026", org.pk)
