"""What an app's reference-data and demo plug-ins use (``upsert``, ``LoadSummary``, progress).

The site shell (``aluhub/site/plugins.py``) finds the plug-ins and its commands
``aluhub load_reference_data`` / ``seed_demo`` / ``reindex`` / ``setup`` run them.

Each app may ship ``aluhub/<app>/reference.py`` with::

    def load_reference(progress: ProgressFactory) -> list[LoadSummary]: ...

and ``aluhub/<app>/demo.py`` with::

    def seed_demo() -> list[str]: ...   # lines to print (what was created)

Loaders must be idempotent (upsert by id/slug) and run inside ``transaction.atomic``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.db import models

T = TypeVar("T")


@dataclass
class LoadSummary:
    name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def __str__(self) -> str:
        return (
            f"{self.name}: {self.total} rows ({self.created} created, "
            f"{self.updated} updated, {self.unchanged} unchanged)"
        )


M = TypeVar("M", bound="models.Model")


def upsert(
    model: type[M],
    lookup: dict[str, Any],
    values: dict[str, Any],
    summary: LoadSummary,
    *,
    keep: Callable[[M], bool] | None = None,
    related: Mapping[str, Iterable[Any]] | None = None,
) -> M:
    """Create the row of ``model`` found by ``lookup`` with ``values``, or update the fields
    whose value differs (only those: running a loader twice changes nothing); a row for
    which ``keep`` answers True (e.g. demo content) is left as it is. ``related`` gives
    many-to-many fields their rows (primary keys), set only when they differ. Counts in
    ``summary`` (a row whose only change is a many-to-many field counts as updated)."""
    wanted = {name: set(pks) for name, pks in (related or {}).items()}
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        summary.created += 1
        obj = model._default_manager.create(**lookup, **values)
        for name, pks in wanted.items():
            getattr(obj, name).set(pks)
        return obj
    kept = keep is not None and keep(obj)
    changed = [] if kept else [k for k, v in values.items() if getattr(obj, k) != v]
    for key in changed:
        setattr(obj, key, values[key])
    if changed:
        obj.save(update_fields=changed)
    relinked = [
        name
        for name, pks in ({} if kept else wanted).items()
        if set(getattr(obj, name).values_list("pk", flat=True)) != pks
    ]
    for name in relinked:
        getattr(obj, name).set(wanted[name])
    if changed or relinked:
        summary.updated += 1
    else:
        summary.unchanged += 1
    return obj


def retitle_demo(queryset: models.QuerySet[Any], title: str) -> int:
    """Give demo rows found by title the current spelling of ``title``: a database seeded
    before the French demo titles took the typographic apostrophe (d’extrusion) or the
    no-break spaces of French punctuation (« Démo : », decision 0010) still holds the straight
    apostrophe (d'extrusion) or ordinary spaces; renaming them first keeps seeding by title
    from creating a second copy. Returns how many rows were renamed."""
    plain = title.replace("\u00a0", " ").replace("\u202f", " ")
    former = {title.replace("\u2019", "'"), plain, plain.replace("\u2019", "'")} - {title}
    if not former:
        return 0
    return queryset.filter(title__in=former).update(title=title)


class ProgressFactory(Protocol):
    def __call__(
        self, items: Iterable[T], *, total: int | None = ..., desc: str = ...
    ) -> Iterator[T]: ...


def tqdm_progress(items: Iterable[T], *, total: int | None = None, desc: str = "") -> Iterator[T]:
    """A progress bar on stderr (quiet when stderr is not a terminal, e.g. in CI logs)."""
    from tqdm import tqdm

    return iter(
        tqdm(
            items,
            total=total,
            desc=desc,
            file=sys.stderr,
            disable=not sys.stderr.isatty(),
            unit="row",
            leave=False,
        )
    )


def no_progress(items: Iterable[T], *, total: int | None = None, desc: str = "") -> Iterator[T]:
    return iter(items)
