"""Finding 4 and 8 of issue #15: the API answers 4xx, never 500, and its document is true."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from aluhub.common import http
from tests.common.engine_inputs import VALID
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DEEP = b"[" * 100_000 + b"]" * 100_000
PUBLIC_ENGINES = [
    "/api/v1/funding/match",
    "/api/v1/financing/plan",
    "/api/v1/innovation/assessments/score",
]
SIGNED_IN_ENGINES = {
    "/api/v1/circular/blend": "blend",
    "/api/v1/challenge/design-check": "check_design",
    "/api/v1/challenge/form-teams": "form_teams",
}


def _post(client: Client, url: str, body: bytes | str) -> Any:
    return client.post(url, body, content_type="application/json")


def _staff() -> Client:
    client = Client()
    client.force_login(UserFactory(role="staff"))
    return client


@pytest.mark.parametrize("url", PUBLIC_ENGINES)
def test_deep_nesting_to_public_engines_is_422_anonymously(url: str) -> None:
    response = _post(Client(), url, DEEP)
    assert response.status_code == 422
    assert response.json()["field"] == "$"


@pytest.mark.parametrize("url", list(SIGNED_IN_ENGINES))
def test_deep_nesting_and_huge_integers_to_signed_in_engines_are_422(url: str) -> None:
    client = _staff()
    assert _post(client, url, DEEP).status_code == 422
    response = _post(client, url, b'{"x": 1' + b"0" * 400 + b"}")
    assert (response.status_code, response.json()["field"]) == (422, "x")


@pytest.mark.parametrize(("field", "longest"), [("id", 200), ("university", 120),
                                               ("discipline", 16), ("program", 200)])  # fmt: skip
def test_form_teams_applicant_texts_are_capped_at_their_columns_and_documented(
    field: str, longest: int
) -> None:
    """The documented body bounds each applicant text (so schemathesis' coverage phase draws
    bounded pools), and the server holds the same bound: one character more is a 422."""
    document = Client().get("/api/v1/openapi.json").json()
    body = document["paths"]["/api/v1/challenge/form-teams"]["post"]["requestBody"]
    applicant = body["content"]["application/json"]["schema"]["properties"]["applicants"]
    assert applicant["items"]["properties"][field]["maxLength"] == longest
    pool = json.loads(json.dumps(VALID["form_teams"]))
    pool["applicants"][0][field] = "x" * longest
    assert _post(_staff(), "/api/v1/challenge/form-teams", json.dumps(pool)).status_code == 200
    pool["applicants"][0][field] = "x" * (longest + 1)
    response = _post(_staff(), "/api/v1/challenge/form-teams", json.dumps(pool))
    assert response.status_code == 422
    assert response.json()["field"] == f"applicants[0].{field}"
    assert f"longer than {longest} characters" in response.json()["detail"]


def test_integer_of_400_digits_in_a_field_is_422_naming_it() -> None:
    body = json.dumps(VALID["funding_match"]).replace("1500000", "1" + "0" * 400)
    response = _post(Client(), "/api/v1/funding/match", body)
    assert response.status_code == 422
    assert response.json()["field"] == "project.cost_cad"


def test_blend_price_of_1e308_is_422_not_a_solver_failure() -> None:
    body = json.dumps(VALID["blend"]).replace("3.3", "1e308", 1)
    response = _post(_staff(), "/api/v1/circular/blend", body)
    assert response.status_code == 422
    assert response.json()["field"] == "materials[0].price_per_kg"


def test_design_check_never_answers_infinity_or_nan() -> None:
    client = _staff()
    huge = json.dumps(VALID["check_design"]).replace("412.5", "1e308")
    response = _post(client, "/api/v1/challenge/design-check", huge)
    assert (response.status_code, response.json()["field"]) == (422, "items[0].mass_kg")
    largest = (
        json.dumps(VALID["check_design"])
        .replace("412.5", "1e9")
        .replace('"quantity": 2', '"quantity": 1e9')
    )
    response = _post(client, "/api/v1/challenge/design-check", largest)
    assert response.status_code == 200
    assert b"Infinity" not in response.content and b"NaN" not in response.content


def test_a_body_over_the_limit_is_413(settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({**VALID["funding_match"], "pad": "x" * 2000})
    response = _post(Client(), "/api/v1/funding/match", body)
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]


@pytest.mark.parametrize(
    "query",
    ["offset=9223372036854775808", "offset=-1", "limit=0", "limit=100000", "offset=1e3"],
)
def test_list_bounds_are_422(query: str) -> None:
    response = Client().get(f"/api/v1/funding/programs?{query}")
    assert response.status_code == 422


def test_an_id_beyond_64_bits_in_the_path_is_a_4xx() -> None:
    client = _staff()
    response = client.get("/api/v1/financing/plans/9223372036854775808")
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()


def test_renderer_writes_null_for_non_finite_numbers() -> None:
    renderer = http.StrictJSONRenderer()
    out = renderer.render(None, {"a": float("inf"), "b": [float("nan"), 2.0]}, response_status=200)  # type: ignore[arg-type]
    assert json.loads(out) == {"a": None, "b": [None, 2.0]}


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    document = Client().get("/api/v1/openapi.json").json()
    return [
        (path, method, op)
        for path, item in document["paths"].items()
        for method, op in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def test_openapi_documents_every_post_body_and_the_error_answers() -> None:
    posts = [(path, op) for path, method, op in _operations() if method == "post"]
    assert {p for p, _ in posts} >= set(PUBLIC_ENGINES + list(SIGNED_IN_ENGINES))
    engines = set(PUBLIC_ENGINES + list(SIGNED_IN_ENGINES))
    for path, op in posts:
        schema = op["requestBody"]["content"]["application/json"]["schema"]
        assert "$ref" in schema or schema["properties"], path
        if path in engines:
            assert schema["type"] == "object" and schema["properties"], path
        assert {"400", "413", "422", "429"} <= set(op["responses"]), path
    for path, _method, op in _operations():
        assert {"422", "429"} <= set(op["responses"]), path
        for code in ("401", "403", "404", "422"):
            if code in op["responses"]:
                content = op["responses"][code]["content"]["application/json"]["schema"]
                assert content["required"] == ["detail"]


def test_openapi_marks_public_endpoints_public_and_others_signed_in() -> None:
    ops = {(path, method): op for path, method, op in _operations()}
    public = ops[("/api/v1/funding/match", "post")]
    assert {} in public["security"]
    assert "401" not in public["responses"]
    signed_in = ops[("/api/v1/circular/blend", "post")]
    assert {} not in signed_in["security"]
    assert {"401", "403"} <= set(signed_in["responses"])
    detail = ops[("/api/v1/funding/programs/{slug}", "get")]
    assert "404" in detail["responses"]
    bulletins = ops[("/api/v1/news/bulletins", "get")]
    assert "security" not in bulletins  # no auth at all: public
    offset = next(
        p for p in ops[("/api/v1/news/bulletins", "get")]["parameters"] if p["name"] == "offset"
    )
    assert offset["schema"]["maximum"] == http.MAX_OFFSET


def _models_in(annotation: Any, seen: set[type]) -> None:
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        for field in annotation.model_fields.values():
            _models_in(field.annotation, seen)
        return
    for arg in get_args(annotation):
        _models_in(arg, seen)


def test_every_api_schema_name_belongs_to_one_class() -> None:
    # The OpenAPI document keys components by class name: two apps' ``ProgramOut`` made
    # /funding/programs documented with the workforce fields (schemathesis found it).
    from aluhub.api import api

    seen: set[type] = set()
    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            for operation in view.operations:
                for model in [*operation.response_models.values(), *operation.models]:
                    _models_in(model, seen)
    by_name: dict[str, set[str]] = {}
    for model in seen:
        if model.__module__.startswith("aluhub."):
            by_name.setdefault(model.__name__, set()).add(model.__module__)
    assert len(by_name) > 30
    assert {name: mods for name, mods in by_name.items() if len(mods) > 1} == {}


def _uncapped_text(schema: Any, defs: dict[str, Any], where: str, seen: set[str]) -> list[str]:
    """Places in a JSON schema where a string has no ``maxLength`` (enums, formats such as
    dates, and the text spelling of a decimal number next to its number form excepted)."""
    if isinstance(schema, list):
        return [p for item in schema for p in _uncapped_text(item, defs, where, seen)]
    if not isinstance(schema, dict):
        return []
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        seen.add(name)
        return _uncapped_text(defs[name], defs, f"{where}->{name}", seen)
    found = []
    if schema.get("type") == "string" and not {"maxLength", "enum", "format"} & set(schema):
        found.append(where)
    branches = schema.get("anyOf", [])
    if any(b.get("type") == "number" for b in branches):
        branches = [b for b in branches if b.get("type") != "string"]
    found += _uncapped_text(branches, defs, where, seen)
    for key, sub in schema.get("properties", {}).items():
        found += _uncapped_text(sub, defs, f"{where}.{key}", seen)
    for key in ("items", "additionalProperties", "allOf", "oneOf"):
        found += _uncapped_text(schema.get(key), defs, f"{where}[]", seen)
    return found


def test_every_text_the_api_reads_has_a_max_length() -> None:
    from aluhub.api import api

    uncapped = []
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for model in operation.models:
                    schema = model.model_json_schema()
                    where = f"{operation.methods[0]} {prefix}{path} {model.__name__}"
                    uncapped += _uncapped_text(schema, schema.get("$defs", {}), where, set())
    assert uncapped == []


def test_a_query_text_over_the_cap_is_422_and_documented() -> None:
    long_query = "a" * (http.PARAM_MAX_LENGTH + 1)
    response = Client().get("/api/v1/funding/programs", {"q": long_query})
    assert response.status_code == 422
    assert Client().get("/api/v1/funding/programs", {"q": "a" * 50}).status_code == 200
    ops = {(path, method): op for path, method, op in _operations()}
    search = next(
        p for p in ops[("/api/v1/learning/resources", "get")]["parameters"] if p["name"] == "q"
    )
    assert search["schema"]["maxLength"] == http.PARAM_MAX_LENGTH
