"""The package's layout shows the data flow: each stage imports only from the stages
below it, and no module imports itself back through others.

The stages, lowest first (docs/architecture.md says what each holds): the shared
modules at the top level, ``content``, ``intake``, ``translation``, ``checks``,
``export``, ``exchange`` (which writes files by export's ``-o`` rules), ``cli``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import bulletin

PACKAGE = Path(bulletin.__file__).parent
STAGES = ["content", "intake", "translation", "checks", "export", "exchange", "cli"]


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path], *, top_only: bool) -> set[str]:
    """The package's modules that ``name`` imports; with ``top_only``, only those it
    imports when it is loaded (not inside a function or under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    nodes = _load_time(tree.body) if top_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            subs = {f"{target}.{alias.name}" for alias in node.names} & modules.keys()
            found |= subs or ({target} & modules.keys())
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names} & modules.keys()
    found.discard(name)
    return found


def _load_time(body: list[ast.stmt]) -> list[ast.stmt]:
    out: list[ast.stmt] = []
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            out.append(node)
        elif isinstance(node, ast.If) and "TYPE_CHECKING" not in ast.unparse(node.test):
            out += _load_time(node.body) + _load_time(node.orelse)
        elif isinstance(node, ast.Try):
            out += _load_time(node.body)
    return out


def _stage(name: str) -> int:
    parts = name.split(".")
    if len(parts) > 1 and parts[1] in STAGES:
        return STAGES.index(parts[1]) + 1
    return len(STAGES) + 1 if name == "bulletin.__main__" else 0


def test_every_module_belongs_to_a_known_stage() -> None:
    top = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert top == set(STAGES), "a new package must be placed among the stages here"


def test_no_stage_imports_from_a_higher_one() -> None:
    modules = _modules()
    wrong = sorted(
        f"{name} imports {target}"
        for name, path in modules.items()
        for target in _imports(name, path, modules, top_only=False)
        if target != "bulletin" and _stage(target) > _stage(name)
    )
    assert wrong == []


@pytest.mark.parametrize("every_import", [False, True], ids=["at-load-time", "any-import"])
def test_no_import_cycle(every_import: bool) -> None:
    """No module imports itself back through others: neither when it is loaded, nor
    through an import inside a function or one made only for the type checker."""
    modules = _modules()
    graph = {name: _imports(name, path, modules, top_only=not every_import)
             for name, path in modules.items()}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if nxt == "bulletin" or nxt.startswith(node + "."):
                continue  # a package may load its own modules
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(trail[trail.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []
