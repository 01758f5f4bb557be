"""Directory test data built through the service (so search columns are filled)."""

from __future__ import annotations

from typing import Any

from aluhub.accounts.models import Organization
from aluhub.directory.models import DirectoryProfile
from aluhub.directory.services import profile_save
from tests.factories import OrganizationFactory


def profile(
    organization: Organization | None = None,
    visibility: dict[str, str] | None = None,
    **values: Any,
) -> DirectoryProfile:
    org = organization or OrganizationFactory()
    return profile_save(organization=org, by=None, values=values, visibility=visibility)
