"""Prompt templates: every file in prompts/ is valid; rendering is strict."""

from __future__ import annotations

import pytest

from assistant.errors import InvalidInput, NotFound
from assistant.prompts import list_templates, load_template, parse_template, render

EXPECTED = {"draft_posts", "rewrite", "reply_mention", "readers_review"}

MINIMAL = """---
name: demo
version: 2
description: a demo
variables:
  who: {description: "a name"}
  note: {description: "free text", untrusted: true, default: "(none)"}
---
[system]
Greet {{who}}.
[user]
{{ note }}
"""


def test_every_shipped_template_is_valid_and_declares_a_header():
    templates = {t.name: t for t in list_templates()}
    assert EXPECTED <= set(templates)
    for template in templates.values():
        assert template.version >= 1
        assert template.description
        assert template.output_schema is not None, f"{template.name} must declare structured output"
        assert all(v.description for v in template.variables.values())


def test_render_returns_messages_and_identity():
    rendered = render(parse_template(MINIMAL), {"who": "Ana"})
    assert (rendered.name, rendered.version) == ("demo", 2)
    assert rendered.messages[0] == {"role": "system", "content": "Greet Ana."}
    assert "(none)" in rendered.messages[1]["content"]  # default used


def test_missing_variable_is_named():
    with pytest.raises(InvalidInput, match="needs variable 'who'"):
        render(parse_template(MINIMAL), {})


def test_unknown_variable_is_named():
    with pytest.raises(InvalidInput, match="'whom'"):
        render(parse_template(MINIMAL), {"who": "Ana", "whom": "Bo"})


def test_non_text_value_is_refused():
    with pytest.raises(InvalidInput, match="must be text"):
        render(parse_template(MINIMAL), {"who": ["Ana"]})


def test_values_are_not_re_expanded():
    rendered = render(parse_template(MINIMAL), {"who": "{{note}}", "note": "x"})
    assert rendered.messages[0]["content"] == "Greet {{note}}."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no front matter", "must start with"),
        ("---\nname: x\n---\n[system]\na\n[user]\nb", "lacks version, description, variables"),
        (MINIMAL.replace("Greet {{who}}.", "Greet {{who}} {{extra}}."), "extra are not declared"),
        (MINIMAL.replace("Greet {{who}}.", "Greet."), "who are never used"),
        (MINIMAL.replace("[user]", "[assistant]"), r"exactly a \[system\] and a \[user\]"),
        (MINIMAL.replace("version: 2", "version: two"), "positive integer"),
        (MINIMAL.replace('who: {description: "a name"}', "who: {}"), "needs a description"),
    ],
)
def test_broken_templates_are_refused_with_the_reason(text, message):
    with pytest.raises(InvalidInput, match=message):
        parse_template(text, "demo.md")


def test_load_by_name_and_errors(tmp_path):
    (tmp_path / "demo.md").write_text(MINIMAL, encoding="utf-8")
    assert load_template("demo", tmp_path).version == 2
    with pytest.raises(NotFound, match="nope"):
        load_template("nope", tmp_path)
    with pytest.raises(InvalidInput):
        load_template("../etc/passwd", tmp_path)
    (tmp_path / "other.md").write_text(MINIMAL, encoding="utf-8")
    with pytest.raises(InvalidInput, match="declares name 'demo'"):
        load_template("other", tmp_path)


def test_reload_after_edit(tmp_path):
    path = tmp_path / "demo.md"
    path.write_text(MINIMAL, encoding="utf-8")
    assert load_template("demo", tmp_path).version == 2
    import os

    path.write_text(MINIMAL.replace("version: 2", "version: 3"), encoding="utf-8")
    os.utime(path, ns=(1, 10**18))
    assert load_template("demo", tmp_path).version == 3


def test_shipped_templates_render_with_their_declared_variables():
    for template in list_templates():
        values = {n: f"<{n}>" for n, v in template.variables.items() if v.default is None}
        rendered = render(template, values)
        assert len(rendered.messages) == 2
        assert "{{" not in rendered.messages[0]["content"] + rendered.messages[1]["content"]
