"""Two requests at once, without threads: the other request's row is already stored, but this
request's "already there?" check ran before it committed (it answers no once)."""

from __future__ import annotations

import pytest
from django.db import models
from django.db.models import QuerySet


def first_check_misses(monkeypatch: pytest.MonkeyPatch, model: type[models.Model]) -> list[bool]:
    """Make the first ``exists()`` on ``model`` answer False (the others ask the database);
    answer the list of what each such check said, for the test to assert on."""
    original_exists = QuerySet.exists
    checks: list[bool] = []

    def before_the_other_commit(self: QuerySet[models.Model]) -> bool:
        if self.model is not model:
            return original_exists(self)
        answer = bool(checks) and original_exists(self)
        checks.append(answer)
        return answer

    monkeypatch.setattr(QuerySet, "exists", before_the_other_commit)
    return checks
