"""Re-import matching without a store: refs first, then similar text, never one old action twice."""

from __future__ import annotations

from planreview.importers.match import match_actions
from planreview.importers.model import ActionDraft

OLD = [
    ("id-a", "1.1", "Audit front door referrals every month"),
    ("id-b", "1.2", "Recruit permanent social workers"),
    ("id-c", "", "Open a drop-in hub for care leavers"),
    ("id-d", "3", "Publish the local offer"),
]


def test_refs_then_similar_text_and_new_actions_unmatched():
    new = [
        ActionDraft(
            ref="1.2", text="Recruit more permanent social workers and managers"
        ),  # same ref, new words
        ActionDraft(ref="", text="Open a drop-in hub for our care leavers"),  # no ref: similar text
        ActionDraft(ref="9", text="Something nobody wrote before"),
        ActionDraft(ref="1.1 ", text="Audit front-door referrals every month"),
    ]
    assert match_actions(OLD, new) == {0: "id-b", 1: "id-c", 3: "id-a"}


def test_a_renumbered_action_is_found_by_its_text_and_each_old_action_is_used_once():
    new = [
        ActionDraft(ref="4", text="Publish the local offer"),  # ref changed from 3 to 4
        ActionDraft(ref="5", text="Publish the local offer"),  # a copy cannot claim the same old action
    ]
    assert match_actions(OLD, new) == {0: "id-d"}


def test_dissimilar_text_is_not_a_match():
    assert match_actions(OLD, [ActionDraft(text="Recruit foster carers")]) == {}
