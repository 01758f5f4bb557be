"""Migration operations for models that move from one app to another with their data.

``CreateOrAdoptModel`` is ``CreateModel`` for a model whose table may already exist under
its old app's name: when the legacy table is there (a database migrated before the move),
it is renamed to the new table name, rows, keys and constraints included; on a fresh
database the table is created as usual. The old app's matching migration removes the
model from its state only (``SeparateDatabaseAndState``) and runs before the adopting one.

``relabel_content_types`` moves the models' content types (and so their permissions and
admin log entries) to the new app label.

``on_postgresql`` runs SQL on PostgreSQL only (a planner's index), nothing on SQLite.

``links_signed`` replaces a model's clear link token (the ``token`` column, or another name)
by a link version and the SHA-256 of the token (``clear_tokens_hashed``), so the links already
sent keep working once links are signed (``common/secret_links.py``, decision 0011).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from aluhub.common import secret_links
from aluhub.common.secret_links import hash_token, new_version


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


def clear_tokens_hashed(app_label: str, model_name: str, column: str = "token") -> Any:
    """A RunPython operation giving each row of a model with a clear link token (the column
    ``column`` names) its ``legacy_token_hash`` (the token's SHA-256, which
    ``secret_links.row_by_link`` accepts) and a ``token_version`` of its own; the migration
    then drops the token. Unapplied, each row gets a new random token (the clear one is gone:
    old links stop working)."""

    def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        manager = apps.get_model(app_label, model_name)._default_manager.using(
            schema_editor.connection.alias
        )
        rows = list(manager.only("pk", column))
        for row in rows:
            clear = getattr(row, column)
            row.legacy_token_hash = hash_token(clear) if clear else None
            row.token_version = new_version()
        manager.bulk_update(rows, ["legacy_token_hash", "token_version"], batch_size=500)

    def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        manager = apps.get_model(app_label, model_name)._default_manager.using(
            schema_editor.connection.alias
        )
        rows = list(manager.only("pk"))
        for row in rows:
            setattr(row, column, secrets.token_urlsafe(24))
        manager.bulk_update(rows, [column], batch_size=500)

    return migrations.RunPython(forwards, backwards)


def links_signed(
    app_label: str, model_name: str, *, column: str = "token", max_length: int = 64
) -> list[Any]:
    """The operations that take a model from a clear link token (the column ``column`` names,
    of ``max_length``) to signed links: its ``token_version`` and ``legacy_token_hash``
    columns (as they stood on 2026-12-05), each row's hash and version
    (:func:`clear_tokens_hashed`), then the token dropped. The token becomes nullable first,
    so that unapplying adds the column back before filling it."""
    return [
        migrations.AddField(
            model_name=model_name,
            name="token_version",
            field=models.CharField(
                default=secret_links.new_version,
                editable=False,
                max_length=16,
                verbose_name="link version",
            ),
        ),
        migrations.AddField(
            model_name=model_name,
            name="legacy_token_hash",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=64,
                null=True,
                unique=True,
                verbose_name="hash of the former link secret",
            ),
        ),
        migrations.AlterField(
            model_name=model_name,
            name=column,
            field=models.CharField(max_length=max_length, null=True, unique=True),
        ),
        clear_tokens_hashed(app_label, model_name, column),
        migrations.RemoveField(model_name=model_name, name=column),
    ]
