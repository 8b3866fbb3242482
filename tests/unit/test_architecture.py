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


# --- Markdown sinks (issue 14, point 4) ------------------------------------------------------------------------------
# Streamlit renders these as Markdown (GitHub-flavoured, with LaTeX, :colour[...] directives, :material/...: icons and
# emoji shortcodes): the body of the text elements, and the label and help of widgets and containers.
MARKDOWN_BODIES = {
    "markdown",
    "caption",
    "write",
    "info",
    "warning",
    "error",
    "success",
    "toast",
    "title",
    "header",
    "subheader",
}
MARKDOWN_LABELS = {
    "button",
    "form_submit_button",
    "link_button",
    "download_button",
    "checkbox",
    "toggle",
    "radio",
    "selectbox",
    "multiselect",
    "select_slider",
    "slider",
    "segmented_control",
    "pills",
    "text_input",
    "text_area",
    "number_input",
    "date_input",
    "time_input",
    "file_uploader",
    "color_picker",
    "expander",
    "popover",
    "status",
    "metric",
    "dialog",
    "spinner",
}
# Functions whose result is already safe inside Markdown: the escaping helper, ui helpers that escape what they
# embed or only say fixed words (verdicts, roles, states), and the formatting of numbers, dates and time zones.
SAFE_CALLS = {
    "ui.escape_md",
    "escape_md",
    "ui.escaped_lines",
    "ui.highlighted",
    "highlighted",
    "ui.verdict_words",
    "ui.role_name",
    "ui.role_names",
    "role_name",
    "role_names",
    "ui.state_words",
    "ui.local_time",
    "ui.day_label",
    "len",
    "int",
    "min",
    "max",
    "round",
    "abs",
    "sum",
}
SAFE_MODULES = {"formatting"}  # formatting.when / number / percent / zone_label ...
SAFE_METHODS = {"lower", "upper", "strip", "capitalize", "title"}  # of a safe string
# Integers by the project's naming (ids, counts, versions, lengths): no Markdown can hide in them.
MSGID_ATTRIBUTES = {"title"}  # PageSpec.title, an N_() constant shown as _(page.title)
NUMERIC_NAMES = {"id", "count", "total", "number", "version", "weighted", "limit", "page", "pages", "entries"}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _table(node: ast.AST) -> ast.AST:
    """`TABLE.items()`, `.keys()`, `.values()` and `sorted(TABLE)` run over TABLE."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("items", "keys", "values")
    ):
        return node.func.value
    if isinstance(node, ast.Call) and _dotted(node.func) in ("sorted", "list", "tuple", "reversed") and node.args:
        return node.args[0]
    return node


def _is_constant_name(node: ast.AST) -> bool:
    """A developer's table or constant (UPPER_CASE), e.g. STATE_NAMES or ui.SEVERITY_WORDS."""
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return bool(name) and name.upper() == name and any(c.isalpha() for c in name)


class _MarkdownSafety:
    """Decides whether an expression of a page is safe to hand to a Markdown element.

    Safe: literals; `_()`/`n_()` of a literal or a constant msgid whose placeholders are all safe; the escaping
    helper and the SAFE_CALLS; f-strings, `+`, `%`, `if/else`, `or`, `.join` and lookups made only of safe parts;
    integers by name (NUMERIC_NAMES, `*_id`); and a variable of the module every assignment of which (including
    `.append`/`+=`) is safe. Anything else, e.g. a loop variable, a parameter or an attribute read from a record, is
    user data until escaped."""

    def __init__(self, tree: ast.AST) -> None:
        self.parent = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        # (scope, name) -> every value bound to it: an expression, ("element", iterable) for a loop variable, None
        # for a value we cannot see (a parameter, a `with` target, an unpacked call)
        self.assigned: dict[tuple[int, str], list] = {}
        self.functions: dict[str, list[ast.AST]] = {}  # the module's functions -> what they return
        for node in ast.walk(tree):
            scope = self._scope(node)
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    self._bind(scope, target, node.value)
            elif isinstance(node, ast.AnnAssign | ast.AugAssign | ast.NamedExpr):
                self._bind(scope, node.target, node.value)
            elif isinstance(node, ast.For | ast.comprehension):
                self._bind(scope, node.target, ("element", node.iter))
            elif isinstance(node, ast.FunctionDef):
                self.functions.setdefault(node.name, []).extend(
                    r.value or ast.Constant(None) for r in ast.walk(node) if isinstance(r, ast.Return)
                )
            elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                self._bind(scope, node.optional_vars, None)
            elif isinstance(node, ast.arguments):
                for arg in [*node.posonlyargs, *node.args, *node.kwonlyargs, node.vararg, node.kwarg]:
                    if arg is not None:
                        self.assigned.setdefault((id(scope), arg.arg), []).append(None)
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.attr in ("append", "extend", "insert", "update", "add")
            ):
                for arg in node.args[-1:]:  # what goes into the list (dict) must be safe like what was there
                    added = arg if node.func.attr in ("extend", "update") else ast.List(elts=[arg])
                    self.assigned.setdefault((id(scope), node.func.value.id), []).append(added)
        self._visiting: set[str] = set()

    def _scope(self, node: ast.AST) -> ast.AST:
        """The function (or the module) a name at `node` belongs to."""
        while node in self.parent:
            node = self.parent[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.Module):
                return node
        return node

    def _bind(self, scope: ast.AST, target: ast.AST, value) -> None:
        if isinstance(target, ast.Name):
            self.assigned.setdefault((id(scope), target.id), []).append(value)
        elif isinstance(target, ast.Tuple | ast.List) and isinstance(value, tuple):  # `for k, v in TABLE.items()`
            rows = value[1].elts if isinstance(value[1], ast.Tuple | ast.List) else None
            if rows and all(isinstance(r, ast.Tuple | ast.List) and len(r.elts) == len(target.elts) for r in rows):
                for i, element in enumerate(target.elts):  # `for a, b in ((x, y), (z, t))`: a runs over x, z
                    self._bind(scope, element, ("element", ast.Tuple(elts=[r.elts[i] for r in rows])))
                return
            for element in target.elts:
                self._bind(scope, element, value)
        elif isinstance(target, ast.Tuple | ast.List) and isinstance(value, ast.IfExp):  # a, b = (x, y) if c else ...
            self._bind(scope, target, value.body)
            self._bind(scope, target, value.orelse)
        elif isinstance(target, ast.Tuple | ast.List):
            same_shape = isinstance(value, ast.Tuple | ast.List) and len(value.elts) == len(target.elts)
            for i, element in enumerate(target.elts):
                self._bind(scope, element, value.elts[i] if same_shape else None)

    def _bindings(self, name: ast.Name) -> tuple[str, list]:
        """What the name is bound to where it is read: its function's bindings, else an enclosing one's."""
        scope: ast.AST | None = self._scope(name)
        while scope is not None:
            key = (id(scope), name.id)
            if key in self.assigned:
                return f"{id(scope)}:{name.id}", self.assigned[key]
            scope = self._scope(scope) if scope in self.parent else None
        return name.id, []

    def _all(self, key: str, values: list, check) -> bool:
        """Every value passes `check`; a name met again while checking it counts as safe (a greatest fixpoint:
        `head = f(head)` is safe when f keeps a safe head safe)."""
        if not values:
            return False
        if key in self._visiting:
            return True
        self._visiting.add(key)
        try:
            return all(v is not None and check(v) for v in values)
        finally:
            self._visiting.discard(key)

    def _name(self, name: ast.Name, check) -> bool:
        def bound(value) -> bool:
            if isinstance(value, tuple):  # a loop variable: safe when what it runs over is a safe container
                return self.container(value[1])
            return check(value)

        key, values = self._bindings(name)
        return self._all(f"{check.__name__}:{key}", values, bound)

    def _loop_over_messages(self, name: ast.Name) -> bool:
        values = self._bindings(name)[1]
        return bool(values) and all(isinstance(v, tuple) and self._messages(v[1]) for v in values)

    def _constant(self, node: ast.AST) -> bool:
        """A developer's table or constant: an UPPER_CASE name (STATE_NAMES, ui.SEVERITY_WORDS) that, when this
        module assigns it, holds literals or messages only (EXECUTIVES = {e.id: e.name ...} holds user data)."""
        if not _is_constant_name(node):
            return False
        if not isinstance(node, ast.Name):
            return True  # another module's constant
        key, values = self._bindings(node)
        if not values:
            return True  # imported
        return self._all(
            f"constant:{key}",
            values,
            lambda v: not isinstance(v, tuple) and (self.container(v) or self.safe(v) or self._msgid(v)),
        )

    def aliases_markdown(self, name: ast.Name) -> bool:
        """The name holds a Markdown element (`show = st.success`, or one picked from a table of them)."""
        return any(
            value is not None
            and not isinstance(value, tuple)
            and any(isinstance(n, ast.Attribute) and n.attr in MARKDOWN_BODIES for n in ast.walk(value))
            for value in self._bindings(name)[1]
        )

    def _numeric(self, node: ast.AST) -> bool:
        name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
        return name in NUMERIC_NAMES or name.endswith(("_id", "_count", "_version"))

    def _msgid(self, node: ast.AST) -> bool:
        """A message the developers wrote: a literal, a constant, an entry of a constant table, a loop over a
        constant table (`for t in TABS: _(t)`), or a page's title (PageSpec.title is an N_() constant)."""
        if isinstance(node, ast.Constant):
            return isinstance(node.value, str)
        if isinstance(node, ast.Subscript):
            return self._constant(node.value)
        if isinstance(node, ast.Attribute) and node.attr in MSGID_ATTRIBUTES:
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
            return self._constant(node.func.value) and all(self._msgid(a) for a in node.args[1:])
        if self._constant(node):
            return True
        if isinstance(node, ast.Call) and _dotted(node.func) == "N_":
            return len(node.args) == 1 and self._msgid(node.args[0])
        if isinstance(node, ast.Name):  # a loop over messages, or a variable holding one
            key, values = self._bindings(node)
            return self._loop_over_messages(node) or self._all(
                f"msgid:{key}", values, lambda v: not isinstance(v, tuple) and self._msgid(v)
            )
        return self._constant(node)

    def _messages(self, node: ast.AST) -> bool:
        """A table or list of the developers' messages (`names = [TAB_A]; names.append(TAB_B)`)."""
        if self._constant(_table(node)):
            return True
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            return all(self._msgid(e) for e in node.elts)
        if isinstance(node, ast.Name):
            key, values = self._bindings(node)
            return self._all(f"messages:{key}", values, lambda v: not isinstance(v, tuple) and self._messages(v))
        return False

    def container(self, node: ast.AST) -> bool:
        """A list, dict or generator every shown element of which is safe."""
        if self._constant(node):
            return True
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            return all(self.safe(e) for e in node.elts)
        if isinstance(node, ast.Dict):  # values (looked up) and keys (iterated over)
            return all(
                self.container(v) if k is None else self.safe(k) and self.safe(v)  # None: `**OTHER_TABLE`
                for k, v in zip(node.keys, node.values, strict=True)
            )
        if isinstance(node, ast.ListComp | ast.GeneratorExp | ast.SetComp):
            return self.safe(node.elt)
        if isinstance(node, ast.DictComp):
            return self.safe(node.key) and self.safe(node.value)
        if isinstance(node, ast.Name):
            return self._name(node, self.container)
        if isinstance(node, ast.Call) and _table(node) is not node:
            return self.container(_table(node))
        return False

    def safe(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.JoinedStr):
            return all(self.safe(v.value) for v in node.values if isinstance(v, ast.FormattedValue))
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Add | ast.Sub | ast.Div | ast.FloorDiv) and any(
                isinstance(side, ast.Constant) and type(side.value) is int for side in (node.left, node.right)
            ):
                return True  # `n + 1`: a number (a string there would raise)
            return self.safe(node.left) and self.safe(node.right)
        if isinstance(node, ast.Tuple):  # a row of a constant table a loop unpacks
            return all(self.safe(e) for e in node.elts)
        if isinstance(node, ast.IfExp):
            return self.safe(node.body) and self.safe(node.orelse)
        if isinstance(node, ast.BoolOp):
            return all(self.safe(v) for v in node.values)
        if isinstance(node, ast.Name | ast.Attribute) and self._numeric(node):
            return True
        if isinstance(node, ast.Name):
            return self._constant(node) or self._name(node, self.safe)
        if isinstance(node, ast.Attribute):
            return self._constant(node)
        if isinstance(node, ast.Subscript):
            return self.container(node.value)
        if isinstance(node, ast.Call):
            return self._call(node)
        return False

    def _call(self, node: ast.Call) -> bool:
        func = _dotted(node.func)
        keywords_safe = all(self.safe(k.value) if k.arg is not None else self.container(k.value) for k in node.keywords)
        if func == "N_":  # marks a message: returns it unchanged
            return len(node.args) == 1 and self._msgid(node.args[0])
        if func in ("_", "i18n._"):
            return len(node.args) == 1 and self._msgid(node.args[0]) and keywords_safe
        if func in ("n_", "i18n.n_"):
            singular, plural, *count = node.args
            # the count picks the plural form (abs(count) in French): a number
            return self._msgid(singular) and self._msgid(plural) and len(count) == 1 and keywords_safe
        if func in SAFE_CALLS or func.split(".")[0] in SAFE_MODULES:
            return True
        if func in self.functions:  # a function of the page: safe when everything it returns is
            return self._all(f"function:{func}", self.functions[func], self.safe)
        if isinstance(node.func, ast.Attribute):
            receiver, method = node.func.value, node.func.attr
            if method in SAFE_METHODS:
                return self.safe(receiver)
            if method == "replace":
                return self.safe(receiver) and all(self.safe(a) for a in node.args)
            if method == "join":
                return self.safe(receiver) and len(node.args) == 1 and self.container(node.args[0])
            if method == "get":
                return self.container(receiver) and all(self.safe(a) for a in node.args[1:])
        return False


def markdown_offenders(source: str, filename: str = "<page>") -> list[str]:
    """Each value handed to a Markdown element of this source that is not known to be safe, as `file:line: code`."""
    tree = ast.parse(source)
    safety = _MarkdownSafety(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and safety.aliases_markdown(node.func):
            method = "markdown"  # `show = {"send": st.success, ...}[outcome]; show(text)`
        elif isinstance(node, ast.Call) and not isinstance(node.func, ast.Name | ast.Attribute):
            if not any(isinstance(n, ast.Attribute) and n.attr in MARKDOWN_BODIES for n in ast.walk(node.func)):
                continue
            method = "markdown"  # `(st.success if ok else st.error)(text)`
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method = node.func.attr
        else:
            continue
        if method == "write_stream":  # renders what streams in (a model's answer) as Markdown: use ui.stream_text
            found.append(f"{filename}:{node.lineno}: write_stream: {ast.unparse(node)[:120]}")
            continue
        shown: list[ast.AST] = [k.value for k in node.keywords if k.arg == "help"]
        if method in MARKDOWN_BODIES:
            shown += [*node.args, *(k.value for k in node.keywords if k.arg == "body")]
        elif method in MARKDOWN_LABELS or method == "page_link":
            shown += [k.value for k in node.keywords if k.arg == "label"]
            if method != "page_link":
                shown += node.args[:1]
        elif method == "tabs":
            shown += [a for a in node.args[:1] if not safety.container(a)][:1] and [node.args[0]]
        for value in shown:
            ok = safety.container(value) if method == "tabs" else safety.safe(value)
            if not ok:
                found.append(f"{filename}:{value.lineno}: {method}: {ast.unparse(value)[:120]}")
    return found


def _rendering_sources() -> list[Path]:
    """The pages, the router, and the ui helpers they share."""
    return [ROOT / "streamlit_app.py", *sorted((ROOT / "pages").glob("*.py")), PACKAGE / "ui.py"]


def test_no_page_hands_an_unescaped_value_to_a_markdown_element():
    """Issue 14, point 4: every value a page shows through Markdown is a literal, a translation whose placeholders
    are escaped, or passes through ui.escape_md (or a ui helper that escapes); model output streams as text."""
    offenders = []
    for path in _rendering_sources():
        offenders += markdown_offenders(path.read_text(encoding="utf-8"), path.name)
    assert offenders == []


BAD_PAGE = """
import streamlit as st
from assistant import ui
from assistant.i18n import _, n_

name = member.display_name
st.info(_("{name} is answering this mention.", name=m.claimed_by))
st.caption(f"approved by {name}")
st.markdown(draft.text)
for r in rows:
    st.write(r.comment)
left, right = st.columns(2)
left.markdown("**" + r.author + "**")
st.success(_(message))
st.expander(_("Notes by {who}", who=who))
st.tabs([t.title for t in threads])
st.button("Open", help=f"by {name}")
st.write_stream(model.stream(prompt))
show = {"send": st.success, "hold": st.warning}[outcome]
show(policy.headline)
(st.success if ok else st.error)(notice["message"])
PEOPLE = {m.id: m.name for m in members}
st.caption(PEOPLE[1])
"""

GOOD_PAGE = """
import streamlit as st
from assistant import formatting, ui
from assistant.i18n import N_, _, n_

TABS = [N_("Voice"), N_("Members")]
NAMES = {"x": "X", "linkedin": "LinkedIn"}
st.tabs([_(t) for t in TABS])
st.info(_("{name} is answering this mention (until {when}).", name=ui.escape_md(m.claimed_by),
          when=ui.local_time(m.until, tz)))
st.markdown(ui.escape_md(draft.text).replace("\\n", "  \\n"))
st.caption(n_("{count} post", "{count} posts", len(posts), zone=formatting.zone_label(tz)))
head = [f"**{ui.escape_md(p.title)}**", NAMES.get(p.platform, "?")]
head.append(_("version {version}", version=p.version_number + 1))
st.markdown(" · ".join(head))
label = _("Save") if editing else _("Create")
st.button(label, help=_("Post {id}", id=p.id))
shown = ui.day_label(day)
shown = _("**{day}** · today", day=shown) if today else shown
st.markdown(f":gray[{shown}]")
text = ui.stream_text(model.stream(prompt))
"""


def test_the_markdown_check_catches_each_unescaped_value_and_accepts_escaped_ones():
    bad = markdown_offenders(BAD_PAGE)
    expected_lines = [7, 8, 9, 11, 13, 14, 15, 16, 17, 18, 20, 21, 23]
    assert [int(o.split(":")[1]) for o in sorted(bad, key=lambda o: int(o.split(":")[1]))] == expected_lines, bad
    assert markdown_offenders(GOOD_PAGE) == []
