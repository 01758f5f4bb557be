"""House rules that review kept missing (ARCHITECTURE.md, "Layers and import rules"):

- views and API handlers read through selectors: no ``.objects`` and no model shortcut
  (``get_object_or_404``) in any views module (a name containing ``views``) or ``api.py``
  of ``aluhub/``;
- views and API handlers do not build queries either: no QuerySet method called on what a
  selector returned or on a related manager (``team.members.select_related(...)``,
  ``selectors.open_jobs().filter(...)``, ``qs.count()``); the selector that owns the read
  decides its shape (:func:`queryset_call_lines` says how a call is recognised);
- a 403 comes from the app's access functions (``get_<thing>_for_user``, ``require_*`` in
  its selectors), never from a ``raise PermissionDenied`` written in a view or API handler
  (every app, common and the site shell included), nor in a service (services call the
  access function: the rule of each object lives in one place);
- an address that leaves the site (a PDF, a QR code, a passport, JSON-LD, a link to share or
  paste elsewhere) starts with ``SITE_URL`` (``common.mail.site_url``): no
  ``request.build_absolute_uri`` anywhere in ``aluhub/``, whose host is whatever the request
  named;
- management commands are thin adapters: no ``.objects`` in them either (they parse, call a
  service or a selector, print);
- a module of ``aluhub/`` (migrations aside) over 600 lines says why in a ``# Size:`` line
  among its first five lines, or is split.

The sources are parsed (``ast``), so comments and strings never count, and a new violation
anywhere fails here with its path and line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "aluhub"
MAX_LINES = 600


def _sources() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)


def _view_modules() -> list[Path]:
    return [p for p in _sources() if "views" in p.stem or p.name == "api.py"]


#: Django's shortcuts that query a model they are given (``get_object_or_404(Report, pk=pk)``).
MODEL_SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})


def objects_lines(path: Path) -> list[int]:
    """Line numbers of ``<something>.objects``, or of a call to a shortcut that queries a model
    (``get_object_or_404``), in the code (comments and strings aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return sorted(
        {
            node.lineno
            for node in ast.walk(tree)
            if (isinstance(node, ast.Attribute) and node.attr == "objects")
            or (isinstance(node, ast.Call) and _type_name(node.func) in MODEL_SHORTCUTS)
        }
    )


# QuerySet methods that no other object a view handles has under the same name: any call
# of them is a query being built. (``union``, ``intersection``, ``difference`` are left
# out: sets have them too.)
QUERYSET_BUILDERS = frozenset(
    {
        "filter",
        "exclude",
        "order_by",
        "annotate",
        "alias",
        "select_related",
        "prefetch_related",
        "values_list",
        "aggregate",
        "distinct",
        "only",
        "defer",
        "extra",
        "raw",
        "none",
        "in_bulk",
        "latest",
        "earliest",
        "select_for_update",
    }
)
# QuerySet methods that take no argument, where the list, str and storage methods of the
# same name take one (``lst.count(x)``, ``text.count(",")``, ``storage.exists(name)``).
QUERYSET_NO_ARGUMENT = frozenset({"count", "exists", "first", "last"})


# What a bare ``.values()`` may be called on without being a QuerySet's: a mapping the code
# in view shows is one (a dict display or comprehension, a call or annotation of these
# types), or a form (forms here define their own ``values()``; ``form.errors`` is a dict).
MAPPING_TYPES = frozenset(
    {"dict", "Mapping", "MutableMapping", "defaultdict", "Counter", "OrderedDict"}
)
SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _type_name(node: ast.expr) -> str:
    if isinstance(node, ast.Subscript):
        node = node.value
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _names_a_mapping(type_name: str) -> bool:
    return type_name in MAPPING_TYPES or type_name.endswith("Form")


def _is_mapping_value(value: ast.expr | None) -> bool:
    if isinstance(value, ast.Dict | ast.DictComp):
        return True
    return isinstance(value, ast.Call) and _names_a_mapping(_type_name(value.func))


def _own_nodes(scope: ast.AST) -> list[ast.AST]:
    """The nodes of ``scope`` outside its nested functions and classes (those nodes are
    listed, not their insides)."""
    found: list[ast.AST] = []
    todo = list(ast.iter_child_nodes(scope))
    while todo:
        node = todo.pop()
        found.append(node)
        if not isinstance(node, SCOPES):
            todo.extend(ast.iter_child_nodes(node))
    return found


def _mapping_names(scope: ast.AST, outer: frozenset[str]) -> frozenset[str]:
    """The names that hold a mapping in ``scope``: bound there only to mappings (or not bound
    there and a mapping in the enclosing scope)."""
    bound: dict[str, list[bool]] = {}
    if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
        arguments = scope.args
        for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
            annotated = arg.annotation is not None and _names_a_mapping(_type_name(arg.annotation))
            bound.setdefault(arg.arg, []).append(annotated)
    for node in _own_nodes(scope):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        simple = isinstance(target, ast.Name)
                        mapping = simple and _is_mapping_value(node.value)
                        bound.setdefault(name.id, []).append(mapping)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            mapping = _names_a_mapping(_type_name(node.annotation))
            bound.setdefault(node.target.id, []).append(mapping)
        elif isinstance(node, ast.NamedExpr | ast.For | ast.comprehension | ast.withitem):
            bound_to = getattr(node, "target", None) or getattr(node, "optional_vars", None)
            for name in ast.walk(bound_to) if bound_to is not None else ():
                if isinstance(name, ast.Name):
                    bound.setdefault(name.id, []).append(False)
    kept = {n for n in outer if n not in bound}
    return frozenset(kept | {n for n, kinds in bound.items() if all(kinds)})


def _is_mapping(receiver: ast.expr, mappings: frozenset[str]) -> bool:
    """``receiver`` is a mapping or a form by what the code shows: a name bound only to
    one, a module constant (UPPER_CASE: a QuerySet is never one here), ``<x>.errors``, or a
    dict display written in place."""
    if isinstance(receiver, ast.Name):
        return receiver.id in mappings or receiver.id.isupper()
    if isinstance(receiver, ast.Attribute):
        return receiver.attr == "errors"
    return _is_mapping_value(receiver)


def _is_queryset_call(call: ast.Call, mappings: frozenset[str] = frozenset()) -> bool:
    if not isinstance(call.func, ast.Attribute):
        return False
    name = call.func.attr
    bare = not call.args and not call.keywords
    if name in QUERYSET_BUILDERS:
        return True
    if name in QUERYSET_NO_ARGUMENT:
        return bare
    if name == "values":  # QuerySet.values("pk") / qs.values(); dict.values(), form.values()
        return not bare or not _is_mapping(call.func.value, mappings)
    if name == "get":
        # QuerySet.get(pk=1) / .get(Q(...)) / .get(); dict.get, QueryDict.get
        # (request.GET.get, form.cleaned_data.get) and a router's get("/path", ...) take
        # their key or path positionally, never a Q.
        q_argument = any(
            isinstance(a, ast.Call) and isinstance(a.func, ast.Name) and a.func.id == "Q"
            for a in call.args
        )
        return bare or q_argument or (bool(call.keywords) and not call.args)
    return False


def queryset_call_lines(source: str) -> list[int]:
    """Line numbers where a view or API module builds or runs a query itself.

    A call is recognised from the source alone (no types), by the method's name and the
    shape of its arguments, never by the receiver's name (a selector's result can be called
    anything): ``filter``, ``exclude``, ``order_by``, ``select_related``… are names only a
    QuerySet has (:data:`QUERYSET_BUILDERS`): always caught. ``count``, ``exists``,
    ``first``, ``last`` are caught when called without argument, the QuerySet form
    (``list.count(x)`` and ``storage.exists(name)`` take one). ``values`` is caught with
    field names (``dict.values()`` has none). ``get`` is caught with keyword arguments only,
    with a ``Q(...)`` or with nothing: ``request.GET.get("q")``, ``form.cleaned_data.get("x")``,
    ``names.get(k, k)`` and ``@router.get("/path", response=...)`` pass their key first.
    ``.all()`` is allowed: it reads a relation the selector prefetched (or one object's
    relation on its own page) without giving the query a new shape. A field-less
    ``.values()`` is caught unless the code shows its receiver is a mapping or a form
    (:func:`_is_mapping`): a dict the function built or annotated (``statements:
    dict[str, str] = services.shipment_statements(event)``), a constant, ``form.errors``.
    """
    found: set[int] = set()

    def visit(scope: ast.AST, outer: frozenset[str]) -> None:
        mappings = _mapping_names(scope, outer)
        for node in _own_nodes(scope):
            if isinstance(node, ast.Call) and _is_queryset_call(node, mappings):
                found.add(node.lineno)
            elif isinstance(node, SCOPES):
                visit(node, mappings)

    visit(ast.parse(source), frozenset())
    return sorted(found)


def permission_denied_lines(path: Path) -> list[int]:
    """Line numbers of ``raise PermissionDenied`` / ``raise PermissionDenied(...)``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(exc, ast.Name) and exc.id == "PermissionDenied":
                found.add(node.lineno)
    return sorted(found)


def test_the_scan_sees_the_view_modules() -> None:
    names = {str(p.relative_to(ROOT)) for p in _view_modules()}
    # A wrong root or pattern would make the rules below pass on nothing.
    assert {
        "funding/views.py",
        "funding/api.py",
        "collab/views_alerts.py",
        "common/subscription_views.py",
    } <= names


def test_objects_lines_finds_a_query_and_skips_comments(tmp_path: Path) -> None:
    sample = tmp_path / "views.py"
    sample.write_text(
        "# Program.objects in a comment\n"
        "x = Program.objects.all()\n"
        '"""Program.objects in a docstring"""\n'
        "y = objects_of(1)  # .objects after code\n"
        "z = {\n"
        '    "rows": list(Row.objects.filter(a=1)),\n'
        "}\n"
        "report = get_object_or_404(ErrorReport, pk=3)\n"
        "rows = shortcuts.get_list_or_404(Row, a=1)\n"
        "found = get_thing_or_404(1)  # an app's own access function\n",
        encoding="utf-8",
    )
    assert objects_lines(sample) == [2, 6, 8, 9]


def test_permission_denied_lines_finds_both_forms(tmp_path: Path) -> None:
    sample = tmp_path / "views.py"
    sample.write_text(
        "def a():\n"
        "    raise PermissionDenied\n"
        "def b():\n"
        '    raise PermissionDenied("no")\n'
        "def c():\n"
        "    raise Http404  # PermissionDenied\n",
        encoding="utf-8",
    )
    assert permission_denied_lines(sample) == [2, 4]


@pytest.mark.parametrize(
    "path",
    _view_modules(),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_views_leave_403_to_access_functions(path: Path) -> None:
    lines = permission_denied_lines(path)
    assert lines == [], (
        f"aluhub/{path.relative_to(ROOT)} raises PermissionDenied at lines {lines}: "
        "put the rule in an access function of the app's selectors"
    )


def _service_modules() -> list[Path]:
    return [
        p
        for p in _sources()
        if "services" in p.stem or "services" in p.parts or p.name == "exchange.py"
    ]


def test_the_scan_sees_the_service_modules() -> None:
    names = {str(p.relative_to(ROOT)) for p in _service_modules()}
    assert {
        "circular/services.py",
        "collab/services/groups.py",
        "collab/services_initiatives.py",
        "trace/exchange.py",
        "workforce/services.py",
    } <= names


@pytest.mark.parametrize("path", _service_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_services_take_403_from_access_functions(path: Path) -> None:
    lines = permission_denied_lines(path)
    assert lines == [], (
        f"aluhub/{path.relative_to(ROOT)} raises PermissionDenied at lines {lines}: call the "
        "app's access function (require_* in its selectors) instead"
    )


@pytest.mark.parametrize("path", _view_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_views_and_api_read_through_selectors(path: Path) -> None:
    lines = objects_lines(path)
    assert lines == [], (
        f"aluhub/{path.relative_to(ROOT)} reads models directly (.objects) at lines {lines}: "
        "read through the app's selectors"
    )


def test_queryset_call_lines_catches_queries_built_in_a_view() -> None:
    planted = (
        "def page(request, team):\n"
        "    members = team.members.select_related('student').order_by('name')\n"  # 2
        "    jobs = selectors.open_jobs().filter(trade=team)[:10]\n"  # 3
        "    n = selectors.visible_requests(request.user).count()\n"  # 4
        "    ok = selectors.interest_organizations(request.user, team).exists()\n"  # 5
        "    last = history.last()\n"  # 6
        "    v = document.versions.get(number=2)\n"  # 7
        "    w = document.versions.get(Q(number=2))\n"  # 8
        "    one = qs.get()\n"  # 9
        "    pks = qs.values('pk')\n"  # 10
        "    slugs = obj.programs.values_list('slug', flat=True)\n"  # 11
        "    total = rows.aggregate(n=Count('pk'))\n"  # 12
        "    return render(request, 'x.html', {'e': qs.exclude(a=1).distinct()})\n"  # 13
    )
    assert queryset_call_lines(planted) == list(range(2, 14))


def test_queryset_call_lines_catches_a_field_less_values_on_a_query() -> None:
    planted = (
        "def page(request, org: Organization, names: dict[str, str]):\n"
        "    rows = selectors.open_jobs()\n"
        "    a = rows.values()\n"  # 3
        "    b = org.memberships.values()\n"  # 4
        "    c = selectors.visible_requests(request.user).values()\n"  # 5
        "    d = names.values()\n"
        "    both = {}\n"
        "    both = selectors.open_jobs()\n"
        "    e = both.values()\n"  # 9: bound to a dict and to a query
        "    def inner():\n"
        "        names = selectors.open_jobs()\n"
        "        return names.values()\n"  # 12: the inner name is a query
        "    return d\n"
    )
    assert queryset_call_lines(planted) == [3, 4, 5, 9, 12]


def test_queryset_call_lines_leaves_dicts_and_forms_values_alone() -> None:
    clean = (
        "from .presets import PRESETS\n"
        "def page(request, per: dict[str, int], seen: Mapping[str, str]):\n"
        "    form = ApplicationForm(request.POST or None)\n"
        "    statements: dict[str, str] = services.shipment_statements(event)\n"
        "    by_slug = {p.slug: p for p in programs}\n"
        "    counts = Counter(words)\n"
        "    groups = defaultdict(list)\n"
        "    rows = [*per.values(), *seen.values(), *PRESETS.values(), *statements.values()]\n"
        "    rows += [*by_slug.values(), *counts.values(), *groups.values()]\n"
        "    errors = [e for errs in form.errors.values() for e in errs]\n"
        "    def inner():\n"
        "        return by_slug.values()\n"
        "    return form.values(), {'a': 1}.values(), dict(x=1).values()\n"
    )
    assert queryset_call_lines(clean) == []


def test_queryset_call_lines_leaves_dicts_requests_forms_and_routers_alone() -> None:
    clean = (
        "@router.get('/jobs', response=list[JobOut], auth=AUTH)\n"
        "def page(request, form, names, text, storage, version, found):\n"
        "    q = request.GET.get('q', '')\n"
        "    p = request.POST.get('page')\n"
        "    x = form.cleaned_data.get('x')\n"
        "    n = names.get(key, key)\n"
        "    c = text.count(',') + found.count(3)\n"
        "    e = storage.exists(version.file.name)\n"
        "    v = list(form.errors.values())\n"
        "    both = set(a).union(b).difference(c)\n"
        "    rows = list(team.members.all())\n"
        "    kept = filter(None, rows)\n"
        "    # qs.filter(a=1).count() in a comment\n"
        '    return "qs.first() in a string"\n'
    )
    assert queryset_call_lines(clean) == []


@pytest.mark.parametrize("path", _view_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_views_and_api_leave_query_building_to_selectors(path: Path) -> None:
    lines = queryset_call_lines(path.read_text(encoding="utf-8"))
    assert lines == [], (
        f"aluhub/{path.relative_to(ROOT)} builds queries at lines {lines}: give the read a "
        "name in the app's selectors (the selector decides select_related / prefetch_related)"
    )


def test_long_modules_say_why_at_their_top() -> None:
    unexplained = []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        if len(lines) > MAX_LINES and not any(line.startswith("# Size:") for line in lines[:5]):
            unexplained.append(f"aluhub/{path.relative_to(ROOT)} ({len(lines)} lines)")
    assert unexplained == [], "split these modules or give a '# Size:' reason at the top"


def attribute_lines(path: Path, name: str) -> list[int]:
    """Line numbers where the attribute ``name`` is used, in the code (comments aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return sorted(
        {
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr == name
        }
    )


def test_addresses_that_leave_the_site_start_with_site_url() -> None:
    found = [
        f"aluhub/{path.relative_to(ROOT)}:{line}"
        for path in _sources()
        for line in attribute_lines(path, "build_absolute_uri")
    ]
    assert found == [], (
        "request.build_absolute_uri names whatever host the request did: use "
        "aluhub.common.mail.site_url (SITE_URL)"
    )


def _command_modules() -> list[Path]:
    return [p for p in _sources() if {"management", "commands"} <= set(p.parts)]


def test_management_commands_read_and_write_through_selectors_and_services() -> None:
    names = {str(p.relative_to(ROOT)) for p in _command_modules()}
    assert "common/management/commands/retry_emails.py" in names  # the scan sees them
    found = [
        f"aluhub/{path.relative_to(ROOT)}:{line}"
        for path in _command_modules()
        for line in objects_lines(path)
    ]
    assert found == [], (
        "a command reads or writes models directly (.objects): parse the arguments, call a "
        "service (writes) or a selector (reads), print"
    )
