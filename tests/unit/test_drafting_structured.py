"""Tolerant JSON parsing, schema checks, and readable text from a half-received answer."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.drafting.structured import DraftTextStream, parse_json_answer, partial_texts, schema_problems
from assistant.prompts import load_template


@pytest.mark.parametrize(
    "answer",
    ['{"a": 1}', '```json\n{"a": 1}\n```', 'Sure! Here it is: {"a": 1} Hope it helps.', '```\n{"a": 1}```'],
)
def test_parse_json_answer(answer):
    assert parse_json_answer(answer) == {"a": 1}


def test_parse_json_answer_refuses_prose():
    with pytest.raises(ValueError):
        parse_json_answer("I cannot help with that.")


def test_schema_problems_against_a_shipped_schema():
    schema = load_template("readers_review").output_schema
    good = {"readers": [{"reader": "family", "risk": "low", "reason": "fine"}]}
    assert schema_problems(good, schema) == []
    bad = {"readers": [{"reader": "boss", "risk": 3}]}
    problems = schema_problems(bad, schema)
    assert "$.readers[0].reason is missing" in problems
    assert any("boss" in p for p in problems) and any("should be string" in p for p in problems)
    assert schema_problems({"x": True}, {"type": "object", "properties": {"x": {"type": "integer"}}})


@given(st.lists(st.text(max_size=40), min_size=1, max_size=3), st.integers(min_value=1, max_value=15))
def test_streamed_text_equals_the_final_texts_for_any_chunking(texts, size):
    raw = json.dumps({"drafts": [{"angle": "a", "text": t} for t in texts]})
    stream = DraftTextStream(separator="|")
    shown = "".join(stream.feed(raw[i : i + size]) for i in range(0, len(raw), size))
    assert shown == "|".join(texts)
    assert partial_texts(raw) == texts
