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
        assert deps <= {"assistant.errors", "assistant.domain"} | {d for d in deps if d.startswith("assistant.domain")}


def test_no_page_renders_raw_html():
    """User text must never be rendered as HTML: no unsafe_allow_html, st.html or components."""
    sources = [ROOT / "streamlit_app.py", *sorted((ROOT / "pages").glob("*.py")), PACKAGE / "ui.py"]
    offenders = [
        p.name
        for p in sources
        if any(marker in p.read_text(encoding="utf-8") for marker in ("unsafe_allow_html", "st.html(", "components.v1"))
    ]
    assert offenders == []
