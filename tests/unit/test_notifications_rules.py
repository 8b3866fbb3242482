"""The pure rules of notifications: quiet hours, the excerpt, the SMTP_URL forms, the words of an e-mail."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.domain.notifications import EXCERPT_CHARS, excerpt, in_quiet_hours
from assistant.errors import InvalidInput
from assistant.notify import check_webhook_url, parse_smtp_url, smtp_host, webhook_host
from assistant.services.notifications import Item, email_body, subject, webhook_text


@pytest.mark.parametrize(
    ("utc_hour", "utc_minute", "quiet"),
    [
        (20, 59, False),  # 21:59 in Paris (CET, UTC+1 in November)
        (21, 0, True),  # 22:00: the window starts
        (23, 30, True),  # after midnight in Paris
        (5, 59, True),  # 06:59
        (6, 0, False),  # 07:00: the window has ended
        (12, 0, False),
    ],
)
def test_quiet_hours_cross_midnight_in_the_members_zone(utc_hour, utc_minute, quiet):
    now = datetime(2026, 11, 24, utc_hour, utc_minute, tzinfo=UTC)
    assert in_quiet_hours(now, "22:00", "07:00", "Europe/Paris") is quiet


def test_a_daytime_window_and_no_window():
    noon_new_york = datetime(2026, 7, 1, 16, 0, tzinfo=UTC)  # 12:00 EDT
    assert in_quiet_hours(noon_new_york, "09:00", "17:00", "America/New_York")
    assert not in_quiet_hours(noon_new_york, "09:00", "17:00", "Europe/Paris")  # 18:00 there
    assert not in_quiet_hours(noon_new_york, None, None, "UTC")
    assert not in_quiet_hours(noon_new_york, "10:00", "10:00", "UTC")  # an empty window


def test_an_excerpt_is_one_short_line():
    text = "word " * 40 + "\nsecond line"
    cut = excerpt(text)
    assert len(cut) == EXCERPT_CHARS and cut.endswith("…") and "\n" not in cut
    assert excerpt("  short\n text ") == "short text"
    assert len(excerpt("x" * 81)) == 80 and excerpt("x" * 80) == "x" * 80


def test_smtp_url_forms():
    plain = parse_smtp_url("smtp://user%40corp:p%40ss@mail.example.com:587")
    assert (plain.host, plain.port, plain.username, plain.password, plain.implicit_tls) == (
        "mail.example.com",
        587,
        "user@corp",
        "p@ss",
        False,
    )
    assert parse_smtp_url("smtps://mail.example.com").port == 465 and parse_smtp_url("smtps://h").implicit_tls
    assert parse_smtp_url("smtp://mail.example.com").port == 587
    assert "p@ss" not in repr(plain)
    assert smtp_host("smtp://u:secret@mail.example.com:2525") == "mail.example.com:2525"
    for bad in ("mail.example.com:587", "http://mail.example.com", "smtp://"):
        with pytest.raises(InvalidInput):
            parse_smtp_url(bad)


def test_webhook_addresses():
    assert check_webhook_url(" https://hooks.slack.com/services/T/B/x ") == "https://hooks.slack.com/services/T/B/x"
    assert check_webhook_url("http://127.0.0.1:9000/hook") == "http://127.0.0.1:9000/hook"
    assert webhook_host("https://hooks.slack.com/services/T/B/secret") == "hooks.slack.com"
    for bad in ("http://hooks.slack.com/x", "hooks.slack.com/x", "javascript:alert(1)"):
        with pytest.raises(InvalidInput):
            check_webhook_url(bad)


def test_an_email_groups_items_by_kind_with_times_in_the_zone_and_links():
    at = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    items = [
        Item("escalation", "@press: “layoffs?”", "/inbox?mention=4", at),
        Item("review_requested", "Post #7", "/review?open=7", at),
        Item("review_requested", "Post #8", "/review?open=8", at),
    ]
    assert subject(items) == "[Executive assistant] 3 new items for you: review requested 2, escalation 1"
    body = email_body("Riley", "Lumengrid", items, "America/New_York", "https://app.example/", at)
    assert "3 new items wait for you in Lumengrid (times in New York time (EST)):" in body
    # the kinds in the product's order (review before escalation), each with its count
    assert body.index("Posts waiting for your review (2)") < body.index("Escalated mentions (1)")
    assert "since Tue 24 Nov 07:00 EST · https://app.example/review?open=7" in body
    assert "https://app.example/account" in body
    text = webhook_text("Lumengrid", items, "America/New_York", "https://app.example")
    assert text.splitlines()[0] == "3 new items waiting in Lumengrid:"
    assert "• @press: “layoffs?” · since Tue 24 Nov 07:00 EST · https://app.example/inbox?mention=4" in text


def test_quoted_text_cannot_ping_a_slack_channel():
    at = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    items = [Item("escalation", "@troll: “<!channel> see <https://evil.example|this> & more”", "/inbox?mention=1", at)]
    text = webhook_text("Lumengrid", items, "UTC", "https://app.example")
    assert "<!channel>" not in text and "<https://evil" not in text
    assert "&lt;!channel&gt; see &lt;https://evil.example|this&gt; &amp; more" in text
