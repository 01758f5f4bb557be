"""The API's searchable lists in one decorator: the query parameters are the page's filters.

An app's list page reads its filters into a frozen dataclass (``q``, ``region``, ``kind``…)
with a ``from_params(mapping)`` class method that clips and checks each value. Its API list
endpoint takes the same filters, so instead of declaring every parameter a second time in
the handler's signature, the handler says which dataclass it filters by::

    @router.get("/jobs", response=list[JobOut], auth=OPTIONAL_AUTH)
    @filtered_list(selectors.JobFilters)
    def jobs(request: HttpRequest, filters: selectors.JobFilters) -> object:
        return selectors.job_search(filters)

and :func:`filtered_list` gives the endpoint one query parameter per field of the dataclass
(type and default from the field, text capped like every :class:`~.http.InputSchema`),
builds the filters with ``from_params`` (or the constructor when the dataclass has none),
and paginates with :class:`~.http.LimitOffsetPagination` (``?limit=&offset=`` bounded,
``{"items": [...], "count": n}``; a parameter out of bounds is a 422 ``{"detail": ...}``).
The operation keeps the handler's name, module and docstring, so its OpenAPI id and summary
are those a hand-written signature had.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, get_type_hints

from django.http import HttpRequest
from ninja import Query
from ninja.pagination import paginate
from pydantic import create_model

from .http import InputSchema, LimitOffsetPagination

F = TypeVar("F")
Handler = Callable[[HttpRequest, Any], Any]


def query_schema(filters: type[Any], fields: Sequence[str] | None = None) -> type[InputSchema]:
    """An input schema with one field per field of the dataclass ``filters`` (or only the
    ``fields`` named), each with the dataclass field's type and default."""
    hints = get_type_hints(filters)
    declared = {f.name: f for f in dataclasses.fields(filters)}
    names = list(fields) if fields is not None else list(declared)
    unknown = [name for name in names if name not in declared]
    if unknown:
        raise TypeError(f"{filters.__name__} has no field {', '.join(unknown)}")
    spec: dict[str, Any] = {name: (hints[name], declared[name].default) for name in names}
    # Named after the app too (learning's plain ``Filters`` -> LearningFiltersQuery): the
    # OpenAPI document lists every schema by name, and two apps may call theirs alike.
    app = filters.__module__.split(".")[1]
    prefix = "" if filters.__name__.lower().startswith(app) else app.title().replace("_", "")
    return create_model(f"{prefix}{filters.__name__}Query", __base__=InputSchema, **spec)


def filtered_list(
    filters: type[F],
    *,
    fields: Sequence[str] | None = None,
    parse: Callable[[dict[str, Any]], F] | None = None,
    pagination: type[LimitOffsetPagination] = LimitOffsetPagination,
) -> Callable[[Callable[[HttpRequest, F], Any]], Callable[..., Any]]:
    """Decorate a list handler ``(request, filters) -> rows``: the endpoint reads the fields
    of the dataclass ``filters`` (or only ``fields``) as query parameters, builds the filters
    with ``parse`` (default: ``filters.from_params``, else ``filters(**params)``) and
    paginates the rows the handler returns (``pagination``: a very long list passes
    :class:`~.http.CappedLimitOffsetPagination`, which counts up to a cap)."""
    schema = query_schema(filters, fields)
    build: Callable[[dict[str, Any]], F] = (
        parse or getattr(filters, "from_params", None) or (lambda params: filters(**params))
    )

    def decorate(handler: Callable[[HttpRequest, F], Any]) -> Callable[..., Any]:
        def endpoint(request: HttpRequest, query: Any) -> Any:
            return handler(request, build(query.dict()))

        # django-ninja reads the parameters from the signature and names the operation after
        # the function: give it the query schema, and the handler's name and docstring.
        endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [
                inspect.Parameter(
                    "request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=HttpRequest
                ),
                inspect.Parameter(
                    "query",
                    inspect.Parameter.POSITIONAL_OR_KEYWORD,
                    annotation=Query[schema],  # type: ignore[misc,valid-type]
                ),
            ],
            return_annotation=Any,
        )
        for attribute in ("__name__", "__qualname__", "__module__", "__doc__"):
            setattr(endpoint, attribute, getattr(handler, attribute))
        return paginate(pagination)(endpoint)

    return decorate
