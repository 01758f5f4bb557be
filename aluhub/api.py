"""The REST API at /api/v1/ (django-ninja).

Authentication: the browser session (with CSRF) or ``Authorization: Bearer <token>``
(personal tokens from the profile page). Errors are JSON ``{"detail": ...}`` with a 4xx
status. Lists use one pagination convention: ``?limit=&offset=`` answered as
``{"items": [...], "count": N}``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from aluhub.accounts.auth import AUTH, OPTIONAL_AUTH
from aluhub.common.http import AluHubAPI, JsonParser, StrictJSONRenderer
from aluhub.engines.errors import EngineInputError

# Re-exported for code written before accounts/auth.py; apps import them from there.
__all__ = ["AUTH", "OPTIONAL_AUTH", "api"]


api = AluHubAPI(
    title="AluHub API",
    version="1.0.0",
    description=(
        "API of AluHub, the platform of Québec's aluminium cluster. "
        "Authenticate with `Authorization: Bearer <token>` (create a token on your profile page) "
        'or with a browser session. Errors: JSON `{"detail": ...}` with a 4xx status. '
        'Lists: `?limit=&offset=`, answered as `{"items": [...], "count": N}`.'
    ),
    urls_namespace="api",
    docs_url="/docs",
    parser=JsonParser(),
    renderer=StrictJSONRenderer(),
)


class ErrorOut(Schema):
    detail: Any


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.errors}, status=422)


@api.exception_handler(EngineInputError)
def _engine_error(request: HttpRequest, exc: EngineInputError) -> HttpResponse:
    status = getattr(exc, "status", 422)  # jsonio.JsonInputError: 413 for a body too large
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=status)


@api.exception_handler(OverflowError)
def _overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    # A number too large for the database (e.g. an id of 2^63 in the path).
    return api.create_response(request, {"detail": "A number is out of range."}, status=422)


@api.exception_handler(DjangoValidationError)
def _django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    detail: Any = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "Authentication required."}, status=401)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": "Permission denied."}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


def _register_routers() -> None:
    from aluhub.accounts.api import router as accounts_router
    from aluhub.challenge.api import router as challenge_router
    from aluhub.circular.api import router as circular_router
    from aluhub.collab.api import (
        documents_router,
        events_router,
        groups_router,
        initiatives_router,
    )
    from aluhub.community.api import router as community_router
    from aluhub.directory.api import router as directory_router
    from aluhub.funding.api import router as funding_router
    from aluhub.funding_plans.api import router as funding_plans_router
    from aluhub.innovation.api import router as innovation_router
    from aluhub.learning.api import router as learning_router
    from aluhub.trace.api import router as trace_router
    from aluhub.workforce.api import router as workforce_router

    api.add_router("/accounts", accounts_router)
    api.add_router("/funding", funding_router)
    # The plans API kept its first path, /api/v1/financing/.
    api.add_router("/financing", funding_plans_router)
    api.add_router("/innovation", innovation_router)
    api.add_router("/challenge", challenge_router)
    api.add_router("/learning", learning_router)
    api.add_router("/workforce", workforce_router)
    api.add_router("/circular", circular_router)
    api.add_router("/news", community_router)
    api.add_router("/trace", trace_router)
    api.add_router("/community/working-groups", groups_router)
    api.add_router("/community/events", events_router)
    api.add_router("/community/initiatives", initiatives_router)
    api.add_router("/community/documents", documents_router)
    api.add_router("/community/directory", directory_router)


_register_routers()
