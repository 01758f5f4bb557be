"""Finds every app's plug-ins (``aluhub/<app>/reference.py``: ``load_reference``,
``reindex_search``; ``aluhub/<app>/demo.py``: ``seed_demo``) for the site commands
``load_reference_data``, ``seed_demo``, ``reindex`` and ``setup``. What a plug-in uses
(``upsert``, ``LoadSummary``, progress) is the base library, ``aluhub/common/reference.py``."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from django.apps import apps

from aluhub.common.reference import LoadSummary, ProgressFactory

#: Order in which app loaders run (dependencies first); unknown apps run after these.
APP_ORDER = [
    "accounts",
    "funding",
    "funding_plans",
    "circular",
    "challenge",
    "learning",
    "innovation",
    "community",
]


def _aluhub_apps() -> list[str]:
    labels = [
        cfg.name.split(".")[-1] for cfg in apps.get_app_configs() if cfg.name.startswith("aluhub.")
    ]
    return sorted(labels, key=lambda lbl: (APP_ORDER.index(lbl) if lbl in APP_ORDER else 99, lbl))


def _hooks(module_name: str, attr: str) -> list[tuple[str, Callable[..., Any]]]:
    found = []
    for label in _aluhub_apps():
        try:
            module = importlib.import_module(f"aluhub.{label}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"aluhub.{label}.{module_name}":
                continue
            raise
        hook = getattr(module, attr, None)
        if callable(hook):
            found.append((label, hook))
    return found


def reference_loaders() -> list[tuple[str, Callable[[ProgressFactory], list[LoadSummary]]]]:
    return _hooks("reference", "load_reference")


def demo_seeders() -> list[tuple[str, Callable[[], list[str]]]]:
    return _hooks("demo", "seed_demo")


def search_reindexers() -> list[tuple[str, Callable[[], int]]]:
    """Each app's ``reference.reindex_search() -> int`` (documents rebuilt): what
    ``aluhub reindex`` runs after ``aluhub/common/search.py`` or its synonyms changed."""
    return _hooks("reference", "reindex_search")
