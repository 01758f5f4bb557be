"""Labels of the funding taxonomies in templates: ``{{ program.aid_types|aid_labels }}``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from aluhub.common.lang import active_lang
from aluhub.engines import text
from aluhub.engines.matching import score_group
from aluhub.funding import exports
from aluhub.funding.models import FundingOrganization, SupportOrganization
from aluhub.funding.taxonomy import (
    AidType,
    Confidence,
    DeadlineType,
    Level,
    Phase,
    Status,
    label,
    labels,
)

register = template.Library()


@register.filter
def organization_name(organization: FundingOrganization | SupportOrganization) -> str:
    """A funder's or an export-support organization's name in the page's language; on an
    English page, a body with no certain English name shows its one (French) name marked
    ``lang="fr"`` (WCAG 3.1.2)."""
    lang = active_lang()
    if lang == "en" and not organization.name_en:
        return format_html('<span lang="fr">{}</span>', organization.name)
    return organization.name_in(lang)


@register.filter
def website_root(url: str) -> str:
    """The home page of the site ``url`` is on: the reference data sometimes points at one of an
    organization's own pages (a news item, a guide); the directory links to the site itself."""
    from urllib.parse import urlsplit

    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}/" if parts.scheme in ("http", "https") else ""


@register.filter
def website_name(url: str) -> str:
    """The site's name as people type it: ``https://www.48inter.com/en/...`` -> ``48inter.com``."""
    from urllib.parse import urlsplit

    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.")


@register.filter
def program_score(value: float | None) -> str:
    """A program's match score with its scale and what its band means (engines/matching.py):
    "0,84 sur 1 : pertinent pour votre projet"."""
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    if value is None:
        return _("unknown")
    meaning = {
        0: _("relevant to your project"),
        1: _("relevant, but the program is paused or closed"),
        2: _("outside your project's needs"),
        3: _("not eligible"),
    }[score_group(float(value))]
    return _("{score} out of 1: {meaning}").format(
        score=text.format_number(float(value), get_language() or "fr", decimals=2),
        meaning=meaning,
    )


@register.filter
def aid_labels(codes: list[str]) -> list[str]:
    return labels(AidType, codes or [])


@register.filter
def phase_labels(codes: list[str]) -> list[str]:
    return labels(Phase, codes or [])


@register.filter
def phase_label(code: str) -> str:
    return label(Phase, code)


@register.filter
def level_label(code: str) -> str:
    return label(Level, code)


@register.filter
def status_label(code: str) -> str:
    return label(Status, code)


@register.filter
def deadline_label(code: str) -> str:
    return label(DeadlineType, code)


@register.filter
def confidence_label(code: str) -> str:
    return label(Confidence, code)


@register.filter
def money_or_unknown(value: Decimal | float | None) -> str:
    if value is None:
        return exports.unknown()
    return exports.money(Decimal(str(value)))


@register.filter
def criterion_label(code: str) -> str:
    from django.utils.translation import gettext as _

    names = {
        "size": _("Company size"),
        "employees": _("Employees"),
        "revenue": _("Annual revenue"),
        "years_in_business": _("Years in business"),
        "founder_age": _("Age of the founder"),
        "region": _("Region"),
        "naics": _("NAICS code"),
        "legal_form": _("Legal form"),
        "export_project": _("Export project"),
        "project_cost": _("Project cost"),
        "project_phase": _("Fit with the project"),
        "other_conditions": _("Other conditions"),
    }
    return names.get(code, code)


#: What the link checker records (the system's English wording, or ours), as staff read it:
#: (a piece of the recorded text, its wording in the page's language).
_LINK_ERRORS = (
    ("address not allowed", _("address not allowed (a private or local network)")),
    ("no complete answer within", _("no complete answer in time")),
    ("not an http(s) address", _("not a web address (http or https)")),
    ("timed out", _("no answer in time")),
    ("name or service not known", _("unknown host name")),
    ("temporary failure in name resolution", _("host name not found for now")),
    ("no address for", _("unknown host name")),
    ("connection refused", _("connection refused")),
    ("connection reset", _("connection cut by the server")),
    ("certificate", _("certificate problem (https)")),
)


@register.filter
def link_answer(check: Any) -> str:
    """A link check's answer for the staleness report: the HTTP status (404), or the error in
    the page's language when it is one we know; otherwise the recorded text, marked English
    (it is the system's wording, WCAG 3.1.2)."""
    if check.status_code:
        return str(check.status_code)
    error = check.error or ""
    lowered = error.lower()
    for piece, wording in _LINK_ERRORS:
        if piece in lowered:
            return str(wording)
    if active_lang() == "en":
        return error
    return format_html('<span lang="en">{}</span>', error)
