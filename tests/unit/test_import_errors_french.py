"""A French member importing a mention file reads each bad row's reason in French (issue 13)."""

from __future__ import annotations

from assistant import i18n
from assistant.imports import parse_x_v2_lines


def test_bad_rows_are_reported_row_by_row_in_the_member_language() -> None:
    lines = [
        "{not json",
        '{"data": [{"id": "7", "text": "hi", "created_at": "2026-11-02T10:00:00Z"}]}',
        '{"data": [{"id": "8", "author_id": "1", "text": "ok", "created_at": "hier"}]}',
    ]
    with i18n.using("fr"):
        result = parse_x_v2_lines(lines)
    reasons = {e.line: e.reason for e in result.errors}
    assert reasons[1].startswith("JSON invalide (")
    assert reasons[2].endswith("la publication 7 n'a pas d'author_id (demandez l'expansion author_id)")
    assert "la publication 8 a pour created_at 'hier', qui n'est pas une date ISO 8601" in reasons[3]
    english = parse_x_v2_lines(lines)
    assert "post 8 has created_at 'hier', not an ISO 8601 time" in {e.line: e.reason for e in english.errors}[3]
