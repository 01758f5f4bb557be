"""The API's request bodies and responses (django-ninja), on the :mod:`.jsonio` contract.

* :class:`JsonParser` (``NinjaAPI(parser=...)``): every schema-validated body is parsed
  with the size, depth and number limits of :data:`API_LIMITS`;
* :func:`engine_body` reads the body of the six engine endpoints with the limits of the
  matching command (``jsonio.ENGINE_LIMITS``), so the API refuses exactly what the CLI
  refuses: 413 for a body too large, 422 ``{"detail", "field"}`` otherwise;
* :class:`StrictJSONRenderer` (``NinjaAPI(renderer=...)``) never writes ``NaN``/``Infinity``;
* :class:`LimitOffsetPagination` bounds ``limit`` and ``offset`` (an offset of 2^63 is a
  422, not a database error);
* text is capped: every query, path, header and form parameter at :data:`PARAM_MAX_LENGTH`
  characters (:func:`cap_parameter_text`, applied on import), and the schemas the API reads
  derive from :class:`InputSchema` (same cap unless a field declares a smaller one); the
  caps are in the OpenAPI document as ``maxLength`` and longer text is a 422;
* :func:`engine_openapi` documents an engine endpoint's request body; :class:`AluHubAPI`
  makes the OpenAPI document tell the truth about every operation: anonymous access
  (``security`` holds ``{}``), and the error answers it can give (401/403 when signing in is
  required, 404 for a path with parameters, 400/413 for a body, 422, 429).
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, NinjaAPI, Schema
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.pagination import LimitOffsetPagination as NinjaLimitOffsetPagination
from ninja.params import models as param_models
from ninja.parser import Parser
from ninja.renderers import JSONRenderer
from pydantic import ConfigDict

from aluhub.common import jsonio
from aluhub.common.pagination import COUNT_CAP, CappedPaginator

#: Largest ``offset`` a list accepts (far beyond any table we hold, far below 2^63).
MAX_OFFSET = 1_000_000_000

#: Longest text a parameter or an :class:`InputSchema` field takes: a search, a slug (at most
#: 120 characters), a code. Short, so a URL with a few of them fits a proxy's line limit.
PARAM_MAX_LENGTH = 200

#: Limits of a schema-validated API body (the engine endpoints use their command's).
API_LIMITS = jsonio.Limits(max_bytes=1 * jsonio.MB, max_items=10_000, max_string=20_000)


def _body_limit(limits: jsonio.Limits) -> int:
    return min(limits.max_bytes, int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or limits.max_bytes))


def _read(request: HttpRequest, limits: jsonio.Limits) -> Any:
    """The body of ``request`` parsed under ``limits`` (size checked before reading)."""
    limit = _body_limit(limits)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    bounded = dataclasses.replace(limits, max_bytes=limit)
    if declared > limit:
        raise jsonio.too_large(bounded)
    return jsonio.loads(request.body or b"null", bounded)


def engine_body(request: HttpRequest, command: str) -> Any:
    """The JSON body of an engine endpoint, under the limits of the CLI ``command``
    (``jsonio.ENGINE_LIMITS``; the default limits for a command not listed there)."""
    return _read(request, jsonio.ENGINE_LIMITS.get(command, jsonio.DEFAULT))


class JsonParser(Parser):
    """ninja's body parser with the :mod:`.jsonio` limits."""

    def parse_body(self, request: HttpRequest) -> Any:
        return _read(request, API_LIMITS)


class StrictJSONRenderer(JSONRenderer):
    """Standard JSON only: a non-finite float is written ``null``, never ``NaN``."""

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        try:
            return json.dumps(data, cls=self.encoder_class, allow_nan=False)
        except ValueError:
            return json.dumps(jsonio.finite(data), cls=self.encoder_class, allow_nan=False)


def cap_parameter_text() -> None:
    """Cap every text parameter of every operation at :data:`PARAM_MAX_LENGTH`.

    ninja builds, per operation, one pydantic model per source of parameters by subclassing
    these base models; pydantic's ``str_max_length`` in their config reaches every ``str``
    parameter (and each ``str`` of a ``list[str]``), so no endpoint can forget it. Runs on
    import, before any router is built."""
    for base in (
        param_models.QueryModel,
        param_models.PathModel,
        param_models.HeaderModel,
        param_models.CookieModel,
        param_models.FormModel,
        param_models.BodyModel,
    ):
        base.model_config["str_max_length"] = PARAM_MAX_LENGTH


cap_parameter_text()


class InputSchema(Schema):
    """Base of the schemas the API reads (query filters, bodies): text is capped at
    :data:`PARAM_MAX_LENGTH` unless a field declares ``Field(max_length=...)``."""

    model_config = ConfigDict(str_max_length=PARAM_MAX_LENGTH)


class LimitOffsetPagination(NinjaLimitOffsetPagination):
    """``?limit=&offset=`` with both bounded (documented in the OpenAPI document)."""

    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


class CappedLimitOffsetPagination(LimitOffsetPagination):
    """``?limit=&offset=`` for a very long list: like its page (the job board), the answer
    counts at most :data:`~aluhub.common.pagination.COUNT_CAP` matches. ``count`` is exact
    when ``count_is_lower_bound`` is false; when it is true, more rows match than ``count``
    says (narrow the search, or page on with ``offset`` until ``items`` comes back short)."""

    class Output(Schema):
        items: list[Any]
        count: int = Field(
            description="Rows matching, counted up to a cap (see count_is_lower_bound)."
        )
        count_is_lower_bound: bool = Field(
            description="True when more rows match than `count` (the count stopped at its cap)."
        )

    cap = COUNT_CAP

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        offset = pagination.offset
        limit: int = min(pagination.limit, self.max_limit)
        counted = CappedPaginator(queryset, limit, cap=self.cap)
        return {
            self.items_attribute: queryset[offset : offset + limit],
            "count": counted.count,
            "count_is_lower_bound": counted.capped,
        }


# --- OpenAPI ----------------------------------------------------------------------------

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"detail": {}, "field": {"type": "string"}},
    "required": ["detail"],
}

_ERROR_TEXT = {
    400: "The request cannot be read.",
    401: "Authentication required.",
    403: "Permission denied.",
    404: "Not found.",
    413: "The body is larger than the limit.",
    422: "Invalid input; `field` names the offending field.",
    429: "Too many requests.",
}


def error_responses(*codes: int) -> dict[int, Any]:
    """OpenAPI ``responses`` entries for the error ``codes`` (``{"detail": ...}`` bodies)."""
    return {
        code: {
            "description": _ERROR_TEXT[code],
            "content": {"application/json": {"schema": ERROR_SCHEMA}},
        }
        for code in codes
    }


def _num(name: str, limits: jsonio.Limits, **extra: Any) -> dict[str, Any]:
    low, high = limits.fields.get(name, (-limits.max_abs, limits.max_abs))
    return {"type": "number", "minimum": low, "maximum": high, **extra}


def _engine_schemas() -> dict[str, dict[str, Any]]:
    lim = jsonio.ENGINE_LIMITS
    text = {"type": "string", "maxLength": jsonio.DEFAULT.max_string}
    nullable_num = lambda name, cmd: {"anyOf": [_num(name, lim[cmd]), {"type": "null"}]}  # noqa: E731
    blend = lim["blend"]
    material = {
        "type": "object",
        "properties": {
            "id": text,
            "kind": {"type": "string", "enum": ["primary", "scrap", "alloying"]},
            "price_per_kg": _num("price_per_kg", blend),
            "available_kg": nullable_num("available_kg", "blend"),
            "yield": _num("yield", blend),
            "composition": {"type": "object", "additionalProperties": _num("pct", blend)},
        },
        "required": ["id", "price_per_kg"],
    }
    design = lim["check_design"]
    item = {
        "type": "object",
        "properties": {
            "name": text,
            "material": text,
            "quantity": _num("quantity", design),
            "mass_kg": _num("mass_kg", design),
            "volume_m3": _num("volume_m3", design),
            "scope": text,
        },
        "required": ["name", "material", "quantity"],
    }
    teams = lim["form_teams"]
    applicant = {
        "type": "object",
        "properties": {
            **{
                name: {"type": "string", "maxLength": teams.strings[name]}
                for name in ("id", "name", "university", "discipline", "program")
            },
            "score": _num("score", teams),
            "cycle": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
        },
        "required": ["id", "university", "discipline", "score"],
        # The engine reads only these keys (it ignores others): documenting exactly them keeps
        # schemathesis' coverage phase from drawing arbitrary nested extras for 5,000 items.
        "additionalProperties": False,
    }
    funding = lim["funding_match"]
    organization = {
        "type": "object",
        "properties": {
            "employees": nullable_num("employees", "funding_match"),
            "annual_revenue_cad": nullable_num("annual_revenue_cad", "funding_match"),
            "region": {"anyOf": [text, {"type": "null"}]},
            "naics": {"anyOf": [text, {"type": "null"}]},
        },
    }
    project = {
        "type": "object",
        "properties": {
            "goals": {"type": "array", "items": text},
            "cost_cad": _num("cost_cad", funding),
            "eligible_costs_cad": _num("eligible_costs_cad", funding),
            "description": text,
        },
    }
    return {
        "blend": {
            "type": "object",
            "description": "The `aluhub blend` problem (docs/blend.md).",
            "properties": {
                "target": {
                    "type": "object",
                    "properties": {
                        "alloy": {"anyOf": [text, {"type": "null"}]},
                        "mass_kg": _num("mass_kg", blend),
                    },
                    "required": ["mass_kg"],
                },
                "limits": {"type": "object"},
                "materials": {
                    "type": "array",
                    "items": material,
                    "maxItems": blend.arrays["materials"],
                },
                "min_recycled_pct": nullable_num("min_recycled_pct", "blend"),
                "confidence": nullable_num("confidence", "blend"),
            },
            "required": ["target", "materials"],
        },
        "check_design": {
            "type": "object",
            "description": "The `aluhub check_design` bill of materials "
            "(docs/challenge-engines.md).",
            "properties": {
                "rules": {"type": "object"},
                "items": {"type": "array", "items": item, "maxItems": design.arrays["items"]},
                "materials": {"type": "array", "maxItems": design.arrays["materials"]},
            },
            "required": ["items"],
        },
        "form_teams": {
            "type": "object",
            "description": "The `aluhub form_teams` pool (docs/challenge-engines.md).",
            "properties": {
                "team_size": {"type": "integer", "minimum": 2, "maximum": 10_000},
                "max_teams": {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "null"}]},
                "constraints": {
                    "type": "object",
                    "properties": {
                        "min_per_discipline": {
                            "type": "object",
                            "additionalProperties": {"type": "integer", "minimum": 0},
                        },
                        "max_per_university": {
                            "anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]
                        },
                    },
                    "additionalProperties": False,
                },
                "applicants": {
                    "type": "array",
                    "items": applicant,
                    "maxItems": teams.arrays["applicants"],
                },
                "locked": {
                    "type": "object",
                    "description": "Team name -> ids of its locked members.",
                    "maxProperties": teams.arrays["locked"],
                    "additionalProperties": {
                        "type": "array",
                        "items": {"type": "string", "maxLength": teams.strings["id"]},
                        "maxItems": teams.arrays["applicants"],
                    },
                },
            },
            "required": ["team_size", "applicants"],
        },
        "funding_match": {
            "type": "object",
            "description": "The `aluhub funding_match` profile (docs/funding-engines.md).",
            "properties": {
                "organization": organization,
                "project": project,
                "limit": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]},
                "lang": {"type": "string", "enum": ["fr", "en"]},
            },
        },
        "funding_plan": {
            "type": "object",
            "description": "The `aluhub funding_plan` project (docs/funding-engines.md).",
            "properties": {
                "organization": organization,
                "project": project,
                "include": {"type": "array", "items": text},
                "exclude": {"type": "array", "items": text},
                "max_public_aid_pct": _num("max_public_aid_pct", lim["funding_plan"]),
                "lang": {"type": "string", "enum": ["fr", "en"]},
            },
        },
        "maturity_score": {
            "type": "object",
            "description": "The filled answer file of `aluhub maturity_score --template` "
            "(GET /api/v1/innovation/questionnaire gives it).",
            "properties": {
                "questions": {"type": "array", "items": {"type": "object"}},
                "targets": {"type": "object"},
                "organization": {"type": "object"},
            },
            "required": ["questions"],
        },
    }


ENGINE_SCHEMAS = _engine_schemas()


def engine_openapi(
    command: str, *, public: bool, schema: dict[str, Any] | None = None
) -> dict[str, Any]:
    """``openapi_extra`` of an engine endpoint: its body schema (``schema``, or the one of
    :data:`ENGINE_SCHEMAS` for ``command``) and its error answers."""
    codes = [400, 413, 422, 429] if public else [400, 401, 403, 413, 422, 429]
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": schema or ENGINE_SCHEMAS[command]}},
        },
        "responses": {
            200: {
                "description": "The command's JSON output.",
                "content": {"application/json": {"schema": {"type": "object"}}},
            },
            **error_responses(*codes),
        },
    }


def _public(operation: Operation) -> bool:
    """Does the operation accept anonymous callers (no auth, or an always-true callback)?"""
    callbacks = operation.auth_callbacks
    return not callbacks or any(not hasattr(a, "openapi_security_schema") for a in callbacks)


class TruthfulOpenAPISchema(OpenAPISchema):
    def operation_details(self, operation: Operation) -> dict[str, Any]:
        result = super().operation_details(operation)
        public = _public(operation)
        if public and result.get("security"):
            result["security"] = [{}, *result["security"]]
        codes = {422, 429}
        if not public:
            codes |= {401, 403}
        if any(getattr(m, "__ninja_param_source__", None) == "path" for m in operation.models):
            codes.add(404)
        if "requestBody" in result:
            codes |= {400, 413}
        responses = result.setdefault("responses", {})
        for code, entry in error_responses(*sorted(codes)).items():
            responses.setdefault(code, entry)
        return result


class AluHubAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document is :class:`TruthfulOpenAPISchema`."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return TruthfulOpenAPISchema(api=self, path_prefix=path_prefix)
