"""One searchable, paginated list endpoint for every app's API (aluhub/common/api_lists.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from ninja import NinjaAPI, Router
from ninja.testing import TestClient

from aluhub.api import api
from aluhub.common.api_lists import filtered_list, query_schema


@dataclass(frozen=True)
class SampleFilters:
    q: str = ""
    kind: str = ""
    past: bool = False

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> SampleFilters:
        return cls(q=params["q"].strip()[:5], kind=params["kind"], past=params["past"])


@dataclass(frozen=True)
class PlainFilters:
    q: str = ""
    region: str = "02"


ROWS = [{"n": n} for n in range(7)]
seen: list[Any] = []
router = Router()


@router.get("/samples", response=list[dict[str, int]])
@filtered_list(SampleFilters)
def samples(request: object, filters: SampleFilters) -> list[dict[str, int]]:
    """The sample rows."""
    seen.append(filters)
    return ROWS


@router.get("/plain", response=list[dict[str, int]])
@filtered_list(PlainFilters, fields=("region",))
def plain(request: object, filters: PlainFilters) -> list[dict[str, int]]:
    seen.append(filters)
    return ROWS[:2]


client = TestClient(router)


def test_query_schema_has_the_dataclass_fields_types_and_defaults() -> None:
    schema = query_schema(SampleFilters)
    assert list(schema.model_fields) == ["q", "kind", "past"]
    assert schema().dict() == {"q": "", "kind": "", "past": False}
    assert schema.model_validate({"past": "true", "q": "alu"}).dict() == {
        "q": "alu",
        "kind": "",
        "past": True,
    }


def test_query_schema_keeps_only_the_fields_named() -> None:
    assert list(query_schema(PlainFilters, ["region"]).model_fields) == ["region"]


def test_query_schema_refuses_a_field_the_dataclass_lacks() -> None:
    with pytest.raises(TypeError, match="PlainFilters has no field kind"):
        query_schema(PlainFilters, ["kind"])


def test_filtered_list_builds_the_filters_with_from_params_and_paginates() -> None:
    seen.clear()
    response = client.get("/samples?q=%20aluminium&kind=call&past=1&limit=3&offset=2")
    assert response.status_code == 200
    assert response.json() == {"items": [{"n": 2}, {"n": 3}, {"n": 4}], "count": 7}
    assert seen == [SampleFilters(q="alumi", kind="call", past=True)]


def test_filtered_list_without_from_params_uses_the_constructor_and_its_defaults() -> None:
    seen.clear()
    response = client.get("/plain?region=03&q=ignored")
    assert response.json() == {"items": [{"n": 0}, {"n": 1}], "count": 2}
    assert seen == [PlainFilters(q="", region="03")]


def test_filtered_list_refuses_a_limit_out_of_bounds() -> None:
    assert client.get("/samples?limit=0").status_code == 422


def test_filtered_list_documents_each_field_and_keeps_the_handlers_name() -> None:
    sample_api = NinjaAPI(urls_namespace="api_lists_sample")
    sample_api.add_router("/", router)
    operation = sample_api.get_openapi_schema(path_prefix="/api/")["paths"]["/api/samples"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["q", "kind", "past", "limit", "offset"]
    assert operation["operationId"] == "tests_common_test_api_lists_samples"
    assert operation["description"] == "The sample rows."


# The apps' list endpoints built on it: (path, the filter fields they read).
APP_LISTS = {
    "/api/v1/community/directory": [
        *("q", "role", "process", "alloy", "certification", "region", "size")
    ],
    "/api/v1/learning/resources": ["q", "type", "level", "discipline", "topic", "language", "sort"],
    "/api/v1/community/events": ["region", "kind", "audience", "month", "q", "past"],
    "/api/v1/workforce/trades": ["q", "stage", "level"],
    "/api/v1/workforce/programs": ["q", "level", "region", "trade"],
    "/api/v1/workforce/jobs": ["q", "trade", "region", "kind", "level"],
    "/api/v1/workforce/courses": ["q", "level"],
    "/api/v1/circular/listings": ["kind", "grade", "family", "region", "form"],
}


def test_app_lists_document_their_filters_and_the_page_parameters() -> None:
    paths = api.get_openapi_schema()["paths"]
    for path, fields in APP_LISTS.items():
        names = [p["name"] for p in paths[path]["get"]["parameters"]]
        assert names == [*fields, "limit", "offset"], path


@pytest.mark.django_db
@pytest.mark.parametrize("path", [p for p in APP_LISTS if "circular" not in p])
def test_app_lists_answer_items_and_count_and_a_bad_limit_with_a_json_422(path: str) -> None:
    web = Client()
    listed = web.get(path, {"q": "aluminium", "limit": "5"})
    assert listed.status_code == 200
    # The job board's list counts up to a cap and says when more match.
    capped = {"count_is_lower_bound"} if path == "/api/v1/workforce/jobs" else set()
    assert set(listed.json()) == {"items", "count", *capped}
    refused = web.get(path, {"limit": "0"})
    assert refused.status_code == 422
    assert "detail" in json.loads(refused.content)
