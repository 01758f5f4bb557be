"""Innovation 4.0 API, mounted at /api/v1/innovation/.

* ``GET /questionnaire``: the maturity questionnaire as an answer file to fill (public).
* ``POST /assessments/score``: scores an answer file (the ``maturity_score`` CLI's JSON in and
  out), stores nothing; 422 names the bad field.
* ``GET /requests``: the caller's visible technical requests (paginated);
  ``GET /requests/{id}``: one of them (404 when not visible). For the expert of a
  confidential request, ``organization`` is null and ``identity_hidden`` true (and the
  requester's side of the thread unnamed) until staff share the identity.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from aluhub.accounts.auth import AUTH, OPTIONAL_AUTH
from aluhub.common import http
from aluhub.common.http import LimitOffsetPagination
from aluhub.common.lang import lang_of
from aluhub.engines import maturity
from aluhub.innovation.questionnaire import load_questionnaire

from . import selectors, services
from .models import TechnicalRequest

router = Router(tags=["innovation"])


class RequestOut(Schema):
    id: int
    title: str
    category: str
    status: str
    confidential: bool
    expert: str | None
    language: str
    created_at: datetime
    first_response_at: datetime | None
    first_response_business_days: int
    rating: int | None

    identity_hidden: bool
    organization: str | None

    @staticmethod
    def resolve_identity_hidden(obj: TechnicalRequest, context: dict[str, Any]) -> bool:
        return not selectors.identity_visible(context["request"].user, obj)

    @staticmethod
    def resolve_organization(obj: TechnicalRequest, context: dict[str, Any]) -> str | None:
        # Withheld from the expert of a confidential request until staff share it.
        if not selectors.identity_visible(context["request"].user, obj):
            return None
        return obj.organization.name

    @staticmethod
    def resolve_expert(obj: TechnicalRequest) -> str | None:
        return obj.expert.name if obj.expert else None

    @staticmethod
    def resolve_first_response_business_days(obj: TechnicalRequest) -> int:
        return selectors.first_response_days(obj)


class MessageOut(Schema):
    author: str
    body: str
    created_at: datetime


class RequestDetailOut(RequestOut):
    description: str
    keywords: list[str]
    messages: list[MessageOut]

    @staticmethod
    def resolve_messages(obj: TechnicalRequest, context: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {"author": e.author, "body": e.body, "created_at": e.created_at}
            for e in selectors.thread_for_user(context["request"].user, obj)
        ]


@router.get("/questionnaire", auth=OPTIONAL_AUTH, response=dict[str, Any])
def questionnaire(request: HttpRequest) -> dict[str, Any]:
    return maturity.answer_template(load_questionnaire())


@router.post(
    "/assessments/score",
    auth=OPTIONAL_AUTH,
    openapi_extra=http.engine_openapi("maturity_score", public=True),
)
def score(request: HttpRequest, lang: str = "fr") -> dict[str, Any]:
    data = http.engine_body(request, "maturity_score")
    return services.maturity_score_json(data=data, lang=lang_of(lang))


@router.get("/requests", auth=AUTH, response=list[RequestOut])
@paginate(LimitOffsetPagination)
def request_list(request: HttpRequest, status: str = "") -> Any:
    return selectors.visible_requests(request.user, status=status)


@router.get("/requests/{pk}", auth=AUTH, response=RequestDetailOut)
def request_detail(request: HttpRequest, pk: int) -> TechnicalRequest:
    return selectors.get_request_for_user(request.user, pk)
