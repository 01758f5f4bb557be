"""Catalogue curation writes: the editable program fields, partners' proposals
(duplicates, review), and the link checks of program URLs.

Every write to the catalogue goes through the funding services (``program_save``,
``program_set_organizations``, ``program_reindex``), which record the history alerts read.
"""

from __future__ import annotations

import datetime as dt
import difflib
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from aluhub.accounts.models import Organization, User
from aluhub.common import outbound
from aluhub.common.regions import REGION_CODES
from aluhub.common.search import fold
from aluhub.common.slugs import unique_slug
from aluhub.engines.sizes import SIZE_CLASSES
from aluhub.engines.text import Note
from aluhub.funding import services as funding_services
from aluhub.funding.curation.models import (
    LinkCheck,
    ProgramProposal,
    ProposalKind,
    ProposalStatus,
)
from aluhub.funding.models import Program
from aluhub.funding.taxonomy import (
    AidType,
    DeadlineType,
    Level,
    Phase,
    Status,
)

# =================================================================== program fields

#: Program fields that partners may propose and staff may import, with their type.
EDITABLE_FIELDS: dict[str, str] = {
    "name_fr": "text",
    "name_en": "text",
    "summary_fr": "text",
    "summary_en": "text",
    "level": "level",
    "aid_types": "aid_types",
    "phases": "phases",
    "regions": "regions",
    "eligible_sizes": "sizes",
    "employees_min": "int",
    "employees_max": "int",
    "max_amount_cad": "decimal",
    "cost_share_pct": "percent",
    "status": "status",
    "status_note": "text",
    "deadline_type": "deadline_type",
    "url": "url",
    "source_url": "url",
    "other_conditions_fr": "text",
    "other_conditions_en": "text",
    "last_verified": "date",
}

_CODE_LISTS: dict[str, tuple[str, ...]] = {
    "aid_types": tuple(AidType.values),
    "phases": tuple(Phase.values),
    "regions": REGION_CODES,
    "sizes": SIZE_CLASSES,
}
_CHOICES: dict[str, tuple[str, ...]] = {
    "level": tuple(Level.values),
    "status": tuple(Status.values),
    "deadline_type": tuple(DeadlineType.values),
}


def plain(value: Any) -> Any:
    """A JSON-friendly, comparable form of a field value (as the funding history)."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


#: Why a proposed or imported value cannot be read, by code; ``%(value)s`` is the value
#: given (``%(codes)s``, ``%(code)s`` the unknown codes).
FIELD_ERRORS: dict[str, str] = {
    "unknown_codes": gettext_noop("unknown codes: %(codes)s"),
    "unknown_code": gettext_noop("unknown code: %(code)s"),
    "not_a_number": gettext_noop("not a number: %(value)s"),
    "out_of_range": gettext_noop("out of range: %(value)s"),
    "not_a_whole_number": gettext_noop("not a whole number: %(value)s"),
    "not_a_date": gettext_noop("not a date (YYYY-MM-DD): %(value)s"),
    "not_a_url": gettext_noop("not a web address: %(value)s"),
}


def field_error_message(note: Mapping[str, Any]) -> str:
    """The sentence of a field-value note (``{"code", "params"}``) in the active language."""
    code, params = str(note.get("code", "")), dict(note.get("params") or {})
    if code not in FIELD_ERRORS:
        return code
    return _(FIELD_ERRORS[code]) % params


class FieldValueError(ValueError):
    """A value :func:`parse_field` cannot read: ``note`` is its code of
    :data:`FIELD_ERRORS` and parameters (stored by the CSV import, worded when read);
    ``str()`` is the sentence in the active language."""

    def __init__(self, reason: str, **params: Any) -> None:
        self.note: dict[str, Any] = Note(reason, params).to_dict()
        super().__init__(field_error_message(self.note))


def parse_field(name: str, raw: Any) -> Any:
    """The model value of a proposed or imported field; raises :class:`FieldValueError`."""
    kind = EDITABLE_FIELDS[name]
    if isinstance(raw, list):
        text = ";".join(str(v) for v in raw)
    else:
        text = "" if raw is None else str(raw).strip()
    if kind == "text":
        return text
    if kind in _CODE_LISTS:
        codes = [c.strip() for c in text.replace(",", ";").split(";") if c.strip()]
        bad = [c for c in codes if c not in _CODE_LISTS[kind]]
        if bad:
            raise FieldValueError("unknown_codes", codes=", ".join(bad))
        return codes
    if kind in _CHOICES:
        if not text and kind in ("status", "deadline_type"):
            return "unknown"
        if text not in _CHOICES[kind]:
            raise FieldValueError("unknown_code", code=text)
        return text
    if not text:
        return "" if kind == "url" else None
    if kind in ("decimal", "percent"):
        try:
            number = Decimal(text.replace(" ", "").replace("\u00a0", "").replace(",", "."))
        except InvalidOperation:
            raise FieldValueError("not_a_number", value=text) from None
        if not number.is_finite() or number < 0 or (kind == "percent" and number > 100):
            raise FieldValueError("out_of_range", value=text)
        return number
    if kind == "int":
        try:
            number_int = int(text)
        except ValueError:
            raise FieldValueError("not_a_whole_number", value=text) from None
        if number_int < 0:
            raise FieldValueError("out_of_range", value=text)
        return number_int
    if kind == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise FieldValueError("not_a_date", value=text) from None
    if kind == "url":
        try:
            URLValidator(schemes=["http", "https"])(text)
        except ValidationError:
            raise FieldValueError("not_a_url", value=text) from None
        return text
    raise ValueError(name)  # pragma: no cover - every kind is handled above


def program_field_value(program: Program, name: str) -> Any:
    return plain(getattr(program, name))


# =================================================================== proposals


def normalize_url(url: str) -> str:
    url = (url or "").strip().lower()
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix) :]
    if url.startswith("www."):
        url = url[4:]
    return url.rstrip("/")


NAME_RATIO = 0.85


def name_ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, fold(a).strip(), fold(b).strip()).ratio()


def find_duplicates(
    *, names: Iterable[str], url: str, organization: str, exclude_pk: int | None = None
) -> list[dict[str, str]]:
    """Programs with the same official URL, a near-same name (difflib ratio >= 0.85) and the
    same organization, or, when no organization is given, the same name (accents and case
    aside)."""
    wanted_url = normalize_url(url)
    wanted_org = fold(organization or "").strip()
    names = [n for n in names if n and n.strip()]
    found: list[dict[str, str]] = []
    qs = Program.objects.prefetch_related("roles__organization")
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    for program in qs:
        if wanted_url and normalize_url(program.url) == wanted_url:
            found.append({"slug": program.slug, "name": program.name, "reason": "url"})
            continue
        theirs = [n for n in (program.name_fr, program.name_en) if n]
        if not wanted_org and any(
            fold(a).strip() == fold(b).strip() for a in names for b in theirs
        ):
            # No organization given: the very same name is enough to ask (several bodies
            # may run programs of one name, so with an organization it must match too).
            found.append({"slug": program.slug, "name": program.name, "reason": "same_name"})
            continue
        orgs = {fold(r.organization.name).strip() for r in program.roles.all()}
        if not wanted_org or wanted_org not in orgs:
            continue
        if any(name_ratio(a, b) >= NAME_RATIO for a in names for b in theirs):
            found.append({"slug": program.slug, "name": program.name, "reason": "name"})
    return found


def _clean_fields(fields: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Plain (JSON) proposed values and per-field errors."""
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, raw in fields.items():
        if name == "organization":
            out[name] = str(raw or "").strip()
            continue
        if name not in EDITABLE_FIELDS:
            errors[name] = _("This field cannot be proposed.")
            continue
        try:
            out[name] = plain(parse_field(name, raw))
        except ValueError as exc:
            errors[name] = str(exc)
    return out, errors


@transaction.atomic
def proposal_create(
    *,
    user: User,
    organization: Organization | None,
    fields: Mapping[str, Any],
    program: Program | None = None,
    note: str = "",
) -> ProgramProposal:
    """A partner's proposal: a new program (``program`` None) or an edit. For an edit
    only the fields that differ from the program are kept."""
    cleaned, errors = _clean_fields(fields)
    if errors:
        raise ValidationError(errors)
    warnings: list[dict[str, str]] = []
    if program is None:
        if not cleaned.get("name_fr"):
            raise ValidationError({"name_fr": _("A French name is required.")})
        if not cleaned.get("level"):
            raise ValidationError({"level": _("Choose a level.")})
        cleaned = {k: v for k, v in cleaned.items() if v not in (None, "", [])}
        # The program by its slug: the page names it in the reader's language.
        warnings = [
            {"slug": d["slug"], "reason": d["reason"]}
            for d in find_duplicates(
                names=[cleaned.get("name_fr", ""), cleaned.get("name_en", "")],
                url=cleaned.get("url", ""),
                organization=cleaned.get("organization", ""),
            )
        ]
    else:
        current_orgs = "; ".join(
            r.organization.name for r in program.roles.select_related("organization")
        )
        cleaned = {
            k: v
            for k, v in cleaned.items()
            if (current_orgs if k == "organization" else program_field_value(program, k)) != v
        }
        if not cleaned:
            raise ValidationError(_("The proposal changes nothing."))
    return ProgramProposal.objects.create(
        kind=ProposalKind.EDIT if program is not None else ProposalKind.NEW,
        program=program,
        fields=cleaned,
        note=note,
        proposed_by=user,
        organization=organization,
        duplicate_warnings=warnings,
    )


def proposal_diff(proposal: ProgramProposal) -> list[tuple[str, Any, Any]]:
    """(field, current value, proposed value) for every proposed field."""
    rows: list[tuple[str, Any, Any]] = []
    program = proposal.program
    for name, value in proposal.fields.items():
        if program is None:
            current: Any = None
        elif name == "organization":
            current = "; ".join(r.organization.name for r in program.roles.all())
        else:
            current = program_field_value(program, name)
        rows.append((name, current, value))
    return rows


def _lock_pending(proposal: ProgramProposal) -> None:
    """Inside the caller's transaction: lock the proposal's row and refuse it unless it is
    still pending now; the page's copy is not enough (a double click on "Approve" made the
    new program twice)."""
    status = (
        ProgramProposal.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=proposal.pk)
    )
    if status != ProposalStatus.PENDING:
        raise ValidationError(_("This proposal has already been reviewed."))


@transaction.atomic
def proposal_approve(*, proposal: ProgramProposal, reviewer: User, note: str = "") -> Program:
    """Apply a pending proposal through the funding services (history recorded, alerts
    follow). A new program is published at once: staff approval is the review."""
    _lock_pending(proposal)
    values = {
        name: parse_field(name, value)
        for name, value in proposal.fields.items()
        if name != "organization"
    }
    organization = proposal.fields.get("organization")
    if proposal.kind == ProposalKind.NEW:
        program = Program(
            slug=unique_slug(Program, values.get("name_fr") or "program", fallback="program"),
            publication="published",
        )
    else:
        if proposal.program is None:
            raise ValidationError(_("The program of this proposal no longer exists."))
        program = proposal.program
    for name, value in values.items():
        setattr(program, name, value)
    if "last_verified" not in values:
        program.last_verified = timezone.localdate()
    funding_services.program_save(program=program, changed_by=reviewer, origin="proposal")
    if organization is not None:
        names = [n.strip() for n in organization.split(";") if n.strip()]
        if funding_services.program_set_organizations(
            program=program, organizations=[(n, "administrator") for n in names]
        ):
            funding_services.program_reindex(program=program)
    proposal.status = ProposalStatus.APPROVED
    proposal.program = program
    proposal.reviewed_by = reviewer
    proposal.reviewed_at = timezone.now()
    proposal.review_note = note
    proposal.save()
    return program


@transaction.atomic
def proposal_reject(*, proposal: ProgramProposal, reviewer: User, note: str = "") -> None:
    _lock_pending(proposal)
    proposal.status = ProposalStatus.REJECTED
    proposal.reviewed_by = reviewer
    proposal.reviewed_at = timezone.now()
    proposal.review_note = note
    proposal.save()


# =================================================================== link checks

USER_AGENT = "AluHub link checker (+https://aluhub.ca)"


def check_url(
    url: str, *, timeout: float = 10.0, deadline: float | None = None
) -> tuple[int | None, str]:
    """(HTTP status, error): HEAD first, then GET when HEAD fails or is refused (some
    servers answer 405 or 403 to HEAD only). Public addresses only, at every redirect hop
    (``common/outbound.py``): a host inside a network records "address not allowed: …"
    and is not fetched.

    ``timeout`` bounds each wait for the server; ``deadline`` (three timeouts by default)
    the whole check: a server that sends a byte every few seconds would otherwise hold the
    worker, and the e-mails queued behind the weekly check, for hours."""
    if not url.lower().startswith(("http://", "https://")):
        return None, "not an http(s) address"
    limit = 3 * timeout if deadline is None else deadline
    try:
        return outbound.call_within(limit, lambda: _check_url(url, timeout))
    except outbound.DeadlineExceeded:
        return None, f"no complete answer within {limit:g} s"


def _check_url(url: str, timeout: float) -> tuple[int | None, str]:
    status: int | None = None
    error = ""
    opener = outbound.public_opener()
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(  # noqa: S310 (scheme checked above)
            url, method=method, headers={"User-Agent": USER_AGENT}
        )
        try:
            with opener.open(request, timeout=timeout) as response:
                return response.status, ""
        except urllib.error.HTTPError as exc:
            status, error = exc.code, ""
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            status, error = None, str(reason)[:300] or type(exc).__name__
            if isinstance(reason, outbound.AddressNotAllowed):
                break  # the same answer for GET: nothing was fetched
    return status, error


@dataclass(frozen=True)
class LinkReport:
    checked: int
    broken: int


def link_checks_run(
    *, timeout: float = 10.0, programs: Iterable[Program] | None = None
) -> LinkReport:
    """Check the official URL of every non-archived program; store the last result."""
    if programs is None:
        programs = Program.objects.exclude(publication="archived").exclude(url="")
    checked = broken = 0
    for program in programs:
        if not program.url:
            continue
        status, error = check_url(program.url, timeout=timeout)
        # Redirects are followed; a 3xx left is one that leads nowhere (a loop, another scheme).
        ok = status is not None and 200 <= status < 300
        LinkCheck.objects.update_or_create(
            program=program,
            defaults={
                "url": program.url,
                "status_code": status,
                "ok": ok,
                "error": error,
                "checked_at": timezone.now(),
            },
        )
        checked += 1
        broken += not ok
    return LinkReport(checked=checked, broken=broken)
