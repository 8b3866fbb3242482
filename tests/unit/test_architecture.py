"""The house rules of DESIGN.md, enforced: who may import what."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "assistant"
# Pure modules: the domain, the checklist engine, the response-time engine.
PURE_DIRS = ("domain", "response_times")
STDLIB_IO = {
    "os",
    "io",
    "socket",
    "sqlite3",
    "subprocess",
    "requests",
    "httpx",
    "httpx2",
    "urllib",
    "http",
    "shutil",
    "pathlib",
    "tempfile",
}
THIRD_PARTY_IO = {"sqlalchemy", "streamlit", "openai", "tweepy", "alembic", "psycopg", "requests", "httpx2"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {n.split(".")[0] for n in names} | names


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _importers(top: str) -> set[str]:
    return {str(p.relative_to(ROOT)) for p in _modules() if top in _imports(p)}


def test_only_the_ui_helper_imports_streamlit():
    assert _importers("streamlit") <= {"assistant/ui.py"}


def test_only_the_llm_adapter_imports_openai():
    assert _importers("openai") <= {"assistant/llm.py"}


def test_only_the_x_adapter_imports_tweepy():
    assert _importers("tweepy") <= {"assistant/x.py"}


def test_pure_modules_import_no_io():
    offenders = {}
    for d in PURE_DIRS:
        for path in (PACKAGE / d).rglob("*.py"):
            bad = _imports(path) & (STDLIB_IO | THIRD_PARTY_IO)
            if bad:
                offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}


def test_pages_stay_thin_no_sql_no_adapters():
    pages = [ROOT / "streamlit_app.py", *sorted((ROOT / "pages").glob("*.py"))]
    assert len(pages) >= 6
    offenders = {}
    for path in pages:
        bad = {
            n
            for n in _imports(path)
            if n.split(".")[0] in THIRD_PARTY_IO - {"streamlit"} or n.startswith("assistant.storage")
        }
        if bad:
            offenders[path.name] = sorted(bad)
    assert offenders == {}


def test_the_domain_does_not_depend_on_services_or_storage():
    for path in (PACKAGE / "domain").rglob("*.py"):
        deps = {n for n in _imports(path) if n.startswith("assistant.")}
        # assistant.i18n is pure too (a context variable and the .po catalogs): domain messages are translated
        allowed = {"assistant.errors", "assistant.domain", "assistant.i18n"}
        assert deps <= allowed | {d for d in deps if d.startswith("assistant.domain")}


def test_no_page_renders_raw_html():
    """User text must never be rendered as HTML: no unsafe_allow_html, st.html or components."""
    sources = [ROOT / "streamlit_app.py", *sorted((ROOT / "pages").glob("*.py")), PACKAGE / "ui.py"]
    offenders = [
        p.name
        for p in sources
        if any(marker in p.read_text(encoding="utf-8") for marker in ("unsafe_allow_html", "st.html(", "components.v1"))
    ]
    assert offenders == []


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports, counting imports inside functions and under TYPE_CHECKING
    (ast.walk sees every Import node). `from a.b import c` points at a.b.c when c is a module, else a.b;
    importing a.b.c from outside package a.b also runs a.b's and a's `__init__`, so it points at them too."""
    modules = {_module_name(p): p for p in _modules()}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join(anchor + ([node.module] if node.module else []))
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    targets.add(full if full in modules else base)
        edges = {t for t in targets if t in modules}
        for target in list(edges):
            parts = target.split(".")
            for cut in range(1, len(parts)):
                parent = ".".join(parts[:cut])
                if parent in modules and not (name == parent or name.startswith(parent + ".")):
                    edges.add(parent)
        graph[name] = edges - {name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
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

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_in_the_package():
    assert _cycles(_import_graph()) == []


def test_the_cycle_check_sees_imports_inside_functions():
    # The check itself: a function-level import closing a loop is a cycle, so is one under TYPE_CHECKING.
    graph = {"a": {"b"}, "b": set(), "c": set()}
    assert _cycles(graph) == []
    graph["b"].add("a")
    assert _cycles(graph) == [["a", "b"]]
    source = "def f():\n    from assistant.services.posts import views\n"
    tree = ast.parse(source)
    assert any(isinstance(n, ast.ImportFrom) for n in ast.walk(tree))  # what _import_graph walks
    graph = _import_graph()
    assert "assistant.services.posts.views" in graph["assistant.services.publishing.schedule"]
