"""Hostile and malformed input, generated with hypothesis: a clear error or a clean result, never a
crash, and never a half-written import."""

from __future__ import annotations

import io
import json
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from assistant.checklist.loader import default_config
from assistant.commands import check as check_command
from assistant.errors import InvalidInput
from assistant.services.mentions import import_file
from assistant.storage.models import AuditEvent, Mention

HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
GOOD_ROW = (
    "1,7,True,Tue Oct 31 22:10:47 +0000 2017,@acme my order is late,2,\n"
    "2,acme,False,Tue Oct 31 22:20:47 +0000 2017,@7 sorry! looking now,,1\n"
)

junk_lines = st.one_of(
    st.text(max_size=120),
    st.lists(st.text(alphabet=',"\n0123456789.TrueFalse@ abc', max_size=20), max_size=9).map(",".join),
    st.sampled_from(
        [
            "3.0,x,True,not a date,hi,,",
            "4,,True,Tue Oct 31 22:10:47 +0000 2017,,,,,,",
            "5,9,maybe,Tue Oct 31 22:10:47 +0000 2017,@acme hi,,",
            '"unclosed,quote,True',
        ]
    ),
)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _state(db):
    with db.reading() as session:
        return (
            session.scalar(select(func.count()).select_from(Mention)),
            session.scalar(select(func.count()).select_from(AuditEvent)),
        )


@FUZZ
@given(
    lines=st.lists(junk_lines, max_size=8), with_header=st.booleans(), strict=st.booleans(), raw=st.binary(max_size=64)
)
def test_twcs_import_never_crashes_and_never_half_writes(db, tmp_path_factory, lines, with_header, strict, raw):
    path = tmp_path_factory.mktemp("fuzz") / "mentions.csv"
    body = (HEADER if with_header else "") + GOOD_ROW + "\n".join(lines)
    path.write_bytes(body.encode("utf-8", errors="surrogatepass") + raw)
    before = _state(db)
    try:
        outcome = import_file(db, path, "acme", fmt="twcs", strict=strict)
    except InvalidInput as exc:
        assert str(exc)  # a message a user can act on
        assert _state(db) == before  # nothing written, not even an audit event
        return
    mentions, events = _state(db)
    assert events == before[1] + 1  # one audit event per import, not per row
    assert mentions - before[0] == outcome.imported
    assert all(e.line >= 1 and e.reason for e in outcome.errors)


@FUZZ
@given(
    lines=st.lists(
        st.one_of(
            st.binary(max_size=80),
            st.dictionaries(
                st.sampled_from(["id", "text", "platform"]),
                st.one_of(st.text(max_size=300), st.integers(), st.none(), st.lists(st.integers(), max_size=2)),
                max_size=3,
            ).map(lambda d: json.dumps(d).encode()),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_check_batch_answers_every_line_and_goes_on(monkeypatch, lines):
    data = b"\n".join(line.replace(b"\n", b" ") for line in lines) + b"\n"
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    non_blank = [line for line in data.split(b"\n") if line.strip()]
    try:
        code = check_command._run_batch(io.BytesIO(data), "x", default_config())
    except InvalidInput as exc:  # nothing could be checked (issue 14): an error, after each bad line's answer
        code = None
        assert str(exc).startswith("nothing to check")
    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(answers) == len(non_blank)  # one answer per input line, bad ones included
    assert all(("error" in a and "line" in a) or a["verdict"] in ("ok", "needs_review", "block") for a in answers)
    checked = [a for a in answers if "verdict" in a]
    assert (code is None) == (not checked)  # an error exactly when no line could be checked
    assert code is None or code in (0, 1, 3, 4)
