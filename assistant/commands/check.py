"""`python -m assistant check [--platform x|linkedin] [--json | --jsonl] [FILE|-]`.

Exit codes: 0 ok, 1 needs review (a warning), 3 blocked; in --jsonl mode the worst
verdict of the batch, and 4 when some input line could not be checked (its output line
says why). 2 is a usage or configuration error (argparse and the CLI's AssistantError).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, BinaryIO

from assistant.errors import InvalidInput

EXIT = {"ok": 0, "needs_review": 1, "block": 3}
EXIT_BAD_LINES = 4
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
        raw = source.read()
    finally:
        if source is not sys.stdin.buffer:
            source.close()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{args.file} is not UTF-8 text (byte {exc.start}): save it as UTF-8") from exc
    from assistant.checklist import check_text

    result = check_text(text.removesuffix("\n"), args.platform, config, lang=lang)
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


def _run_batch(source: BinaryIO, default_platform: str, config: Any, lang: str | None = None) -> int:
    from assistant.checklist import check_text

    worst, bad = 0, False
    out = sys.stdout
    block: list[str] = []  # output lines, written a block at a time
    write = block.append
    dumps = json.dumps
    encode = json.JSONEncoder(ensure_ascii=False).encode  # what dumps(..., ensure_ascii=False) builds per call
    try:
        for number, raw in enumerate(source, start=1):
            if len(block) >= 512:
                out.write("".join(block))
                block.clear()
            if not raw.strip():
                continue
            item_id: Any = None
            try:
                line = raw.decode("utf-8")
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None
                if not isinstance(item, dict):
                    raise ValueError("the line is not a JSON object")
                item_id = item.get("id")
                text = item.get("text")
                if not isinstance(text, str):
                    raise ValueError('missing "text" (a string)')
                platform = item.get("platform") or default_platform
                result = check_text(text, platform, config, lang=lang)
            except UnicodeDecodeError as exc:
                bad = True
                message = f"line {number} is not UTF-8 (byte {exc.start + 1}): re-encode the file as UTF-8"
                write(dumps({"id": None, "line": number, "error": message}) + "\n")
                continue
            except (ValueError, InvalidInput) as exc:
                bad = True
                write(encode({"id": item_id, "line": number, "error": f"line {number}: {exc}"}) + "\n")
                continue
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
    return EXIT_BAD_LINES if bad else worst
