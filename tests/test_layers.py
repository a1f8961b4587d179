"""The layering contracts, read from the code's own imports (including imports inside functions).

- `extractors` never imports `scanner` (extractors are pure and lower).
- Checks (`scanner.comparators`) never import the store, batch, the CLI or the reporters.
- Reporters never import checks (nor their private helpers).
- The shared model and the modules below the checks (`scanner.model`, `scanner.identifiers`,
  `scanner.snapshots`, `scanner.corpus`, `scanner.sources`, `scanner.settings`) never import the
  store, batch, collectors, checks, reporters or the CLI.
- Migrations are frozen SQL: `scanner.store.migrations` imports no scanner or extractors code
  beyond the store's connection errors.
- Answers to "is it the same …" live in `extractors.normalise`: no module outside it defines a
  function named like one.
- No import cycles at run time, lazy imports included.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it (module level, functions, TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    package = _module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else ""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join([*base, node.module] if node.module else base)
            else:
                mod = node.module or ""
            found.add(mod)
            found |= {f"{mod}.{alias.name}" for alias in node.names}
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


def _files(package: str) -> list[Path]:
    folder = ROOT.joinpath(*package.split("."))
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [folder.with_suffix(".py")]


def _violations(packages: list[str], forbidden: list[str]) -> list[str]:
    out = []
    for package in packages:
        for path in _files(package):
            for mod in sorted(_imports(path)):
                if any(mod == f or mod.startswith(f + ".") for f in forbidden):
                    out.append(f"{path.relative_to(ROOT)} imports {mod}")
    return out


def test_extractors_never_import_the_scanner() -> None:
    assert _violations(["extractors"], ["scanner"]) == []


def test_checks_never_import_store_batch_cli_or_reporters() -> None:
    forbidden = ["scanner.store", "scanner.batch", "scanner.cli", "scanner.cli_batch"]
    forbidden += ["scanner.cli_store", "scanner.reporters", "scanner.collectors"]
    assert _violations(["scanner.comparators"], forbidden) == []


def test_reporters_never_import_checks() -> None:
    assert _violations(["scanner.reporters"], ["scanner.comparators"]) == []


@pytest.mark.parametrize(
    "module",
    [
        "scanner.model",
        "scanner.identifiers",
        "scanner.snapshots",
        "scanner.corpus",
        "scanner.sources",
        "scanner.settings",
    ],
)
def test_the_shared_layer_stays_below_the_components(module: str) -> None:
    forbidden = ["scanner.store", "scanner.batch", "scanner.collectors", "scanner.comparators"]
    forbidden += ["scanner.reporters", "scanner.cli", "scanner.cli_batch", "scanner.cli_store"]
    forbidden += ["scanner.pipeline"]
    assert _violations([module], forbidden) == []


def test_migrations_are_frozen_sql() -> None:
    imported = _imports(ROOT / "scanner" / "store" / "migrations.py")
    ours = {m for m in imported if m.split(".")[0] in ("scanner", "extractors")}
    allowed = {"scanner", "scanner.store.db", "scanner.store.db.StoreError", "scanner.__version__"}
    assert ours <= allowed, ours - allowed


# "Is it the same …" questions and their one home.
_SAMENESS = re.compile(
    r"^_?(?:same|normali[sz]e|canonical)_?(?:name|names|org|orgs|employer|school|degree|field|"
    r"mailbox|email|phone|number|address|place|city|title|text|location)s?$|"
    r"^_?(?:name|org|email|mailbox|phone|address|degree)_key$|^_?degree_level$"
)


def test_sameness_is_answered_only_in_the_normalisation_package() -> None:
    offenders = []
    for top in ("scanner", "extractors"):
        for path in ROOT.joinpath(top).rglob("*.py"):
            if "normalise" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in tree.body:  # module-level functions (a property may delegate)
                if isinstance(node, ast.FunctionDef) and _SAMENESS.match(node.name):
                    offenders.append(f"{path.relative_to(ROOT)}: {node.name}")
    assert offenders == [], offenders


def _runtime_imports(path: Path, modules: set[str]) -> set[str]:
    """The project modules a file imports when it runs: at module level or inside functions
    (a lazy import is still an import), not under `if TYPE_CHECKING:` (annotations only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import):
                found.update(a.name for a in child.names if a.name in modules)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - child.level + 1]
                    mod = ".".join([*base, child.module] if child.module else base)
                else:
                    mod = child.module or ""
                for alias in child.names:
                    sub = f"{mod}.{alias.name}"
                    if sub in modules:
                        found.add(sub)
                    elif mod in modules:
                        found.add(mod)
            visit(child)

    visit(tree)
    found.discard(name)
    return found


def test_no_import_cycles_not_even_behind_a_lazy_import() -> None:
    """No two modules need each other at run time: a lazy import may keep start-up fast, never
    hide a cycle (type-only imports under TYPE_CHECKING do not count)."""
    paths = [p for package in ("scanner", "extractors") for p in _files(package)]
    modules = {_module_name(p) for p in paths}
    graph = {_module_name(p): _runtime_imports(p, modules) for p in paths}

    cycles: list[list[str]] = []
    for start in sorted(graph):
        # Depth-first from each module: a path back to it is a cycle.
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        seen: set[str] = set()
        while stack:
            node, trail = stack.pop()
            for nxt in sorted(graph[node]):
                if nxt == start:
                    cycles.append([*trail, start])
                elif nxt not in seen and nxt > start:  # each cycle found once, from its least
                    seen.add(nxt)
                    stack.append((nxt, [*trail, nxt]))
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)
