"""The rules of a re-import: a three-way merge of each field, rating history by period, which plan a document is."""

from __future__ import annotations

import copy

import pytest
from planreview.importers.model import ActionDraft, EntryDraft, LevelDraft, PlanDraft, SectionDraft
from planreview.store.db import StoreError, connect
from planreview.store.queries import ActionFilter, audit_trail, entries, find_actions, list_plans
from planreview.store.reimport import TrailRow, base_value, merge_field
from planreview.store.save_plan import save_plan
from planreview.store.writes import edit_action_field
from planreview.tui.widgets.detail_pane import audit_text

SCALE = [LevelDraft("R", "Red", "red"), LevelDraft("A", "Amber", "amber"), LevelDraft("G", "Green", "green")]


def _plan(*actions: ActionDraft, title: str = "Family Help Plan", authority: str = "Testshire Council",
          doc_date: str = "2026-06-30", source: str = "june.csv") -> PlanDraft:
    return PlanDraft(title=title, authority=authority, doc_date=doc_date, source=source, sha256=source,
                     scale=list(SCALE),
                     sections=[SectionDraft(kind="priority", ref="1", title="Only", actions=list(actions))])


def _actions() -> list[ActionDraft]:
    return [
        ActionDraft(text="Open two family hubs in the north of the district", lead="Sam Iqbal", due_raw="March 2027"),
        ActionDraft(text="Publish the early help offer in plain language", lead="Jo Reed", due_raw="Jan 2027"),
        ActionDraft(text="Stop duplicate assessments between services", lead="Sam Iqbal", due_raw="Ongoing"),
    ]


@pytest.fixture
def db(tmp_path):
    conn = connect(tmp_path / "plans.db")
    yield conn
    conn.close()


def _by_text(conn, start: str):
    found = [a for a in find_actions(conn, ActionFilter(include_removed=True)) if a.text.startswith(start)]
    assert len(found) == 1
    return found[0]


# --- the three-way merge of a field ----------------------------------------------------------------------


@pytest.mark.parametrize(("base", "ours", "theirs", "verdict"), [
    ("Ann", "Ann", "Ann", "keep"),
    ("Ann", "Bob", "Ann", "keep"),  # edited here, the document did not change it
    ("Ann", "Ann", "Cy", "take"),  # changed in the document only
    ("Ann", "Bob", "Bob", "keep"),  # both made the same change
    ("Ann", "Bob", "Cy", "conflict"),
    ("Children's hub", "Children's hub", "Children’s hub", "keep"),  # typography is no change
    ("", None, "Cy", "take"),
])
def test_merge_field(base, ours, theirs, verdict):
    assert merge_field(base, ours, theirs) == verdict


def test_the_base_is_read_back_from_the_trail():
    edit, imp = "edit", "import"
    assert base_value("Bob", [], "lead") == "Bob"
    edits = [TrailRow("lead", "Bob", "Cy", edit), TrailRow("lead", "Ann", "Bob", edit)]
    assert base_value("Cy", edits, "lead") == "Ann"  # two edits here undone: what the import said
    # the latest import row says what the document said, even when its value was kept out (a conflict)
    assert base_value("Bob", [TrailRow("lead", "Bob", "Dee", imp), TrailRow("lead", "Ann", "Bob", edit)],
                      "lead") == "Dee"
    # an edit whose new value is not the value now was overwritten by an import that kept no trail: that value
    assert base_value("Eve", [TrailRow("lead", "Ann", "Bob", edit)], "lead") == "Eve"
    assert base_value("Bob", [TrailRow("text", "x", "y", edit)], "lead") == "Bob"


def test_an_edit_made_here_stays_when_the_document_did_not_change_that_field(db):
    save_plan(db, _plan(*_actions()))
    hub = _by_text(db, "Open two")
    edit_action_field(db, hub.id, "lead", "Priya Natarajan", author="Tester")
    report = save_plan(db, _plan(*_actions(), source="july.csv"))
    assert report.changed == 0 and _by_text(db, "Open two").lead == "Priya Natarajan"


def test_a_field_changed_only_in_the_document_is_taken_and_kept_in_the_trail(db):
    save_plan(db, _plan(*_actions()))
    newer = _actions()
    newer[0].lead = "Dev Chauhan"
    report = save_plan(db, _plan(*newer, source="july.csv", doc_date="2026-07-31"))
    hub = _by_text(db, "Open two")
    assert hub.lead == "Dev Chauhan" and report.changed == 1
    assert [c.line() for c in report.details] == ["  changed    'Open two family hubs in the north of …': lead"]
    assert [(r.field, r.old, r.new, r.origin, r.source, r.doc_date, r.conflict) for r in audit_trail(db, hub.id)] == [
        ("lead", "Sam Iqbal", "Dev Chauhan", "import", "july.csv", "2026-07-31", False)]
    assert find_actions(db, ActionFilter(lead="chauhan")) == [hub]  # the lead filter follows


def test_a_field_changed_in_both_is_a_conflict_shown_once_and_the_edit_here_is_kept(db):
    save_plan(db, _plan(*_actions()))
    hub = _by_text(db, "Open two")
    edit_action_field(db, hub.id, "lead", "Priya Natarajan", author="Tester")
    newer = _actions()
    newer[0].lead = "Dev Chauhan"
    report = save_plan(db, _plan(*newer, source="july.csv", doc_date="2026-07-31"))
    assert _by_text(db, "Open two").lead == "Priya Natarajan"
    assert [c.line() for c in report.details] == [
        "  changed    'Open two family hubs in the north of …': lead kept as edited here; the document says "
        "'Dev Chauhan' (field conflict)"]
    shown = audit_text(audit_trail(db, hub.id)).plain.splitlines()
    assert shown[0].endswith("re-import of july.csv (2026-07-31)  lead: kept Priya Natarajan (edited here); "
                             "the document says Dev Chauhan  ! field conflict")
    assert shown[1].endswith("Tester  lead: Sam Iqbal -> Priya Natarajan")
    again = save_plan(db, _plan(*newer, source="july.csv", doc_date="2026-07-31"))
    assert again.line().startswith("unchanged") and len(audit_trail(db, hub.id)) == 2
    # the next report changes the lead again: still this copy's edit is kept, and the new conflict is shown
    newer[0].lead = "Eve Fox"
    assert save_plan(db, _plan(*newer, source="august.csv")).details[0].conflicts[0].theirs == "Eve Fox"


def test_a_removed_action_that_comes_back_is_the_same_action_again(db):
    save_plan(db, _plan(*_actions()))
    offer = _by_text(db, "Publish")
    save_plan(db, _plan(*[a for a in _actions() if not a.text.startswith("Publish")], source="july.csv"))
    assert _by_text(db, "Publish").state == "removed"
    report = save_plan(db, _plan(*_actions(), source="august.csv"))
    assert _by_text(db, "Publish").id == offer.id and _by_text(db, "Publish").state == "active"
    assert (report.added, report.changed, [c.fields for c in report.details]) == (0, 1, [("state",)])
    assert [(r.field, r.old, r.new) for r in audit_trail(db, offer.id)] == [
        ("state", "removed", "active"), ("state", "active", "removed")]


def test_an_ambiguous_row_is_added_and_both_candidates_are_reported(db):
    save_plan(db, _plan(ActionDraft(text="Audit every month the case files of the assessment team"),
                        ActionDraft(text="Audit every quarter the case files of the assessment team")))
    report = save_plan(db, _plan(ActionDraft(text="Audit every week the case files of the assessment team"),
                                 source="july.csv"))
    assert (report.added, report.removed, report.ambiguous) == (1, 2, 1)
    assert report.lines()[1:] == [
        "  removed    'Audit every month the case files of t…'",
        "  removed    'Audit every quarter the case files of…'",
        "  ambiguous  'Audit every week the case files of th…': could be 'Audit every month the case files of t…' "
        "or 'Audit every quarter the case files of…' (too close to call); added as a new action"]
    assert report.line().endswith("added 1, changed 0, removed 2, ambiguous 1, 0 entries added")


# --- rating history by period ------------------------------------------------------------------------------


def _rated(*cells: tuple[str, str, str]) -> ActionDraft:
    """An action with rating-history entries: (period, rating, note); 'RAG initial' dated 2026-03-31."""
    dates = {"RAG initial": "2026-03-31", "RAG 04/26": "2026-04-30", "RAG 05/26": "2026-05-31"}
    return ActionDraft(text="Open two family hubs in the north of the district", lead="Sam Iqbal",
                       entries=[EntryDraft(dates[p], r or None, n, period=p) for p, r, n in cells])


def _history(conn) -> list[tuple]:
    hub = _by_text(conn, "Open two")
    return [(e.period, e.rating, e.note, bool(e.supersedes), bool(e.superseded_by)) for e in entries(conn, hub.id)]


def test_the_same_period_again_adds_nothing_even_when_its_note_moved_on(db):
    save_plan(db, _plan(_rated(("RAG initial", "R", ""), ("RAG 04/26", "A", "Buildings found"))))
    report = save_plan(db, _plan(_rated(("RAG initial", "R", ""), ("RAG 04/26", "A", ""),
                                        ("RAG 05/26", "G", "Both hubs open")), source="july.csv"))
    assert (report.entries_added, report.corrected) == (1, 0)
    assert _history(db) == [("RAG 05/26", "G", "Both hubs open", False, False),
                            ("RAG 04/26", "A", "Buildings found", False, False), ("RAG initial", "R", "", False, False)]


def test_a_corrected_value_supersedes_the_old_one_and_going_back_is_another_correction(db):
    save_plan(db, _plan(_rated(("RAG initial", "R", ""), ("RAG 04/26", "A", "Buildings found"))))
    report = save_plan(db, _plan(_rated(("RAG initial", "R", ""), ("RAG 04/26", "G", "")), source="july.csv"))
    assert (report.entries_added, report.corrected) == (1, 1)
    assert report.lines()[1] == "  corrected  'Open two family hubs in the north of …': RAG 04/26 Amber -> Green"
    assert _history(db)[:2] == [("RAG 04/26", "G", "Buildings found", True, False),
                                ("RAG 04/26", "A", "Buildings found", False, True)]
    assert _by_text(db, "Open two").band == "green"
    assert save_plan(db, _plan(_rated(("RAG initial", "R", ""), ("RAG 04/26", "G", "")),
                               source="july.csv")).entries_added == 0
    back = save_plan(db, _plan(_rated(("RAG initial", "R", ""), ("RAG 04/26", "A", "")), source="august.csv"))
    assert back.corrected == 1 and _by_text(db, "Open two").band == "amber"


def test_a_column_that_names_no_period_speaks_for_each_reports_date(db):
    def tracker(rating: str, day: str) -> PlanDraft:
        return _plan(ActionDraft(text="Open two family hubs in the north of the district",
                                 entries=[EntryDraft(None, rating, "", period="RAG")]), doc_date=day)

    save_plan(db, tracker("R", "2026-06-30"))
    assert save_plan(db, tracker("A", "2026-07-31")).corrected == 0  # July's rating, not a correction of June's
    assert [(e.on_date, e.rating, bool(e.superseded_by)) for e in entries(db, _by_text(db, "Open two").id)] == [
        ("2026-07-31", "A", False), ("2026-06-30", "R", False)]
    assert save_plan(db, tracker("G", "2026-07-31")).corrected == 1  # July's again, corrected


# --- which plan a document is ------------------------------------------------------------------------------


def test_a_title_typed_differently_is_the_same_plan_and_the_line_says_which(db):
    first = save_plan(db, _plan(*_actions(), title="Children's Family Help Plan 2026-27 (Testshire Council)"))
    report = save_plan(db, _plan(*_actions(), title="CHILDREN’S FAMILY HELP PLAN 2026 – 27", source="july.csv"))
    assert report.plan_id == first.plan_id and report.matched_by == "title" and len(list_plans(db)) == 1
    assert report.line().startswith(f"updated 'CHILDREN’S FAMILY HELP PLAN 2026 – 27' [{first.plan_id}] (the plan "
                                    "stored as \"Children's Family Help Plan 2026-27 (Testshire Council)\"): ")


def test_another_authority_or_other_words_make_another_plan(db):
    first = save_plan(db, _plan(*_actions()))
    assert save_plan(db, _plan(*_actions(), authority="Otherham Council")).plan_id != first.plan_id
    assert save_plan(db, _plan(*_actions(), title="Family Help Plan 2027")).plan_id != first.plan_id
    assert len(list_plans(db)) == 3


def test_into_names_the_plan_and_as_new_makes_one(db):
    first = save_plan(db, _plan(*_actions()))
    renamed = save_plan(db, _plan(*_actions(), title="Early Help Plan: July report", source="july.csv"),
                        into=first.plan_id[:6])
    assert (renamed.plan_id, renamed.matched_by, renamed.added) == (first.plan_id, "into", 0)
    own = save_plan(db, _plan(*_actions(), title="Early Help Plan: July report", source="copy.csv"), as_new=True)
    assert own.new_plan and own.plan_id != first.plan_id
    again = save_plan(db, _plan(*_actions(), title="Early Help Plan: July report", source="copy.csv"), as_new=True)
    assert again.plan_id == own.plan_id and again.line().startswith("unchanged")
    with pytest.raises(StoreError, match="no plan has that id"):
        save_plan(db, _plan(*_actions()), into="ffffff")
    with pytest.raises(StoreError, match="contradict"):
        save_plan(db, _plan(*_actions()), into=first.plan_id, as_new=True)


def test_a_title_that_reads_as_two_stored_plans_asks_which(db):
    first = save_plan(db, _plan(*_actions()))
    second = save_plan(db, _plan(*_actions(), source="other.csv"), as_new=True)
    retyped = _plan(*_actions(), title="Family  Help Plan (Testshire Council)", source="july.csv")
    with pytest.raises(StoreError, match=f"reads as 2 stored plans.*{first.plan_id}.*--into PLAN_ID"):
        save_plan(db, copy.deepcopy(retyped))
    assert save_plan(db, retyped, into=second.plan_id).plan_id == second.plan_id
