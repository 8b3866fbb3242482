"""Reading import files: the only I/O of the import parsers."""

from __future__ import annotations

from pathlib import Path

from assistant.errors import InvalidInput
from assistant.i18n import _


def read_utf8(path: str | Path) -> str:
    """The whole file as text; a file that is not UTF-8 is refused, naming the line and byte."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InvalidInput(
            _(
                "line {line} is not UTF-8 (byte {byte}): re-encode the file as UTF-8; nothing was imported",
                line=line,
                byte=exc.start + 1,
            )
        ) from None
