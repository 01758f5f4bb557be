"""API of the valorization and recycling module, under /api/v1/circular/.

* ``GET /listings`` (exchange users: member role with an organization, or staff): active listings,
  public fields only (no organization name, no address); filters kind, grade, family, region,
  form; ``{"items", "count"}``.
* ``GET /listings/{id}``: one listing, same fields, under the page's access rule.
* ``GET /grades`` (public): ISRI grades, EN 13920 parts and the crosswalk.
* ``POST /blend`` (signed in): body = the ``aluhub blend`` CLI's JSON; answer = its JSON output;
  a bad field answers 422 ``{"detail", "field"}``.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from aluhub.accounts.auth import AUTH, OPTIONAL_AUTH
from aluhub.accounts.models import User
from aluhub.common import http
from aluhub.common.api_lists import filtered_list
from aluhub.common.lang import lang_of

from . import selectors, services
from .models import Listing

router = Router(tags=["circular"])


def listing_public(listing: Listing) -> dict[str, Any]:
    """The fields any exchange user may see: never the organization's name or the address."""
    return {
        "id": listing.pk,
        "kind": listing.kind,
        "status": listing.status,
        "title": listing.title,
        "isri_grade": listing.isri_grade.code if listing.isri_grade else None,
        "en_grade": listing.en_grade.code if listing.en_grade else None,
        "alloy_family": listing.alloy_family or None,
        "alloy": listing.alloy or None,
        "form": listing.form,
        "quantity_t": float(listing.quantity_t),
        "frequency": listing.frequency,
        "region": listing.region,
        "city": listing.city,
        "organization_size": listing.organization.size_class,
        "oil_pct": None if listing.oil_pct is None else float(listing.oil_pct),
        "coating": listing.coating,
        "fines_pct": None if listing.fines_pct is None else float(listing.fines_pct),
        "assay": listing.assay or {},
        "price_cad_per_t": None
        if listing.price_cad_per_t is None
        else float(listing.price_cad_per_t),
        "expires_on": listing.expires_on.isoformat(),
        "published_at": listing.published_at.isoformat() if listing.published_at else None,
        "is_demo": listing.is_demo,
    }


@router.get("/listings", auth=AUTH, response=list[dict[str, Any]])
@filtered_list(selectors.ListingFilters)
def list_listings(request: HttpRequest, filters: selectors.ListingFilters) -> list[dict[str, Any]]:
    """Active listings of the exchange, newest first (exchange users only)."""
    selectors.require_exchange_user(request.user)
    qs = selectors.browse_listings(filters)
    return [listing_public(listing) for listing in qs]


@router.get("/listings/{listing_id}", auth=AUTH, response=dict[str, Any])
def get_listing(request: HttpRequest, listing_id: int) -> dict[str, Any]:
    return listing_public(selectors.get_listing_for_user(request.user, listing_id))


@router.get("/grades", auth=OPTIONAL_AUTH, response=dict[str, Any])
def list_grades(request: HttpRequest) -> dict[str, Any]:
    """Scrap grades (both systems, descriptions in French and English) and the crosswalk."""
    return {
        "grades": [
            {
                "code": g.code,
                "system": g.system,
                "name": g.name,
                "description_fr": g.description_fr,  # type: ignore[attr-defined]
                "description_en": g.description_en,  # type: ignore[attr-defined]
                "typical_alloy_family": g.typical_alloy_family or None,
                "source_urls": g.source_urls,
            }
            for g in selectors.grades()
        ],
        "crosswalk": [
            {
                "isri": c.isri.code,
                "en13920": c.en.code,
                "strength": c.strength,
                "basis_fr": c.basis_fr,  # type: ignore[attr-defined]
                "basis_en": c.basis_en,  # type: ignore[attr-defined]
            }
            for c in selectors.crosswalk()
        ],
    }


@router.post("/blend", auth=AUTH, openapi_extra=http.engine_openapi("blend", public=False))
def blend(request: HttpRequest) -> dict[str, Any]:
    """Body: the ``aluhub blend`` problem; answer: its JSON result. ``?lang=en`` for English."""
    lang = lang_of(request.GET.get("lang"))
    by = request.user if isinstance(request.user, User) else None
    return services.blend_run(data=http.engine_body(request, "blend"), lang=lang, by=by)
