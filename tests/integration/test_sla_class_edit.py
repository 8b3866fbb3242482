"""Correcting a mention's SLA class by hand (a reviewer, the executive or an admin): kept, audited, and
respected by a later import."""

from __future__ import annotations

import pytest

from assistant.clock import utcnow
from assistant.domain.roles import Role
from assistant.errors import InvalidInput, PermissionDenied
from assistant.services import audit, mentions
from assistant.services.mentions import import_file
from assistant.storage.models import Mention

HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"


def test_a_reviewer_reclassifies_a_mention_and_a_reimport_keeps_it(db, team, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(HEADER + "1,7,True,Tue Oct 31 22:10:47 +0000 2017,@testexec my refund please,,\n")
    import_file(db, path, "testexec", fmt="twcs")
    with db.reading() as session:
        mention = session.query(Mention).one()
        assert mention.sla_class == "complaint"
    reviewer = team.actor(Role.REVIEWER)
    mentions.set_sla_class(db, reviewer, mention.id, "press")
    import_file(db, path, "testexec", fmt="twcs")
    with db.reading() as session:
        again = session.get(Mention, mention.id)
        assert (again.sla_class, again.sla_override) == ("press", True)
        # the class it arrived with is kept, and who set the one the delegation policy now reads
        assert (again.arrival_sla_class, again.sla_class_set_by_id) == ("complaint", reviewer.member_id)
    with pytest.raises(InvalidInput, match="unknown SLA class 'urgent'; known: press"):
        mentions.set_sla_class(db, reviewer, mention.id, "urgent")
    # issue 14: a delegate only proposes a class (the policy reads it); an admin may set one
    with pytest.raises(PermissionDenied):
        mentions.set_sla_class(db, team.actor(Role.DELEGATE), mention.id, "vip")
    mentions.set_sla_class(db, team.actor(Role.ADMIN), mention.id, "vip")
    with db.reading() as session:
        assert session.get(Mention, mention.id).sla_class == "vip"


def test_the_change_is_in_the_audit_trail(db, team):
    from assistant.services import mentions

    with db.writing() as session:
        m = Mention(
            workspace_id=team.workspace_id,
            executive_id=team.executive_id,
            x_post_id="5",
            author_id="7",
            author_handle="a",
            text="@testexec hi",
            posted_at=utcnow(),
            source="import",
            state="new",
        )
        session.add(m)
        session.flush()
        mention_id = m.id
    mentions.set_sla_class(db, team.actor(Role.EXECUTIVE), mention_id, "vip")
    trail = audit.audit_events(db, team.actor(Role.ADMIN), action="mention.sla_class_changed")
    assert [(r.before, r.after) for r in trail.rows] == [({"sla_class": "default"}, {"sla_class": "vip"})]
