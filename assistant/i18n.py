"""One translation mechanism for the interface, messages, errors and e-mails.

Catalogs are gettext `.po` files under `assistant/locales/<language>/LC_MESSAGES/` (one per
area: pages, services, e-mails...), read with Babel at first use, so a translator edits them
with any PO editor and nothing generated is committed. English is the source language.

    from assistant.i18n import _, n_, N_
    st.button(_("Send back"))
    st.caption(_("{count} posts waiting", count=3))
    n_("{count} post waiting", "{count} posts waiting", count)
    LABELS = {"ok": N_("Looks fine")}   # marked for extraction; translated where shown: _(LABELS[v])

The language of the current run (a Streamlit script run, a CLI command, a worker step) is a
context variable: `set_language("fr")` or `with using("fr"): ...`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

LOCALES_DIR = Path(__file__).with_name("locales")
SOURCE_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}  # each in its own language, for the picker
LANGUAGES = tuple(LANGUAGE_NAMES)

_current: ContextVar[str] = ContextVar("language", default=SOURCE_LANGUAGE)
# Tests set this to a set: every msgid asked for in a language without a translation lands in it.
missing: set[str] | None = None


def normalise(language: str | None) -> str:
    """'fr-FR', 'fr_CA', 'FR' → 'fr'; anything unknown → English."""
    code = (language or "").replace("_", "-").split("-", 1)[0].lower()
    return code if code in LANGUAGES else SOURCE_LANGUAGE


def current_language() -> str:
    return _current.get()


def set_language(language: str | None) -> str:
    """Set the language of this run (normalised) and return it."""
    code = normalise(language)
    _current.set(code)
    return code


@contextmanager
def using(language: str | None) -> Iterator[str]:
    token = _current.set(normalise(language))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


@cache
def catalog(language: str) -> dict[str | tuple[str, str], str | tuple[str, ...]]:
    """msgid → msgstr (a tuple of plural forms for plural entries) of every .po of a language."""
    from babel.messages.pofile import read_po

    found: dict[str | tuple[str, str], str | tuple[str, ...]] = {}
    folder = LOCALES_DIR / language / "LC_MESSAGES"
    for path in sorted(folder.glob("*.po")):
        with path.open("rb") as handle:
            po = read_po(handle, locale=language)
        for message in po:
            if not message.id or message.fuzzy:
                continue
            if isinstance(message.id, tuple | list):
                forms = tuple(message.string or ())
                if forms and all(forms):
                    found[tuple(message.id)] = forms
            elif message.string:
                found[message.id] = message.string
    return found


@cache
def _plural_rule(language: str):
    from babel import Locale

    return Locale.parse(language).plural_form


def _format(text: str, values: dict) -> str:
    return text.format(**values) if values else text


def gettext(message: str, language: str | None = None, **values: object) -> str:
    """`message` in `language` (default: the current one), then `str.format(**values)`."""
    language = language or _current.get()
    if language != SOURCE_LANGUAGE and message:
        translated = catalog(language).get(message)
        if isinstance(translated, str):
            message = translated
        elif missing is not None:
            missing.add(message)
    return _format(message, values)


def ngettext(singular: str, plural: str, count: int, language: str | None = None, **values: object) -> str:
    """The form for `count` (`count` is also offered to the template)."""
    language = language or _current.get()
    values.setdefault("count", count)
    if language != SOURCE_LANGUAGE:
        forms = catalog(language).get((singular, plural))
        if isinstance(forms, tuple):
            category = _plural_rule(language)(abs(count))
            # CLDR category → gettext index: French and English have 'one' and 'other'
            index = 0 if category == "one" else min(1, len(forms) - 1)
            return _format(forms[index], values)
        if missing is not None:
            missing.add(singular)
    return _format(singular if count == 1 else plural, values)


def _(message: str, **values: object) -> str:
    return gettext(message, **values)


def n_(singular: str, plural: str, count: int, **values: object) -> str:
    return ngettext(singular, plural, count, **values)


def N_(message: str) -> str:
    """Mark a string for the catalog without translating it (constants built at import)."""
    return message
