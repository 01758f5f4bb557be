"""Directory API (/api/v1/community/directory): what the caller may see, nothing more.

Every item is built by ``selectors.profile_visible``: a field the caller may not see is
absent from ``fields``. Paginated like the other lists, searched with ``?q=`` in French
or English, filtered by the same facets as the page; ``?limit=`` and ``?offset=`` are
bounded (common.http.LimitOffsetPagination: a limit over the maximum answers 422).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from aluhub.accounts.auth import OPTIONAL_AUTH
from aluhub.common.http import LimitOffsetPagination

from . import selectors

router = Router(tags=["directory"], auth=OPTIONAL_AUTH)


class ProfileOut(Schema):
    slug: str
    name: str
    fields: dict[str, Any]
    completeness: int


@router.get("", response=list[ProfileOut])
@paginate(LimitOffsetPagination)
def directory(
    request: HttpRequest,
    q: str = "",
    role: str = "",
    process: str = "",
    alloy: str = "",
    certification: str = "",
    region: str = "",
    size: str = "",
) -> object:
    filters = selectors.DirectoryFilters(
        q=q[:200],
        role=role,
        process=process,
        alloy=alloy[:20],
        certification=certification,
        region=region,
        size=size,
    )
    return selectors.directory_search(request.user, filters)


@router.get("/{slug}", response=ProfileOut)
def profile(request: HttpRequest, slug: str) -> object:
    found = selectors.get_profile_for_user(request.user, slug)
    return selectors.profile_visible(
        found, selectors.viewer_level(request.user, found.organization)
    )
