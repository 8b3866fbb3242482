"""`python -m assistant check [--platform x|linkedin] [--json | --jsonl] [FILE|-]`.

Exit codes: 0 ok, 1 needs review (a warning), 3 blocked; in --jsonl mode the worst
verdict of the batch, and 4 when some input line could not be checked (its output line
says why: not JSON, nested too deeply, no text, a text over the size bound...; the other
lines are still checked). 2 is a usage or configuration error (argparse and the CLI's
AssistantError), a text over 25,000 characters, or an input with nothing to check (empty,
or no line that could be checked).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, BinaryIO

from assistant.domain.limits import MAX_CHECK_CHARS
from assistant.errors import InvalidInput
from assistant.i18n import _, n_

EXIT = {"ok": 0, "needs_review": 1, "block": 3}
EXIT_BAD_LINES = 4
# Bytes read for one text: UTF-8 takes at most 4 bytes a character; a JSON line at most 12
# ("\ud83d\ude00" for one emoji) plus the other fields. Larger input is refused unread.
MAX_TEXT_BYTES = 4 * MAX_CHECK_CHARS  # (+ 1 for a final newline)
MAX_LINE_BYTES = 12 * MAX_CHECK_CHARS + 4_096
_ICON = {"block": "BLOCK", "warn": "WARN ", "info": "info "}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help="run the pre-publish checklist on a post (or a JSONL batch)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--platform", choices=("x", "linkedin"), default="x", help="where it will be posted (x)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true", help="write the result as one JSON object")
    mode.add_argument("--jsonl", action="store_true", help='read lines {"id", "text", "platform"}, write one per line')
    parser.add_argument("--config", help="workspace checklist settings (YAML or JSON) on top of the defaults")
    parser.add_argument(
        "--language",
        default="auto",
        help="the posts' language (en, fr, ...); auto detects it per post (default), both rule sets when unsure",
    )
    parser.add_argument("file", nargs="?", default="-", help="the post text, or - for standard input (default)")
    parser.set_defaults(func=run)


def _open(path: str) -> BinaryIO:
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")  # noqa: SIM115 - closed by the caller
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from exc


def run(args: argparse.Namespace) -> int:
    from assistant.checklist.loader import load_config

    config = load_config(args.config)
    lang = None if args.language == "auto" else args.language
    if lang is not None and lang not in config.codes:
        raise InvalidInput(f"--language {lang!r} has no rules: use auto or one of {', '.join(config.codes)}")
    source = _open(args.file)
    try:
        if args.jsonl:
            return _run_batch(source, args.platform, config, lang)
        # one byte more than the longest text (and its newline) can take: beyond, it is over the bound
        raw = source.read(MAX_TEXT_BYTES + 2)
    finally:
        if source is not sys.stdin.buffer:
            source.close()
    if len(raw) > MAX_TEXT_BYTES + 1:
        raise InvalidInput(_too_long(None))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{args.file} is not UTF-8 text (byte {exc.start}): save it as UTF-8") from exc
    text = text.removesuffix("\n")
    if len(text) > MAX_CHECK_CHARS:
        raise InvalidInput(_too_long(len(text)))
    from assistant.checklist import check_text

    result = check_text(text, args.platform, config, lang=lang)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        _print_human(result)
    return EXIT[result.verdict]


def _print_human(result: Any) -> None:
    length = result.length
    print(f"verdict: {result.verdict}")
    fits = "fits" if length.valid else "does not fit"
    print(f"length: {length.weighted}/{length.limit} ({fits} on {result.platform})")
    print(f"authenticity: {result.authenticity_score}/100")
    print(f"language: {result.language}")
    for f in result.findings:
        print(f"{_ICON[f.severity]} {f.category:<12} {f.rule:<28} [{f.start}:{f.end}] {f.message}")
    if not result.findings:
        print("no findings")


def _too_long(count: int | None) -> str:
    """Why a text over the bound was not checked; `count` None when it was not even read whole."""
    from assistant.formatting import number

    if count is None:
        return _(
            "the text is over {limit} characters, the most a post can hold: it was not checked",
            limit=number(MAX_CHECK_CHARS),
        )
    return _(
        "the text has {count} characters, over the {limit} a post can hold: it was not checked",
        count=number(count),
        limit=number(MAX_CHECK_CHARS),
    )


def _lines(source: BinaryIO) -> Any:
    """(number, bytes or None) for each line; None for a line over MAX_LINE_BYTES, which is
    skipped to its end without being kept in memory."""
    number = 0
    while True:
        raw = source.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while (rest := source.readline(65_536)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        yield number, raw


def _parse(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(_("not JSON ({reason} at column {column})", reason=exc.msg, column=exc.colno)) from None
    except RecursionError:  # "[[[[..." deep enough to exhaust the parser's stack
        raise ValueError(_("the JSON is nested too deeply to read")) from None


def _run_batch(source: BinaryIO, default_platform: str, config: Any, lang: str | None = None) -> int:
    from assistant.checklist import check_text

    worst, bad, checked = 0, 0, 0
    out = sys.stdout
    block: list[str] = []  # output lines, written a block at a time
    write = block.append
    dumps = json.dumps
    encode = json.JSONEncoder(ensure_ascii=False).encode  # what dumps(..., ensure_ascii=False) builds per call
    try:
        for number, raw in _lines(source):
            if len(block) >= 512:
                out.write("".join(block))
                block.clear()
            if raw is not None and not raw.strip():
                continue
            item_id: Any = None
            try:
                if raw is None:
                    raise ValueError(_too_long(None))
                item = _parse(raw)
                if not isinstance(item, dict):
                    raise ValueError(_("the line is not a JSON object"))
                item_id = item.get("id")
                text = item.get("text")
                if not isinstance(text, str):
                    raise ValueError(_('missing "text" (a string)'))
                if len(text) > MAX_CHECK_CHARS:
                    raise ValueError(_too_long(len(text)))
                platform = item.get("platform") or default_platform
                result = check_text(text, platform, config, lang=lang)
            except UnicodeDecodeError as exc:
                bad += 1
                message = _(
                    "line {number} is not UTF-8 (byte {byte}): re-encode the file as UTF-8",
                    number=number,
                    byte=exc.start + 1,
                )
                write(dumps({"id": None, "line": number, "error": message}) + "\n")
                continue
            except (ValueError, InvalidInput) as exc:
                bad += 1
                if not isinstance(item_id, str | int | float | bool | None):
                    item_id = None  # an id that is itself a deep structure is not echoed back
                error = _("line {number}: {reason}", number=number, reason=str(exc))
                write(encode({"id": item_id, "line": number, "error": error}) + "\n")
                continue
            checked += 1
            worst = max(worst, EXIT[result.verdict])
            record = {
                "id": item_id,
                "verdict": result.verdict,
                "findings": [f.to_dict() for f in result.findings],
                "length": result.length.to_dict(),
            }
            write(encode(record) + "\n")
    finally:  # lines already checked are written even if the batch stops
        out.write("".join(block))
        out.flush()
    if not checked:
        if bad:
            raise InvalidInput(
                n_(
                    "nothing to check: the only line could not be checked (its error is above)",
                    "nothing to check: none of the {count} lines could be checked (each one's error is above)",
                    bad,
                )
            )
        raise InvalidInput(
            _(
                "nothing to check: the input is empty; give one JSON object a line, {example}",
                example='{"id": 1, "text": "..."}',
            )
        )
    return EXIT_BAD_LINES if bad else worst
