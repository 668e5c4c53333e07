"""Property: whatever a new report does to a plan's rows, a person's entry stays on its own action.

Hypothesis writes a plan (with refs or without), saves it, attaches notes to random actions, then edits the
document as the next report might (insert, delete, reorder within a section, reword, change a rating, change a
lead) and saves it again. Every action keeps its identity (the model gives each row one), so:
every note is on the action it was written against (or its edited version), every deleted action is marked
removed and keeps its entries, nothing is duplicated, and the same report again changes nothing.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from planreview.importers.model import ActionDraft, EntryDraft, LevelDraft, PlanDraft, SectionDraft
from planreview.store.db import connect
from planreview.store.identity import words
from planreview.store.queries import ActionFilter, entries, find_actions
from planreview.store.save_plan import save_plan
from planreview.store.writes import add_entry

VOCAB = sorted(set("""
    abandon ability absorb accent accord acid acorn actor adapt admiral advert aerial affair agenda alarm album
    alley almond amber anchor angle ankle antler anvil apple apron arbour arcade archer arena armour arrow artist
    ashore aspen atlas attic auburn autumn avenue awning badge bakery ballad bamboo banjo banner barley barrel
    basket beacon beaver bellow bench berry bishop blanket blossom bonnet border bottle boulder bounty bracket
    bramble breeze bridle bronze bucket buffalo bugle bundle burrow butter cabin cactus camel candle canvas canyon
    carbon carpet castle cattle cedar cellar cereal chalk chapel cherry chimney cider circus citrus clover cobalt
    coffee comet copper coral cotton cradle crayon cricket crystal cupboard curtain cushion dagger daisy dancer
    delta desert diesel dolphin donkey dragon drizzle duckling eagle easel echo eclipse elbow ember emerald engine
    falcon feather fennel ferry fiddle fjord flannel flute forest fossil fountain fox galaxy garlic garnet gazelle
    ginger glacier goblet gravel griffin guitar hammock harbour harvest hazel hedge helmet heron hickory honey
    horizon husky iceberg igloo indigo island ivory jacket jasmine jigsaw jungle kayak kennel kettle kiln kitten
    ladder lagoon lantern lattice lemon lentil lilac linen lizard lobster locket lotus lumber magnet mango maple
    marble meadow melon meteor mitten monsoon mosaic muffin mustard nectar nettle nickel noodle nutmeg oasis oboe
    orchard otter oyster paddle pagoda palette panther parcel parrot pebble pelican pepper pewter piano pickle
    pigeon pillow pistachio planet plume pocket pollen poppy prairie pretzel puffin pumpkin quarry quill quiver
    rabbit radish raft raisin raven ribbon river rocket rooster saddle saffron salmon satchel scarlet scooter
""".split()))
FILLER = ("the", "and", "of", "children", "review")
LEADS = ("Ann Bee", "Cy Dee", "Ed Eff", "Gil Hay")
SCALE = [LevelDraft("R", "Red", "red"), LevelDraft("A", "Amber", "amber"), LevelDraft("G", "Green", "green")]
FIRST, SECOND = ("RAG 01/26", "2026-01-31"), ("RAG 02/26", "2026-02-28")
EDITS = ("insert", "delete", "reorder", "reword", "rating", "lead")


@dataclass
class Item:
    """One row of the model plan; `ident` is who it is, whatever the document does to it."""

    ident: int
    text: list[str]
    lead: str
    rating: str
    ref: str = ""
    reworded: bool = False


@dataclass
class Model:
    with_refs: bool
    sections: list[list[Item]]
    fresh: list[str]  # words no row has used yet
    count: int = 0
    first_ratings: dict[int, str] = field(default_factory=dict)  # the first report's RAG 01/26, by ident

    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section]

    def new_item(self, section: int, lead: str, rating: str, size: int, filler: str) -> Item:
        self.count += 1
        text = [self.fresh.pop() for _ in range(size)]
        if filler:
            text.insert(size // 2, filler)
        return Item(self.count, text, lead, rating, f"{section + 1}.{self.count}" if self.with_refs else "")


@st.composite
def scenarios(draw):
    """A first report, the edits the next report makes, and the actions people write notes on."""
    model = Model(with_refs=draw(st.booleans()), sections=[], fresh=list(draw(st.permutations(VOCAB))))
    for s in range(draw(st.integers(1, 3))):
        model.sections.append([
            model.new_item(s, draw(st.sampled_from(LEADS)), draw(st.sampled_from("RAG")), draw(st.integers(6, 9)),
                           draw(st.sampled_from(("", *FILLER))))
            for _ in range(draw(st.integers(1, 5)))])
    edits = draw(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 999), st.integers(0, 999),
                                    st.sampled_from(("", *FILLER))), max_size=7))
    notes = draw(st.lists(st.integers(0, 999), min_size=1, max_size=4))
    return model, edits, notes


def next_report(first: Model, edits: list[tuple]) -> Model:
    """The first report with the edits applied (each row reworded at most once, by one word)."""
    model = copy.deepcopy(first)
    model.first_ratings = {item.ident: item.rating for item in first.items()}
    for kind, a, b, filler in edits:
        items = model.items()
        item = items[a % len(items)]
        section = model.sections[a % len(model.sections)]
        if kind == "insert":
            section.insert(b % (len(section) + 1),
                           model.new_item(model.sections.index(section), LEADS[b % 4], "RAG"[b % 3], 6 + b % 4, filler))
        elif kind == "delete" and len(items) > 1:
            next(s for s in model.sections if item in s).remove(item)
        elif kind == "reorder" and len(section) > 1:
            i, j = a % len(section), b % len(section)
            section[i], section[j] = section[j], section[i]
        elif kind == "reword" and not item.reworded:
            item.reworded = True
            k = b % len(item.text)
            if b % 3 == 0:
                item.text[k] = model.fresh.pop()
            elif b % 3 == 1:
                item.text.insert(k, model.fresh.pop())
            elif len(item.text) > 6:
                del item.text[k]
        elif kind == "rating" and b % 2 and item.ident in model.first_ratings:  # RAG 01/26 corrected
            model.first_ratings[item.ident] = "RAG"[("RAG".index(model.first_ratings[item.ident]) + 1) % 3]
        elif kind == "rating":  # RAG 02/26 differs from RAG 01/26
            item.rating = "RAG"[("RAG".index(item.rating) + 1 + b % 3) % 3]
        elif kind == "lead":
            item.lead = LEADS[(LEADS.index(item.lead) + 1 + b % 3) % 4]
    return model


def draft(model: Model, second: bool) -> PlanDraft:
    """The model as a document: the first report rates RAG 01/26; the next one also RAG 02/26 (its RAG 01/26
    column is the first report's value, unless the edits corrected it)."""
    sections = []
    for s, rows in enumerate(model.sections):
        actions = []
        for item in rows:
            rated = [EntryDraft(FIRST[1], item.rating, "", period=FIRST[0])]
            if second:
                first = model.first_ratings.get(item.ident, item.rating)
                rated = [EntryDraft(FIRST[1], first, "", period=FIRST[0]),
                         EntryDraft(SECOND[1], item.rating, f"progress of row {item.ident}", period=SECOND[0])]
            actions.append(ActionDraft(ref=item.ref, text=" ".join(item.text).capitalize(), lead=item.lead,
                                       due_raw="March 2027", entries=rated))
        sections.append(SectionDraft(kind="priority", ref=str(s + 1), title=f"Priority {s + 1}", actions=actions))
    return PlanDraft(title="Property plan", authority="Testshire", doc_date=SECOND[1] if second else FIRST[1],
                     scale=list(SCALE), sections=sections, source="next.csv" if second else "first.csv")


def identities(conn, model: Model) -> dict[str, int]:
    """Stored active action id -> the ident of the document row it was saved from (by document position)."""
    rows = model.items()
    active = find_actions(conn, ActionFilter())
    assert sorted(a.position for a in active) == list(range(len(rows)))  # one action per row: none duplicated
    return {a.id: rows[a.position].ident for a in active}


def _dump(conn) -> dict:
    tables = ("plan", "level", "section", "action", "entry", "audit")
    return {t: sorted(map(tuple, conn.execute(f"SELECT * FROM {t}")), key=repr) for t in tables}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_every_entry_stays_on_its_action_through_a_reimport(scenario):
    first, edits, note_picks = scenario
    second = next_report(first, edits)
    conn = connect(":memory:")
    try:
        save_plan(conn, draft(first, second=False))
        before = identities(conn, first)
        notes = {}
        for pick in note_picks:
            aid = list(before)[pick % len(before)]
            notes[add_entry(conn, aid, note=f"note on row {before[aid]}", author="Tester", on_date="2026-02-10")] = aid
        counts = {aid: len(entries(conn, aid)) for aid in before}

        report = save_plan(conn, draft(second, second=True))
        after = identities(conn, second)
        kept = {item.ident for item in second.items()}
        for aid, ident in before.items():
            if ident in kept:  # the row, perhaps reworded, moved or re-rated: the same action
                assert after.get(aid) == ident, (ident, report.lines())
            else:  # deleted: marked removed, every entry kept
                state = conn.execute("SELECT state FROM action WHERE id = ?", (aid,)).fetchone()[0]
                assert state == "removed" and len(entries(conn, aid)) == counts[aid]
        for entry_id, aid in notes.items():
            assert conn.execute("SELECT action_id FROM entry WHERE id = ?", (entry_id,)).fetchone()[0] == aid
        assert report.added == len(kept - set(before.values())) and report.ambiguous == 0
        assert report.removed == len(set(before.values()) - kept)
        # each action is what its row says, with one live rating per period: the row's
        rows = {item.ident: item for item in second.items()}
        for action in find_actions(conn, ActionFilter()):
            item = rows[after[action.id]]
            assert (words(action.text), action.lead) == (" ".join(item.text), item.lead)
            live = {e.period: e.rating for e in entries(conn, action.id)
                    if e.origin == "import" and not e.superseded_by}
            assert live == {FIRST[0]: second.first_ratings.get(item.ident, item.rating), SECOND[0]: item.rating}
        # the same report again changes nothing
        stored = _dump(conn)
        again = save_plan(conn, draft(second, second=True))
        assert (again.added, again.changed, again.removed, again.entries_added) == (0, 0, 0, 0)
        assert _dump(conn) == stored
    finally:
        conn.close()
