"""Parse and check a model's JSON answer; pull draft texts out of a half-received answer.

Servers without json_schema support (older Ollama, some vLLM builds) return JSON in
prose or code fences, so parsing is tolerant and validation is done here, on a small
subset of JSON Schema (type, properties, required, items, enum).
"""

from __future__ import annotations

import json
import re
from typing import Any

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)
_TYPES = {"object": dict, "array": list, "string": str, "integer": int, "number": (int, float), "boolean": bool}


def parse_json_answer(text: str) -> Any:
    """The JSON value in a model answer (bare, fenced, or embedded in prose); ValueError if none."""
    candidates = [text.strip(), *(m.group(1).strip() for m in _FENCE.finditer(text))]
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        candidates.append(text[start : end + 1])
    for candidate in candidates:
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    raise ValueError("the answer holds no JSON object")


def schema_problems(value: Any, schema: dict[str, Any], path: str = "$") -> list[str]:
    """Every way `value` breaks `schema` (empty when it conforms)."""
    expected = schema.get("type")
    if expected:
        # bool is an int in Python, not in JSON.
        fits = isinstance(value, _TYPES[expected]) and (expected == "boolean" or not isinstance(value, bool))
        if not fits:
            return [f"{path} should be {expected}, got {type(value).__name__}"]
    problems = []
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{path} should be one of {schema['enum']}, got {value!r}")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                problems.append(f"{path}.{key} is missing")
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                problems.extend(schema_problems(value[key], sub, f"{path}.{key}"))
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            problems.extend(schema_problems(item, schema["items"], f"{path}[{index}]"))
    return problems


_TEXT_FIELD = re.compile(r'"text"\s*:\s*"')


def partial_texts(buffer: str) -> list[str]:
    """The "text" string values in a JSON answer still arriving, the last one possibly partial."""
    texts = []
    for match in _TEXT_FIELD.finditer(buffer):
        chars, i = [], match.end()
        while i < len(buffer):
            char = buffer[i]
            if char == '"':
                break
            if char == "\\":
                escape = _escape_at(buffer, i)
                if escape is None:
                    break  # incomplete escape: wait for the next chunk
                try:
                    chars.append(json.loads(f'"{escape}"'))
                except ValueError:
                    chars.append(escape)
                i += len(escape)
                continue
            chars.append(char)
            i += 1
        texts.append("".join(chars))
    return texts


def _escape_at(buffer: str, i: int) -> str | None:
    """The whole escape starting at i (a surrogate pair counts as one), or None if cut off."""
    if buffer[i + 1 : i + 2] != "u":
        return buffer[i : i + 2] if len(buffer) >= i + 2 else None
    escape = buffer[i : i + 6]
    if len(escape) < 6:
        return None
    if escape[2:4].lower() in ("d8", "d9", "da", "db"):  # high surrogate: needs its pair
        pair = buffer[i : i + 12]
        return pair if len(pair) == 12 else None
    return escape


class DraftTextStream:
    """Turn raw JSON chunks into readable text chunks: the drafts as they are written."""

    def __init__(self, separator: str = "\n\n---\n\n") -> None:
        self.buffer = ""
        self.shown = ""
        self.separator = separator

    def feed(self, chunk: str) -> str:
        self.buffer += chunk
        display = self.separator.join(partial_texts(self.buffer))
        if not display.startswith(self.shown):
            return ""  # never take back what was shown
        new, self.shown = display[len(self.shown) :], display
        return new
