"""The service's own layers (issue #11): the HTTP API and the web pages stand side by side on
the operations layer, and only that layer and the store reach the store's tables."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SERVICE = Path(__file__).resolve().parent.parent / "service"
MODULES = {".".join(p.relative_to(SERVICE.parent).with_suffix("").parts): p
           for p in SERVICE.rglob("*.py") if "migrations" not in p.parts}


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function; ``from a import b``
    counts as ``a`` and as ``a.b``, since ``b`` may be a module."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def front_end(name: str) -> str | None:
    short = name.removeprefix("service.")
    if short == "web":
        return "web"
    if short == "api" or short.startswith("api_"):
        return "api"
    return None


def test_modules_found():
    assert {"service.api", "service.web", "service.ops.checking", "service.store.models"} <= set(MODULES)


@pytest.mark.parametrize("name", sorted(n for n in MODULES if front_end(n)))
def test_api_and_pages_do_not_import_each_other(name):
    other = {n for n in imported(MODULES[name]) if front_end(n) and front_end(n) != front_end(name)}
    assert not other, f"{name} imports {sorted(other)}; share it through service.ops instead"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_only_the_store_and_operations_read_the_tables(name):
    if name.startswith(("service.store.", "service.ops.")):
        return
    assert "service.store.models" not in imported(MODULES[name]), \
        f"{name} imports service.store.models; go through service.store.* or service.ops"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith(("service.ops.", "service.store."))))
def test_lower_layers_do_not_import_the_front_ends(name):
    upward = {n for n in imported(MODULES[name])
              if front_end(n) or n.startswith(("service.cli", "service.app"))}
    if name.startswith("service.store."):
        upward |= {n for n in imported(MODULES[name]) if n.startswith("service.ops")}
    assert not upward, f"{name} imports {sorted(upward)}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_soft_imports(name):
    """A missing dependency is an install bug to fail on (issue #11, item 5)."""
    tree = ast.parse(MODULES[name].read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Try):
            caught = {ast.unparse(e) for h in node.handlers if h.type is not None
                      for e in (h.type.elts if isinstance(h.type, ast.Tuple) else [h.type])}
            assert not caught & {"ImportError", "ModuleNotFoundError"}, \
                f"{name}:{node.lineno} catches an import failure"
        if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("import_module"):
            raise AssertionError(f"{name}:{node.lineno} imports a module by name")
