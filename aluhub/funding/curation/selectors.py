"""Reads and access rules of catalogue curation: ``get_proposal_for_user`` (a partner
sees its own proposals, staff all), ``get_import_for_user`` (staff)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from aluhub.accounts.models import Role, User
from aluhub.accounts.selectors import is_staff
from aluhub.funding.curation.models import (
    ImportBatch,
    ProgramProposal,
)
from aluhub.funding.models import STALE_AFTER_DAYS, Program, is_stale
from aluhub.funding.selectors import window_state

AnyUser = User | AnonymousUser


def can_propose(user: AnyUser) -> bool:
    return bool(user.is_authenticated and (is_staff(user) or user.role == Role.PARTNER))


def require_proposer(user: AnyUser) -> None:
    """Proposing program changes is for partners and staff (403 otherwise)."""
    if not can_propose(user):
        raise PermissionDenied


# ------------------------------------------------------------------ curation


def proposals_for_user(user: AnyUser) -> QuerySet[ProgramProposal]:
    if not user.is_authenticated:
        return ProgramProposal.objects.none()
    if is_staff(user):
        return ProgramProposal.objects.select_related("program", "proposed_by")
    return ProgramProposal.objects.filter(proposed_by=user).select_related("program")


def get_proposal_for_user(user: AnyUser, pk: int, *, for_review: bool = False) -> ProgramProposal:
    """A partner's own proposal (staff: any); reviewing is for staff only."""
    if not user.is_authenticated:
        raise Http404
    proposal = proposals_for_user(user).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    if for_review and not is_staff(user):
        raise PermissionDenied
    return proposal


def proposal_duplicates(proposal: ProgramProposal) -> list[tuple[dict[str, str], Program | None]]:
    """Each duplicate warning of ``proposal`` with the program it names (by slug), which the
    page names in the reader's language; None for a program gone from the catalogue (a
    warning stored before the slugs alone keeps the name the proposer's page gave)."""
    warnings = [w for w in proposal.duplicate_warnings or [] if isinstance(w, dict)]
    programs = {
        p.slug: p for p in Program.objects.filter(slug__in=[w.get("slug") for w in warnings])
    }
    return [(w, programs.get(str(w.get("slug")))) for w in warnings]


def stale_programs(today: date | None = None) -> list[Program]:
    """Published and draft programs whose facts were last verified more than
    STALE_AFTER_DAYS days ago (or never), oldest first."""
    programs = [
        p
        for p in Program.objects.exclude(publication="archived").select_related("link_check")
        if is_stale(p.last_verified, today)
    ]
    programs.sort(key=lambda p: (p.last_verified is not None, p.last_verified or date.min))
    return programs


def broken_links() -> list[Program]:
    return list(
        Program.objects.filter(link_check__ok=False).select_related("link_check").order_by("name")
    )


def import_batches() -> QuerySet[ImportBatch]:
    return ImportBatch.objects.all()


def get_import_for_user(user: AnyUser, pk: int) -> ImportBatch:
    if not is_staff(user):
        raise PermissionDenied
    batch = ImportBatch.objects.filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


__all__ = [
    "STALE_AFTER_DAYS",
    "window_state",
]
