"""The import structure the project promises (docs/architecture.md): layers that only import
downwards, and no import circle between modules.

grimp (import-linter's engine) reads every import statement, including those inside functions,
so an import moved into a function to dodge a circle still counts. Imports under
``if TYPE_CHECKING:`` do not run, so they are left out.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import grimp
import pytest

PACKAGE = "referral_nlp"
# Highest first: a layer may import the layers below it, never one above. Entries on one line
# are siblings of one layer that must not import each other.
LAYERS = (
    "cli",
    "commands",
    "batch",
    "serving",
    "storage",
    "cards",
    "modeling",
    "evaluation",
    "decision",
    "classification_metrics",
    "artifacts",
    "data",
    "redaction",
    "offline | console",
    "io",
    "errors | lazy | scratch",
)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(
        PACKAGE, include_external_packages=False, exclude_type_checking_imports=True
    )


def _layer(entry: str) -> grimp.Layer:
    return grimp.Layer(*(name.strip() for name in entry.split("|")), independent=True)


def test_every_top_level_module_has_a_layer(graph: grimp.ImportGraph) -> None:
    named = {name.strip() for entry in LAYERS for name in entry.split("|")}
    top = {m.split(".")[1] for m in graph.modules if m.count(".") >= 1}
    top -= {"__main__"}
    assert top <= named, f"give {sorted(top - named)} a place in LAYERS (and docs/architecture.md)"


def test_layers_only_import_downwards(graph: grimp.ImportGraph) -> None:
    illegal = graph.find_illegal_dependencies_for_layers(
        layers=[_layer(entry) for entry in LAYERS], containers={PACKAGE}
    )
    found = sorted(
        f"{d.importer} -> {d.imported}: "
        + "; ".join(" -> ".join(route.heads | route.middle | route.tails) for route in d.routes)
        for d in illegal
    )
    assert not found, "imports that go up a layer:\n" + "\n".join(found)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_cycle_finder_finds_a_planted_circle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert _cycles(edges) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle_between_modules(graph: grimp.ImportGraph) -> None:
    edges = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    assert _cycles(edges) == []


MAX_MODULE_LINES = 700


def test_modules_fit_on_a_few_screens() -> None:
    """One concept per module: a module past 700 lines is doing several things (issue 16)."""
    src = Path(__file__).resolve().parents[1] / "src" / PACKAGE
    long = {
        str(path.relative_to(src)): n
        for path in sorted(src.rglob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"split these modules (lines): {long}"


@pytest.mark.parametrize("package", ["referral_nlp.modeling", "referral_nlp.modeling.training"])
def test_every_lazy_export_resolves(package: str) -> None:
    """A lazily re-exported name fails only when first used, so a module that was removed or
    renamed (the window model's ``chunking``) would hide until a user's import: check them all."""
    module = importlib.import_module(package)
    missing = []
    for name in module.__all__:
        try:
            getattr(module, name)
        except (AttributeError, ImportError):
            missing.append(name)
    assert missing == []
