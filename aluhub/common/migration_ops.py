"""Migration operations for models that move from one app to another with their data.

``CreateOrAdoptModel`` is ``CreateModel`` for a model whose table may already exist under
its old app's name: when the legacy table is there (a database migrated before the move),
it is renamed to the new table name, rows, keys and constraints included; on a fresh
database the table is created as usual. The old app's matching migration removes the
model from its state only (``SeparateDatabaseAndState``) and runs before the adopting one.

``relabel_content_types`` moves the models' content types (and so their permissions and
admin log entries) to the new app label.

``on_postgresql`` runs SQL on PostgreSQL only (a planner's index), nothing on SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


class CreateOrAdoptModel(migrations.CreateModel):
    def __init__(self, *args: Any, legacy_table: str, **kwargs: Any) -> None:
        self.legacy_table = legacy_table
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, Sequence[Any], dict[str, Any]]:
        name, args, kwargs = super().deconstruct()
        kwargs["legacy_table"] = self.legacy_table
        return self.__class__.__name__, args, kwargs

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: Any,
        to_state: Any,
    ) -> None:
        model = to_state.apps.get_model(app_label, self.name)
        connection = schema_editor.connection
        if not self.allow_migrate_model(connection.alias, model):
            return
        if self.legacy_table in connection.introspection.table_names():
            schema_editor.alter_db_table(model, self.legacy_table, model._meta.db_table)
        else:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        return f"Create model {self.name} (or adopt table {self.legacy_table})"


def relabel_content_types(old_label: str, new_label: str, models: list[str]) -> Any:
    """A RunPython operation moving content types ``old_label.<model>`` to ``new_label``."""

    def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        content_type = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        for model in models:
            if content_type.objects.using(db).filter(app_label=new_label, model=model).exists():
                continue
            content_type.objects.using(db).filter(app_label=old_label, model=model).update(
                app_label=new_label
            )

    return migrations.RunPython(forwards, migrations.RunPython.noop)


def on_postgresql(sql: str, reverse_sql: str) -> Any:
    """A RunPython operation executing ``sql`` on PostgreSQL only (``reverse_sql`` when
    unapplied) and nothing on SQLite: an index or statistics that only PostgreSQL's
    planner needs."""

    def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(reverse_sql)

    return migrations.RunPython(forwards, backwards)
