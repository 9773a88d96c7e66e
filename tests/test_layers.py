"""The house has floors: an app imports from its own floor or the ones below, never above.

ground  core/: helpers that import nothing of ours; outbox/: every e-mail, queued and sent
domain  cms/, courses/, enrolment/, certificates/, organisations/, feeds/
roof    reports/, demo/, school/ (settings, urls, accounts): they read every app

The walk reads every module's imports with `ast`, so it sees what Python would import.
It also refuses imports inside functions (the usual way to dodge an import cycle) and
module-level import cycles. The few exceptions are named below, each with its reason.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLOORS = {
    "core": 0,
    "outbox": 0,
    "cms": 1,
    "courses": 1,
    "enrolment": 1,
    "certificates": 1,
    "organisations": 1,
    "feeds": 1,
    "reports": 2,
    "demo": 2,
    "school": 2,
}

# (importing module, imported module): why it may go up a floor.
ALLOWED_UP: dict[tuple[str, str], str] = {}

# (module, function): why the import waits until the function runs.
ALLOWED_LATE: dict[tuple[str, str], str] = {}


def _modules():
    for app in FLOORS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            yield name.removesuffix(".__init__"), path


MODULES = dict(_modules())


def _target(node: ast.ImportFrom | ast.Import) -> list[str]:
    """The modules of ours an import statement loads (`from a import b` may load a.b)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif node.level == 0 and node.module:
        names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    else:
        names = []
    return [name for name in names if name in MODULES]


def _imports(tree: ast.Module):
    """(import node, enclosing function's qualified name or None) for every import."""

    def walk(node, scope):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                yield child, scope
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                yield from walk(child, f"{scope}.{child.name}" if scope else child.name)
            elif isinstance(child, ast.ClassDef):
                inner = f"{scope}.{child.name}" if scope else child.name
                yield from ((n, s if s != inner else None) for n, s in walk(child, inner))
            else:
                yield from walk(child, scope)

    yield from walk(tree, None)


def _is_in_function(module: str, scope: str | None) -> bool:
    if scope is None:
        return False
    # AppConfig.ready imports signal receivers once the registry is ready, as Django asks.
    return not (module.endswith(".apps") and scope.endswith(".ready"))


GRAPH: dict[str, set[str]] = {}
LATE: dict[tuple[str, str], list[str]] = {}
for _module, _path in MODULES.items():
    GRAPH[_module] = set()
    for _node, _scope in _imports(ast.parse(_path.read_text())):
        _targets = [t for t in _target(_node) if t != _module]
        if _is_in_function(_module, _scope):
            if _targets:
                LATE.setdefault((_module, _scope), []).extend(_targets)
        elif _scope is None:
            GRAPH[_module].update(_targets)


def _floor(module: str) -> int:
    return FLOORS[module.split(".")[0]]


def test_no_module_imports_from_a_higher_floor():
    upward = [
        f"{source} -> {target}"
        for source, targets in GRAPH.items()
        for target in sorted(targets)
        if _floor(target) > _floor(source) and (source, target) not in ALLOWED_UP
    ]
    assert upward == []


def test_no_import_waits_inside_a_function_but_the_named_exceptions():
    assert sorted(set(LATE) - set(ALLOWED_LATE)) == []


def test_every_named_exception_is_still_needed():
    assert sorted(set(ALLOWED_LATE) - set(LATE)) == []
    assert sorted(k for k in ALLOWED_UP if k[1] not in GRAPH.get(k[0], ())) == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circle_between_modules():
    assert _cycles(GRAPH) == []


@pytest.mark.parametrize(
    "graph, cycles",
    [
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_the_cycle_finder_finds_cycles(graph, cycles):
    assert _cycles(graph) == cycles
