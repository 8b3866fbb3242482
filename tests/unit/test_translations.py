"""Every message of the product has a French translation, and no page shows a string that cannot have one.

The messages are extracted with Babel from the code, the way a translator's tools see them (`_`, `n_`, `N_`),
and looked up in the merged French catalog (`assistant.i18n.catalog("fr")`). Each test is parametrised per
source file or per catalog, so a failure names the file and lists every message at fault; run one file with
`-k pages/account.py`.
"""

from __future__ import annotations

import ast
import re
import string
from functools import cache
from pathlib import Path

import pytest
import streamlit as st
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po
from streamlit.delta_generator import DeltaGenerator

from assistant import i18n

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "n_": (1, 2), "N_": None}
METHOD_MAP = [("**.py", "python")]
PO_FILES = sorted((i18n.LOCALES_DIR / "fr" / "LC_MESSAGES").glob("*.po"))


def _source_files() -> list[str]:
    """Relative paths of every .py that may hold a message: assistant/, pages/ and the root scripts."""
    found = [p for folder in ("assistant", "pages") for p in (ROOT / folder).rglob("*.py")]
    found += ROOT.glob("*.py")
    return sorted(str(p.relative_to(ROOT)) for p in found if "__pycache__" not in p.parts)


@cache
def _extracted() -> dict[str, list[tuple[int, str | tuple[str, str]]]]:
    """Relative file → [(line, msgid or (singular, plural))], as Babel extracts them."""
    messages: dict[str, list[tuple[int, str | tuple[str, str]]]] = {}
    for folder in ("assistant", "pages"):
        for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT / folder, METHOD_MAP, keywords=KEYWORDS
        ):
            messages.setdefault(f"{folder}/{filename}", []).append((lineno, message))
    for path in sorted(ROOT.glob("*.py")):  # the root scripts, without walking tests/, scripts/ ...
        for lineno, message, _comments, _context in extract_from_file("python", path, keywords=KEYWORDS):
            messages.setdefault(path.name, []).append((lineno, message))
    return messages


def _fields(text: str) -> set[str]:
    """The `{name}` placeholders of a message. Only names count: French may write « {x} » where English has
    {x!r}, but a name missing or invented would lose a value or raise KeyError at `str.format`."""
    return {name for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name is not None}


def test_the_extraction_finds_the_messages():
    """A guard on the guard: the extraction sees the files and messages the other tests check."""
    extracted = _extracted()
    assert "streamlit_app.py" in extracted
    assert any(m == "Sign in" for _line, m in extracted["assistant/ui.py"])
    assert sum(len(v) for v in extracted.values()) > 200


@pytest.mark.parametrize("source", _source_files())
def test_every_message_has_a_french_translation(source):
    french = i18n.catalog("fr")
    faults = []
    for line, message in _extracted().get(source, []):
        if isinstance(message, tuple):
            singular, plural = message[:2]
            forms = french.get((singular, plural))
            if not isinstance(forms, tuple) or len(forms) < 2 or not all(forms):
                faults.append(f"{source}:{line}: no French plural forms for {singular!r} / {plural!r}")
            elif any(_fields(f) - (_fields(singular) | _fields(plural)) for f in forms):
                faults.append(f"{source}:{line}: a French form of {singular!r} has a placeholder the English lacks")
        else:
            translated = french.get(message)
            if not isinstance(translated, str) or not translated.strip():
                faults.append(f"{source}:{line}: no French translation for {message!r}")
    assert not faults, f"{len(faults)} message(s) of {source} without French:\n" + "\n".join(faults)


def test_no_placeholder_is_named_like_a_parameter_of_gettext():
    """`_("... {language}", language=x)` hands x to gettext's own `language` parameter (the placeholder then
    raises KeyError); the same for `message`, and `singular` / `plural` of n_."""
    reserved = {"language", "message", "singular", "plural"}
    faults = [
        f"{source}:{line}: {message!r}"
        for source, found in sorted(_extracted().items())
        for line, message in found
        if any(_fields(m) & reserved for m in (message if isinstance(message, tuple) else (message,)))
    ]
    assert not faults, "placeholders named like a parameter of gettext:\n" + "\n".join(faults)


def test_no_message_is_an_f_string():
    """`_(f"...")` cannot be looked up (the text changes with its values) and Babel skips it: use placeholders."""
    faults = []
    for source in _source_files():
        tree = ast.parse((ROOT / source).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"_", "n_", "N_"}
                and any(isinstance(a, ast.JoinedStr) for a in node.args[:2])
            ):
                faults.append(f"{source}:{node.lineno}: {ast.unparse(node)[:90]}")
    assert not faults, f"{len(faults)} f-string message(s):\n" + "\n".join(faults)


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: p.name)
def test_placeholders_are_the_same_in_english_and_french(po):
    with po.open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    faults = []
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            english = _fields(message.id[0]) | _fields(message.id[1])
            for index, form in enumerate(message.string or ()):
                # French may say the count in words in the singular ("une publication"), never invent one
                if form and (_fields(form) - english or (index > 0 and _fields(form) != _fields(message.id[1]))):
                    faults.append(f"{po.name}:{message.lineno}: {message.id[0]!r} form {index}: {form!r}")
        elif message.string and _fields(message.string) != _fields(message.id):
            faults.append(f"{po.name}:{message.lineno}: {message.id!r} → {message.string!r}")
    assert not faults, f"{len(faults)} placeholder mismatch(es) in {po.name}:\n" + "\n".join(faults)


def test_no_message_is_defined_in_two_catalogs():
    """The loader merges the .po files; a msgid in two of them would be translated by whichever comes last."""
    seen: dict[object, str] = {}
    faults = []
    for po in PO_FILES:
        with po.open("rb") as handle:
            for message in read_po(handle, locale="fr"):
                if not message.id:
                    continue
                key = tuple(message.id) if isinstance(message.id, tuple | list) else message.id
                if key in seen:
                    faults.append(f"{key!r} in {seen[key]} and {po.name}")
                seen.setdefault(key, po.name)
    assert not faults, f"{len(faults)} message(s) defined twice:\n" + "\n".join(faults)


# -- no bare string on screen ------------------------------------------------------------------------------------

# Every element and widget name (st.button, column.metric, st.column_config.TextColumn...).
_ST_NAMES = {n for n in dir(DeltaGenerator) if not n.startswith("_")} | {
    n for n in dir(st) if not n.startswith("_") and callable(getattr(st, n, None))
}
_ST_NAMES |= {n for n in dir(st.column_config) if n.endswith("Column")}
# Calls whose string arguments are keys, paths or settings, never shown.
_NOT_SHOWN = {
    "form",
    "container",
    "columns",
    "empty",
    "switch_page",
    "login",
    "logout",
    "rerun",
    "stop",
    "navigation",
    "cache_data",
    "cache_resource",
    "fragment",
    "get_option",
    "set_option",
    "html",
    "code",
    "json",
    "text",  # st.text shows someone's words as text (a post, a mention), not the interface's
    "id",
}
_FIRST_IS_A_PAGE = {"page_link", "Page"}  # st.page_link("pages/review.py", label=...), st.Page(path, title=...)
_SHOWN_KEYWORDS = {"label", "help", "placeholder", "caption", "title", "page_title", "body"}
_TRANSLATORS = {"_", "n_"}
# Markdown that is not words: colour and badge directives, material icons.
_DIRECTIVES = re.compile(
    r"https?://\S*|:material/[a-z0-9_]+:|:?[a-z]*-?(?:badge|background)\[|:(?:red|orange|green|blue|gray|grey|violet|rainbow|primary)\[",
)
_LETTER = re.compile(r"[^\W\d_]{2,}")  # a word: one letter alone is a symbol ("X", "v2")


def _is_words(text: str) -> bool:
    """True when a literal holds words a person reads (not punctuation, emoji, separators, directives or URLs)."""
    return bool(_LETTER.search(_DIRECTIVES.sub("", text)))


def _bare(node: ast.expr) -> bool:
    """A string literal, or an f-string whose literal parts hold words, not wrapped in _() / n_()."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return _is_words(node.value)
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and _is_words(str(v.value)) for v in node.values)
    return False


def _called_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _bare_strings(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    faults = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _called_name(node)
        if name is None or name not in _ST_NAMES or name in _NOT_SHOWN:
            continue
        shown = list(node.args[1:] if name in _FIRST_IS_A_PAGE else node.args)
        if name == "tabs" and node.args and isinstance(node.args[0], ast.List | ast.Tuple):
            shown += node.args[0].elts  # st.tabs(["Voice", ...]): each label is shown
        shown += [k.value for k in node.keywords if k.arg in _SHOWN_KEYWORDS]
        for arg in shown:
            if _bare(arg):
                faults.append(f"{path.relative_to(root)}:{arg.lineno}: {name}({ast.unparse(arg)[:80]})")
    return faults


SCREEN_FILES = sorted([*(ROOT / "pages").glob("*.py"), ROOT / "assistant" / "ui.py"])


@pytest.mark.parametrize("path", SCREEN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_shows_a_bare_string(path):
    faults = _bare_strings(path)
    assert not faults, f"{len(faults)} string(s) shown without _() in {path.name}:\n" + "\n".join(faults)


def test_the_bare_string_check_catches_what_it_should(tmp_path):
    """The scanner itself: bare labels and f-strings with words fail, wrapped ones, keys and icons pass."""
    page = tmp_path / "page.py"
    page.write_text(
        "import streamlit as st\n"
        "from assistant.i18n import _\n"
        "st.title('Inbox')\n"  # bare
        "col.metric(f'{n} posts', 3)\n"  # an f-string with words
        "st.button('Go on', help=f'Open {n}')\n"  # bare label and help
        "st.title(_('Inbox'))\n"
        "st.markdown(f'**{name}** · {when}')\n"  # markdown around data only
        "st.markdown(f':{c}-badge[{w}] **{x}**')\n"
        "st.button(_('Go'), icon=':material/edit:', key='go_button')\n"
        "st.form('sign_in')\n"
        "st.page_link('pages/review.py', label=_('Open'))\n"
        "st.caption('·')\n",
        encoding="utf-8",
    )
    faults = [f.split(": ", 1)[1] for f in _bare_strings(page, root=tmp_path)]
    assert faults == ["title('Inbox')", "metric(f'{n} posts')", "button('Go on')", "button(f'Open {n}')"]
