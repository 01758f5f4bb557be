"""Access plumbing shared by every app: the one staff check and the decorators built on it.

Object-level rules stay in each app's ``get_<thing>_for_user`` selectors; this module only
answers "is this user cluster staff?" and turns it into a 403 (or the login page).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

View = Callable[..., HttpResponse]
M = TypeVar("M", bound=Model)


def is_staff(user: Any) -> bool:
    """Cluster staff (role staff or superuser, active account)."""
    return bool(user.is_authenticated and getattr(user, "is_cluster_staff", False))


def require_staff(user: Any) -> None:
    """Raise PermissionDenied (403) unless ``user`` is cluster staff."""
    if not is_staff(user):
        raise PermissionDenied(_("This page is for the cluster staff, who run the platform."))


def get_for_staff_or_404(user: Any, queryset: QuerySet[M], **lookup: Any) -> M:
    """The row of ``queryset`` matching ``lookup``, for a staff action: 403 unless ``user`` is
    staff (checked first, so others learn nothing of what exists), 404 when there is none."""
    require_staff(user)
    found = queryset.filter(**lookup).first()
    if found is None:
        raise Http404
    return found


def staff_required(view: View) -> View:
    """A view for cluster staff: anonymous visitors go to the login page, others get 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_staff(request.user)
        return view(request, *args, **kwargs)

    return wrapper
