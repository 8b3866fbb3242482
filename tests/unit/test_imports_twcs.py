"""Importing the "Customer Support on Twitter" CSV and linking company answers."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from assistant.errors import InvalidInput
from assistant.imports import derive_twcs_mentions, parse_twcs_file, parse_twcs_lines, parse_twcs_time
from tests.shared_data import shared_path

HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"


def lines(text: str) -> list[str]:
    return io.StringIO(text, newline="\n").readlines()


def test_the_real_sample_reads_every_row_including_one_with_bare_carriage_returns() -> None:
    result = parse_twcs_file(shared_path("datasets/twcs_sample.csv"))
    assert result.errors == [] and len(result.records) == 5000
    first = result.records[0]
    assert (first.id, first.author_id, first.inbound, first.in_response_to_id, first.response_ids) == (
        "1",
        "sprintcare",
        False,
        "3",
        ("2",),
    )
    assert first.created_at == datetime(2017, 10, 31, 22, 10, 47, tzinfo=UTC)
    odd = next(t for t in result.records if t.id == "3399")  # its text holds two bare CRs
    assert odd.line == 2589 and odd.text.startswith("@AskPayPal \n\nI just love")
    assert odd.response_ids == ("3398",)
    assert next(t for t in result.records if t.id == "3400").line == 2590


def test_ids_written_as_floats_and_lists_of_responses_are_normalised() -> None:
    text = HEADER + '5,115712,True,Tue Oct 31 22:10:47 +0000 2017,"@sprintcare hi, there",6.0,"7,8"\n'
    text = text.replace('"7,8"\n', "7.0\n").replace(",6.0,", ',"6.0,9",')
    tweet = parse_twcs_lines(lines(text)).records[0]
    assert tweet.response_ids == ("6", "9") and tweet.in_response_to_id == "7"
    assert tweet.mentioned_usernames == ("sprintcare",)


def test_an_extra_leading_index_column_is_ignored() -> None:
    text = "," + HEADER + "0,1,sprintcare,False,Tue Oct 31 22:10:47 +0000 2017,@115712 hello,,3.0\n"
    assert parse_twcs_lines(lines(text)).records[0].author_id == "sprintcare"


def test_malformed_rows_are_skipped_with_their_starting_line_and_reason() -> None:
    text = HEADER + (
        "1,a,True,Tue Oct 31 22:10:47 +0000 2017,ok,,\n"
        "x2,a,True,Tue Oct 31 22:10:47 +0000 2017,bad id,,\n"
        '3,a,maybe,Tue Oct 31 22:10:47 +0000 2017,"multi\nline",,\n'
        "4,a,True,31/10/2017,bad date,,\n"
        "1,a,True,Tue Oct 31 22:10:47 +0000 2017,again,,\n"
        "6,a,True\n"
        "7,a,False,Tue Oct 31 22:10:47 +0000 2017,fine,,1\n"
    )
    result = parse_twcs_lines(lines(text))
    assert [t.id for t in result.records] == ["1", "7"]
    assert result.records[1].line == 9
    assert [(e.line, e.reason) for e in result.errors] == [
        (3, "tweet_id 'x2' is not a numeric tweet id"),
        (4, "inbound is 'maybe', expected True or False"),
        (6, "created_at '31/10/2017' is not like 'Tue Oct 31 22:10:47 +0000 2017'"),
        (7, "tweet_id 1 appears again (first on line 2)"),
        (8, "expected 7 fields, found 3 (an unquoted comma or line break?)"),
    ]


def test_strict_mode_refuses_the_whole_file_at_the_first_bad_line() -> None:
    text = HEADER + "1,a,True,Tue Oct 31 22:10:47 +0000 2017,ok,,\n2,a,yes,Tue Oct 31 22:10:47 +0000 2017,x,,\n"
    with pytest.raises(InvalidInput, match=r"^line 3: inbound is 'yes'.*Nothing was imported"):
        parse_twcs_lines(lines(text), strict=True)


def test_a_file_that_is_not_twcs_is_refused_naming_the_missing_columns() -> None:
    with pytest.raises(InvalidInput, match="lacks inbound, created_at"):
        parse_twcs_lines(lines("tweet_id,author_id,text\n1,a,b\n"))
    with pytest.raises(InvalidInput, match="empty"):
        parse_twcs_lines([])


def test_time_stamps_with_other_offsets_become_utc() -> None:
    assert parse_twcs_time("Wed Nov 01 01:00:00 -0500 2017") == datetime(2017, 11, 1, 6, 0, tzinfo=UTC)


def test_company_mentions_are_tagged_or_answered_inbound_tweets_with_the_earliest_answer() -> None:
    text = HEADER + (
        "1,cust1,True,Tue Oct 31 10:00:00 +0000 2017,@AcmeHelp my order?,3,\n"
        "2,AcmeHelp,False,Tue Oct 31 10:30:00 +0000 2017,@cust1 later answer,,1\n"
        "3,AcmeHelp,False,Tue Oct 31 10:10:00 +0000 2017,@cust1 first answer,,1\n"
        "4,cust2,True,Tue Oct 31 11:00:00 +0000 2017,no tag but answered,,\n"
        "5,AcmeHelp,False,Tue Oct 31 11:05:00 +0000 2017,@cust2 hi,,4\n"
        "6,cust3,True,Tue Oct 31 12:00:00 +0000 2017,@acmehelp unanswered (any case),,\n"
        "7,cust4,True,Tue Oct 31 12:00:00 +0000 2017,mail me@AcmeHelp.com or @AcmeHelpers,,\n"
        "8,OtherCo,False,Tue Oct 31 12:00:00 +0000 2017,@AcmeHelp outbound is not a mention,,\n"
    )
    links = derive_twcs_mentions("AcmeHelp", parse_twcs_lines(lines(text)).records)
    assert [(m.mention_id, m.response_id) for m in links] == [("1", "3"), ("4", "5"), ("6", None)]
    assert links[0].responded_at == datetime(2017, 10, 31, 10, 10, tzinfo=UTC)
