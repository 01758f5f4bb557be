"""Django's tasks framework: built in from Django 6.0, the ``django-tasks`` backport before.

Task code imports ``task`` and ``task_backends`` from here, so moving to Django 6 changes
nothing but this file's first branch (see docs/decisions/ and README "Background worker").
"""

from __future__ import annotations

from importlib.util import find_spec
from typing import TYPE_CHECKING

if TYPE_CHECKING or find_spec("django.tasks") is None:
    from django_tasks import TaskResultStatus, task, task_backends
else:  # Django 6.0+
    from django.tasks import TaskResultStatus, task, task_backends

__all__ = ["TaskResultStatus", "task", "task_backends"]
