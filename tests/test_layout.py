"""The house's layout: no import circles, one-way dependencies, topic facts in data."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "storage", "config")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _parse(source: str) -> ast.Module:
    """ast.parse, once more if CPython 3.11 raises its spurious "AST constructor recursion
    depth mismatch" (python/cpython#106905, a bookkeeping slip in the AST constructor's
    error path; seen here once in CI while earlier tests' threads were still running)."""
    try:
        return ast.parse(source)
    except SystemError:
        return ast.parse(source)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Project modules imported by ``path`` anywhere in it (function-level imports count too)."""
    found: set[str] = set()
    for node in ast.walk(_parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            # The longest prefix that is a module of ours.
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def import_graph(packages: tuple[str, ...] = PACKAGES) -> dict[str, set[str]]:
    """Module → the project modules it imports."""
    paths = {_module_name(p): p for pkg in packages for p in (ROOT / pkg).rglob("*.py")}
    modules = set(paths)
    graph = {}
    for name, path in paths.items():
        # Importing a package's submodule runs the package's __init__, which is no circle.
        parents = {name.rsplit(".", i)[0] for i in range(1, name.count(".") + 1)}
        graph[name] = _imports(path, modules) - {name} - parents
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_circles():
    assert cycles(import_graph()) == []


def package_of(module: str) -> str:
    """``bot.feeds.fetcher`` is in the package ``bot.feeds``; ``bot.app`` is a module of its own."""
    parts = module.split(".")
    return (
        ".".join(parts[:2])
        if parts[0] == "bot" and len(parts) > 2
        else parts[0]
        if parts[0] != "bot"
        else module
    )


def test_no_circles_between_the_packages_of_bot():
    """The imports go one way: feeds → ingest → news, and the poller (bot.poller) drives them."""
    graph: dict[str, set[str]] = {}
    for module, imported in import_graph().items():
        if module.startswith("bot."):
            graph.setdefault(package_of(module), set()).update(
                package_of(i)
                for i in imported
                if i.startswith("bot.") and package_of(i) != package_of(module)
            )
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_bot_does_not_import_handlers_except_the_wiring_place():
    offenders = {
        module
        for module, imported in import_graph().items()
        if module.startswith("bot")
        and module != "bot.app"
        and any(i.startswith("handlers") for i in imported)
    }
    assert offenders == set()


def test_only_storage_talks_to_the_database():
    offenders = []
    for pkg in ("bot", "handlers", "config"):
        for path in (ROOT / pkg).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if re.search(r"^\s*(import|from)\s+(sqlite3|sqlite_utils|psycopg)\b", text, re.M):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_pure_news_logic_does_no_io():
    """bot/news/ reads text and records; it imports no database, HTTP or chat library."""
    banned = re.compile(
        r"^\s*(import|from)\s+(storage(?!\.records)|httpx|aiohttp|telegram|slack_\w+|"
        r"bot\.(feeds|delivery|ingest|ops|render))\b",
        re.M,
    )
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "bot" / "news").rglob("*.py")
        if banned.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_benchmarks_import_nothing_from_tests_but_its_helpers():
    """The doubles, servers and scenario runners both use live in tests/helpers; a
    benchmark imports nothing else from tests."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "bench").rglob("*.py")
        if re.search(r"^\s*(import|from)\s+tests(?!\.helpers\b)\b", p.read_text(encoding="utf-8"), re.M)
    ]
    assert offenders == []


def test_storage_imports_only_the_pure_base_of_bot():
    """The records every stage shares, and the text normalisation the search index shares
    with the matcher: storage needs nothing else of bot/ (and those import no storage)."""
    base = {"bot.records", "bot.news.search_query", "bot.news.textnorm"}
    graph = import_graph()
    used = {i for module, imported in graph.items() if module.startswith("storage") for i in imported}
    assert {i for i in used if i.startswith("bot")} <= base
    assert not any(i.startswith("storage") for b in base for i in graph.get(b, set()))


def test_tests_import_nothing_from_the_benchmarks():
    """Benchmarks are not part of the test suite: a test needs nothing of bench/."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "tests").rglob("*.py")
        if re.search(r"^\s*(import|from)\s+bench\b", p.read_text(encoding="utf-8"), re.M)
    ]
    assert offenders == []


def test_no_topic_facts_in_code():
    """Which actors are countries, which sides exist and how they are labelled live in topic files."""
    literal = re.compile(r"""["'](iran|usa|oman|al-busaidi|muscat|geneva)["']""", re.I)
    offenders = []
    for pkg in ("bot", "handlers", "storage", "config"):
        for path in (ROOT / pkg).rglob("*.py"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if literal.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_ruff_and_mypy_are_clean():
    """The linter and the type checker, as CI runs them (installed by the test extras)."""
    for command in (
        [sys.executable, "-m", "ruff", "check", "."],
        [sys.executable, "-m", "ruff", "format", "--check", "."],
        [sys.executable, "-m", "mypy"],
    ):
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"{' '.join(command[2:])}:\n{result.stdout}{result.stderr}"
