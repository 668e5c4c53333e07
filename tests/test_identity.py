"""Matching a re-imported document's rows to stored actions by content, and plan titles by their words."""

from __future__ import annotations

import pytest
from planreview.store.identity import Row, authority_key, match_rows, title_key, typography, words


def old(key: str, text: str, **more) -> Row:
    return Row(key, text=text, section=more.pop("section", "s1"), **more)


def new(n: int, text: str, **more) -> Row:
    return Row(n, text=text, section=more.pop("section", "s1"), position=n, **more)


def test_words_ignore_case_typography_and_spacing():
    assert words("Children’s  Social Care – “Plan”") == words("children's social care - \"plan\"")
    assert words("Increase use of CAF by Health Visitors\n") == "increase use of caf by health visitors"


def test_typography_folds_quotes_dashes_and_spaces_but_keeps_case_and_other_marks():
    assert typography("Children’s  “hub” – north\n") == typography("Children's \"hub\" - north") == \
        "Children's \"hub\" - north"
    assert typography("Open the hub!") != typography("Open the hub") != typography("open the hub")


@pytest.mark.parametrize(("one", "other"), [
    ("Children's Social Care Development Plan 2018-19", "Children’s Social Care Development Plan 2018 – 19"),
    ("Early Help Action Plan (Thurrock Council)", "EARLY HELP ACTION PLAN"),
    ("Early Help Action Plan [Thurrock Borough Council]", "Early help action plan"),
    ("Early Help Action Plan (Thurrock)", "Early Help Action Plan"),
    ("  Early   Help Action Plan ", "‘Early Help Action Plan’"),
])
def test_titles_that_differ_only_in_typography_or_a_council_suffix_are_one_title(one, other):
    assert title_key(one, "Thurrock Council") == title_key(other, "Thurrock Council")


def test_titles_with_other_words_stay_apart():
    assert title_key("Early Help Action Plan 2019", "X") != title_key("Early Help Action Plan 2020", "X")
    assert title_key("Early Help Action Plan (phase 2)", "X") != title_key("Early Help Action Plan", "X")
    assert authority_key("Thurrock Council") == authority_key("THURROCK") != authority_key("Essex County Council")


def test_rows_are_matched_by_content_not_by_place():
    stored = [old("a", "Open two family hubs"), old("b", "Publish the early help offer"),
              old("c", "Stop duplicate assessments between services")]
    document = [new(0, "Publish the early help offer"), new(1, "Stop duplicate assessments between services")]
    m = match_rows(stored, document)
    assert m.pairs == {0: "b", 1: "c"} and m.ambiguous == {}


def test_a_reworded_row_is_the_same_action_and_a_new_one_is_not():
    stored = [old("a", "Implement a workforce strategy with a focus on sustaining recruitment of social workers"),
              old("b", "Complete a knowledge and skills audit of the workforce")]
    document = [new(0, "Implement a workforce strategy focused on sustaining the recruitment of social workers"),
                new(1, "Introduce a new case recording system for early help")]
    m = match_rows(stored, document)
    assert m.pairs == {0: "a"} and m.how[0] == "similar"
    assert 1 not in m.pairs and m.ambiguous == {}


def test_a_short_row_with_two_of_five_words_changed_is_a_different_action():
    # the same section and lead do not make an unrelated row an edit of a deleted one
    stored = [old("a", "Monthly Performance meeting in place", lead="Ann Bee")]
    m = match_rows(stored, [new(0, "DCS performance Board in place", lead="Ann Bee")])
    assert m.pairs == {} and m.ambiguous == {}


def test_two_candidates_too_close_to_call_are_reported_not_guessed():
    stored = [old("a", "Audit the case files of the assessment team every month"),
              old("b", "Audit the case files of the assessment team every quarter")]
    m = match_rows(stored, [new(0, "Audit the case files of the assessment team every week")])
    assert m.pairs == {}
    assert set(m.ambiguous[0]) == {"a", "b"}


def test_a_clear_match_frees_its_rival_to_match_too():
    # "b" is close to both new rows, but the exact twin of "a" takes "a" first; then "b" is clear
    stored = [old("a", "Audit the case files of the assessment team every month"),
              old("b", "Audit the case files of the assessment team each quarter")]
    document = [new(0, "Audit the case files of the assessment team every month"),
                new(1, "Audit the case files of the assessment team every quarter")]
    assert match_rows(stored, document).pairs == {0: "a", 1: "b"}


def test_identical_rows_are_told_apart_by_lead_and_due_then_by_order():
    stored = [old("a", "Review", lead="Ann", position=0), old("b", "Review", lead="Bob", position=1),
              old("c", "Review", lead="Bob", position=2)]
    document = [new(0, "Review", lead="Bob"), new(1, "Review", lead="Bob"), new(2, "Review", lead="Ann")]
    assert match_rows(stored, document).pairs == {0: "b", 1: "c", 2: "a"}


def test_identical_rows_of_which_one_went_are_not_guessed():
    stored = [old("a", "Review", position=0), old("b", "Review", position=1)]
    m = match_rows(stored, [new(0, "Review")])
    assert m.pairs == {} and set(m.ambiguous[0]) == {"a", "b"}


def test_refs_match_when_the_text_confirms_and_not_otherwise():
    stored = [old("a", "Open two family hubs", ref="1.1"), old("b", "Publish the offer", ref="1.2"),
              old("c", "Stop duplicate assessments between services", ref="1.3")]
    document = [new(0, "Open two family hubs in the north", ref="1.1"),
                # 1.2 was dropped and 1.3 renumbered: the ref alone would move 1.2's history to it
                new(1, "Stop duplicate assessments between services", ref="1.2")]
    m = match_rows(stored, document)
    assert m.pairs == {0: "a", 1: "c"}
    assert m.how == {0: "ref", 1: "words"}
