"""An admin extends one language's checklist word list for the workspace, from Settings (issue 13)."""

from __future__ import annotations

import pytest

from assistant import i18n
from assistant.domain.roles import Role
from assistant.errors import InvalidInput, PermissionDenied
from assistant.services import drafting, workspace


def _flags(db, actor, text: str) -> set[str]:
    return {f.rule for f in drafting.check_post_text(db, actor, text, "x").findings}


def test_a_french_code_name_added_by_an_admin_blocks_french_posts_only(db, team) -> None:
    admin, executive = team.actor(Role.ADMIN), team.actor(Role.EXECUTIVE)
    french = "Très fiers de l'avancée de Roitelet, on vous en dit plus très vite !"
    assert "disclosure.confidential" not in _flags(db, executive, french)
    added = workspace.add_checklist_words(db, admin, "fr", "codenames", ["Roitelet", "  ", "roitelet"])
    assert added == ("Roitelet",)  # blank lines and repeats dropped
    assert "disclosure.confidential" in _flags(db, executive, french)
    # the English list is untouched: an English post naming it is not read by the French list
    assert "disclosure.confidential" not in _flags(
        db, executive, "Proud of how Roitelet is going, more soon from the whole team!"
    )
    lists = {(w.language, w.name): w for w in workspace.checklist_word_lists(db, executive)}
    assert lists[("fr", "codenames")].added == ("Roitelet",)
    assert lists[("en", "codenames")].added == ()
    assert workspace.add_checklist_words(db, admin, "fr", "codenames", ["Héron"]) == ("Roitelet", "Héron")


@pytest.mark.parametrize(
    "language, name, words, message",
    [
        ("de", "codenames", ["x"], "no rules in de"),
        ("fr", "nonsense", ["x"], "not a word list"),
        ("fr", "codenames", ["", " "], "at least one word"),
        ("fr", "codenames", ["re:(a+)+$"], "not a plain word"),
    ],
)
def test_bad_additions_say_what_to_fix_and_store_nothing(db, team, language, name, words, message) -> None:
    admin = team.actor(Role.ADMIN)
    with pytest.raises(InvalidInput, match=message):
        workspace.add_checklist_words(db, admin, language, name, words)
    assert all(not w.added for w in workspace.checklist_word_lists(db, admin))


def test_only_admins_add_words_and_the_error_is_french_for_a_french_member(db, team) -> None:
    with pytest.raises(PermissionDenied):
        workspace.add_checklist_words(db, team.actor(Role.REVIEWER), "fr", "codenames", ["Roitelet"])
    with i18n.using("fr"), pytest.raises(InvalidInput, match="Écrivez au moins un mot"):
        workspace.add_checklist_words(db, team.actor(Role.ADMIN), "fr", "codenames", [])
