"""Prompt templates as versioned files in `prompts/`, rendered strictly.

A template is YAML front matter (name, version, description, variables, optional
output_schema) followed by a body with a `[system]` and a `[user]` section holding
`{{variable}}` placeholders. Rendering refuses a missing or an unknown variable, so a
typo can never silently send an incomplete prompt to a model. Variables declared
`untrusted: true` are fenced as data, because they carry text written by other people
(mentions, imported posts, fetched pages, the idea itself).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import InvalidInput, NotFound

PROMPTS_DIR = Path(__file__).resolve().parents[1] / "prompts"
PLACEHOLDER = re.compile(r"\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}")
SECTION = re.compile(r"^\[(system|user)\]\s*$", re.MULTILINE)
FENCE_CHARS = re.compile(r"<<<|>>>")
REQUIRED_HEADER = ("name", "version", "description", "variables")


@dataclass(frozen=True)
class Variable:
    name: str
    description: str
    untrusted: bool = False
    default: str | None = None


@dataclass(frozen=True)
class PromptTemplate:
    name: str
    version: int
    description: str
    variables: dict[str, Variable]
    system: str
    user: str
    output_schema: dict[str, Any] | None = None
    path: Path | None = None


@dataclass(frozen=True)
class RenderedPrompt:
    """What goes to the model, plus the identity the generation record keeps."""

    name: str
    version: int
    messages: list[dict[str, str]]
    output_schema: dict[str, Any] | None = None
    untrusted_fences: dict[str, str] = field(default_factory=dict)


def parse_template(text: str, source: str = "<string>") -> PromptTemplate:
    """Parse and validate one template file's text; errors name the file and the fix."""
    if not text.startswith("---"):
        raise InvalidInput(f"Prompt file {source} must start with '---' YAML front matter.")
    try:
        _, header_text, body = text.split("---", 2)
        header = yaml.safe_load(header_text) or {}
    except (ValueError, yaml.YAMLError) as exc:
        raise InvalidInput(f"Prompt file {source}: the front matter is not valid YAML ({exc}).") from exc
    if not isinstance(header, dict):
        raise InvalidInput(f"Prompt file {source}: the front matter must be a mapping.")
    missing = [key for key in REQUIRED_HEADER if key not in header]
    if missing:
        raise InvalidInput(f"Prompt file {source}: the header lacks {', '.join(missing)}.")
    if not isinstance(header["version"], int) or header["version"] < 1:
        raise InvalidInput(f"Prompt file {source}: version must be a positive integer.")
    variables = _parse_variables(header["variables"] or {}, source)
    sections = _split_sections(body, source)
    used = {m.group(1) for part in sections.values() for m in PLACEHOLDER.finditer(part)}
    undeclared = sorted(used - variables.keys())
    if undeclared:
        raise InvalidInput(f"Prompt file {source}: placeholder(s) {', '.join(undeclared)} are not declared.")
    unused = sorted(variables.keys() - used)
    if unused:
        raise InvalidInput(f"Prompt file {source}: declared variable(s) {', '.join(unused)} are never used.")
    schema = header.get("output_schema")
    if schema is not None and not isinstance(schema, dict):
        raise InvalidInput(f"Prompt file {source}: output_schema must be a JSON schema mapping.")
    return PromptTemplate(
        name=str(header["name"]),
        version=header["version"],
        description=str(header["description"]).strip(),
        variables=variables,
        system=sections["system"],
        user=sections["user"],
        output_schema=schema,
        path=Path(source) if source != "<string>" else None,
    )


def _parse_variables(raw: Any, source: str) -> dict[str, Variable]:
    if not isinstance(raw, dict):
        raise InvalidInput(f"Prompt file {source}: variables must map each name to its description.")
    variables = {}
    for name, spec in raw.items():
        spec = {"description": spec} if isinstance(spec, str) else (spec or {})
        if not isinstance(spec, dict) or "description" not in spec:
            raise InvalidInput(f"Prompt file {source}: variable '{name}' needs a description.")
        default = spec.get("default")
        variables[str(name)] = Variable(
            name=str(name),
            description=str(spec["description"]),
            untrusted=bool(spec.get("untrusted", False)),
            default=None if default is None else str(default),
        )
    return variables


def _split_sections(body: str, source: str) -> dict[str, str]:
    parts = SECTION.split(body)
    # parts = [preamble, "system", text, "user", text]
    sections = {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
    if set(sections) != {"system", "user"} or parts[0].strip():
        raise InvalidInput(f"Prompt file {source}: the body needs exactly a [system] and a [user] section.")
    return sections


@lru_cache(maxsize=64)
def _load_cached(path: Path, mtime_ns: int) -> PromptTemplate:
    return parse_template(path.read_text(encoding="utf-8"), str(path))


def load_template(name: str, directory: Path | None = None) -> PromptTemplate:
    """Load `prompts/<name>.md` (validated; cached until the file changes)."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise InvalidInput(f"Prompt name '{name}' may only hold lower-case letters, digits and '_'.")
    path = (directory or PROMPTS_DIR) / f"{name}.md"
    if not path.is_file():
        raise NotFound(f"Prompt template '{name}' not found at {path}.")
    template = _load_cached(path, path.stat().st_mtime_ns)
    if template.name != name:
        raise InvalidInput(f"Prompt file {path} declares name '{template.name}'; rename one to match.")
    return template


def list_templates(directory: Path | None = None) -> list[PromptTemplate]:
    """Every template in the directory, validated (a broken file raises)."""
    folder = directory or PROMPTS_DIR
    return [load_template(p.stem, folder) for p in sorted(folder.glob("*.md"))]


def fence(name: str, text: str) -> tuple[str, str]:
    """Wrap untrusted text in markers it cannot close or imitate.

    The marker id is derived from the text itself, so the text would have to contain
    its own hash to forge the end marker; fence characters inside are neutralised too.
    """
    clean = FENCE_CHARS.sub(lambda m: "‹‹‹" if m.group(0) == "<<<" else "›››", text)
    tag = "DATA-" + hashlib.sha256(f"{name}\0{clean}".encode()).hexdigest()[:10]
    return f"<<<{tag} {name}>>>\n{clean}\n<<<END {tag}>>>", tag


def render(template: PromptTemplate | str, variables: dict[str, Any]) -> RenderedPrompt:
    """Render strictly: every declared variable without a default must be given, no others."""
    if isinstance(template, str):
        template = load_template(template)
    label = f"Prompt '{template.name}' v{template.version}"
    unknown = sorted(set(variables) - template.variables.keys())
    if unknown:
        raise InvalidInput(f"{label} has no variable named {', '.join(map(repr, unknown))}.")
    values: dict[str, str] = {}
    fences: dict[str, str] = {}
    for name, spec in template.variables.items():
        if name in variables and variables[name] is not None:
            value = variables[name]
            if not isinstance(value, str | int | float):
                raise InvalidInput(f"{label}: variable '{name}' must be text, not {type(value).__name__}.")
            value = str(value)
        elif spec.default is not None:
            value = spec.default
        else:
            raise InvalidInput(f"{label} needs variable '{name}' ({spec.description}).")
        if spec.untrusted:
            value, fences[name] = fence(name, value)
        values[name] = value

    def fill(part: str) -> str:
        # One pass over the template text only: a value containing "{{x}}" stays literal.
        return PLACEHOLDER.sub(lambda m: values[m.group(1)], part)

    messages = [
        {"role": "system", "content": fill(template.system)},
        {"role": "user", "content": fill(template.user)},
    ]
    return RenderedPrompt(template.name, template.version, messages, template.output_schema, fences)
