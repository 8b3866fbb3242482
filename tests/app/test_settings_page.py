"""Settings as an admin and an executive: voice material, profile, members, checklist rules."""

from __future__ import annotations

from zoneinfo import available_timezones

import pytest

from assistant.domain.roles import Role
from assistant.errors import PermissionDenied
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


def _settings_as_admin(demo_db):
    at = signed_in_app(demo_db, "admin@lumengrid.example").run()
    at.switch_page("pages/settings.py").run()
    assert not at.exception
    return at


def test_the_delegation_form_appears_once_in_its_own_tab(demo_db):
    at = _settings_as_admin(demo_db)
    tabs = {t.label: t for t in at.tabs}
    assert "Delegation" in tabs
    saves = [b for b in at.button if b.label == "Save delegation policy"]
    assert len(saves) == 1
    assert [b.label for b in tabs["Delegation"].button].count("Save delegation policy") == 1
    for label, tab in tabs.items():
        if label != "Delegation":
            assert "Save delegation policy" not in [b.label for b in tab.button], label


def test_an_admin_edits_roles_and_deactivates_a_member_who_then_cannot_sign_in(demo_db):
    admin = actor_for_email(demo_db, "admin@lumengrid.example")
    added = workspace.add_member(
        demo_db, admin, "pat@lumengrid.example", "Pat Doe", frozenset({Role.DELEGATE}), "pat-password-1"
    )
    at = _settings_as_admin(demo_db)
    at.selectbox(key="member_pick").select(added.id).run()
    at.multiselect(key=f"roles_{added.id}").set_value(["delegate", "reviewer"])  # in a form: sent on submit
    _button(at, "Save roles").click().run()
    assert not at.exception
    assert any("Roles of Pat Doe saved: delegate, reviewer" in s.value for s in at.success)
    assert {m.email: m.roles for m in workspace.list_members(demo_db, admin)}[added.email] == ("delegate", "reviewer")

    at.selectbox(key="member_pick").select(added.id).run()
    assert _button(at, "Deactivate member").disabled  # the confirmation comes first
    at.checkbox(key=f"sure_{added.id}").check().run()
    _button(at, "Deactivate member").click().run()
    assert any("Pat Doe is deactivated" in s.value for s in at.success)
    with pytest.raises(PermissionDenied):
        workspace.sign_in(demo_db, "pat@lumengrid.example", "pat-password-1")


def test_an_admin_cannot_deactivate_themselves_from_the_page(demo_db):
    admin = actor_for_email(demo_db, "admin@lumengrid.example")
    at = _settings_as_admin(demo_db)
    at.selectbox(key="member_pick").select(admin.member_id).run()
    assert not [b for b in at.button if b.label == "Deactivate member"]
    assert any("cannot deactivate yourself" in c.value for c in at.caption)


def test_time_zones_are_chosen_from_the_list_with_the_current_one_selected(demo_db):
    at = _settings_as_admin(demo_db)
    admin = actor_for_email(demo_db, "admin@lumengrid.example")
    executive = workspace.list_executives(demo_db, admin)[0]
    zone = at.selectbox(key=f"tz_{executive.id}")
    assert zone.value == "America/New_York"
    assert list(zone.options) == sorted(available_timezones())
    zone.select("Europe/London")  # in a form: sent with the submit
    _button(at, "Save profile").click().run()
    try:
        assert workspace.list_executives(demo_db, admin)[0].timezone == "Europe/London"
    finally:
        workspace.update_executive_profile(demo_db, admin, executive.id, timezone="America/New_York")


def test_checklist_rules_show_a_one_line_description(demo_db):
    at = _settings_as_admin(demo_db)
    frame = next(d.value for d in at.dataframe if "rule" in d.value.columns and "severity" in d.value.columns)
    by_rule = dict(zip(frame["rule"], frame["description"], strict=True))
    # from the rule's own message in the checklist data, without its placeholders
    assert by_rule["legal.guarantee"] == "Guarantee or promise: it can be binding"
    assert by_rule["disclosure.guidance"] == "Sounds like a projection: forecasts and guidance need pre-approval"
    assert all(d and "{" not in d and "\n" not in d for d in by_rule.values())
