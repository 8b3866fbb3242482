"""Settings as an admin and an executive: voice material, profile, members, checklist rules."""

from __future__ import annotations

from assistant.services import drafting, workspace
from assistant.services.workspace import actor_for_email
from tests.app.conftest import signed_in_app


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def test_the_executive_reads_and_edits_their_voice(demo_db):
    at = signed_in_app(demo_db, "maya@lumengrid.example").run()
    at.switch_page("pages/settings.py").run()
    assert not at.exception
    assert any("Learned from 8 posts" in m.value for m in at.markdown)
    never = next(t for t in at.text_input if t.label.startswith("Words never used"))
    never.input("synergy, leverage, disrupt")
    _button(at, "Save voice").click().run()
    assert not at.exception and any("Voice saved" in s.value for s in at.success)
    maya = actor_for_email(demo_db, "maya@lumengrid.example")
    executive_id = workspace.list_executives(demo_db, maya)[0].id
    assert "disrupt" in workspace.voice_profile(demo_db, maya, executive_id).rules.never_words


def test_a_bad_business_hours_value_is_refused_with_the_form_to_use(demo_db):
    at = signed_in_app(demo_db, "admin@lumengrid.example").run()
    at.switch_page("pages/settings.py").run()
    hours = next(t for t in at.text_input if t.label == "Business hours")
    hours.input("9 to 5")
    _button(at, "Save profile").click().run()
    assert any("HH:MM" in e.value for e in at.error)
    admin = actor_for_email(demo_db, "admin@lumengrid.example")
    assert workspace.list_executives(demo_db, admin)[0].business_hours == "09:00-18:00"


def test_an_admin_turns_a_rule_off_and_the_checklist_follows(demo_db):
    admin = actor_for_email(demo_db, "admin@lumengrid.example")
    workspace.set_checklist_settings(
        demo_db,
        admin,
        {
            "rules": workspace.rule_changes(
                [{"rule": "legal.guarantee", "category": "legal", "severity": "warn", "enabled": False}]
            )
        },
    )
    try:
        result = drafting.check_post_text(demo_db, admin, "Guaranteed delivery by Friday.", "x")
        assert not [f for f in result.findings if f.rule == "legal.guarantee"]
        rows = {r.rule: r for r in workspace.checklist_rules(demo_db, admin)}
        assert rows["legal.guarantee"].enabled is False and rows["legal.absolute_claim"].enabled is True
    finally:
        workspace.set_checklist_settings(demo_db, admin, {})
    result = drafting.check_post_text(demo_db, admin, "Guaranteed delivery by Friday.", "x")
    assert [f for f in result.findings if f.rule == "legal.guarantee"]
