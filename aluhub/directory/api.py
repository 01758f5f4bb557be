"""Directory API (/api/v1/community/directory): what the caller may see, nothing more.

Every item is built by ``selectors.profile_visible``: a field the caller may not see is
absent from ``fields``. Paginated like the other lists, searched with ``?q=`` in French
or English, filtered by the same facets as the page; ``?limit=`` and ``?offset=`` are
bounded (common.api_lists.filtered_list: a limit over the maximum answers 422).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from aluhub.accounts.auth import OPTIONAL_AUTH
from aluhub.common.api_lists import filtered_list

from . import selectors

router = Router(tags=["directory"], auth=OPTIONAL_AUTH)


class ProfileOut(Schema):
    slug: str
    name: str
    fields: dict[str, Any]
    completeness: int


@router.get("", response=list[ProfileOut])
@filtered_list(selectors.DirectoryFilters)
def directory(request: HttpRequest, filters: selectors.DirectoryFilters) -> object:
    return selectors.directory_search(request.user, filters)


@router.get("/{slug}", response=ProfileOut)
def profile(request: HttpRequest, slug: str) -> object:
    found = selectors.get_profile_for_user(request.user, slug)
    return selectors.profile_visible(
        found, selectors.viewer_level(request.user, found.organization)
    )
