"""Synthetic plans for the benchmark: a PlanDraft of any size saved into a fresh database, and a big xlsx.

    python bench/generate.py --actions 10000 --out /tmp/plan-10000.db
    python bench/generate.py --xlsx 10000 --out /tmp/tracker.xlsx

Everything is made up here from small word lists (no text from real plans); the same size and seed
always give the same plan.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from planreview.importers.model import ActionDraft, EntryDraft, LevelDraft, PlanDraft, SectionDraft  # noqa: E402

GENERATOR_VERSION = 2  # bump when the plan shape changes, so cached databases are rebuilt
DOC_DATE = "2026-11-02"
TODAY = "2026-11-22"
SEARCH_WORD = "quayside"  # a rare word in about one action in fifty, for the search keystroke timing

SCALE = (
    LevelDraft("R", "Red", "red", "Off track; the due date is at risk."),
    LevelDraft("A", "Amber", "amber", "Some slippage; needs attention."),
    LevelDraft("G", "Green", "green", "On track."),
    LevelDraft("B", "Blue", "blue", "Complete and evidenced."),
)

_VERBS = ("Introduce", "Review", "Agree", "Embed", "Publish", "Audit", "Train", "Redesign", "Monitor", "Recruit",
          "Commission", "Strengthen", "Extend", "Pilot", "Set up", "Report on")
_THINGS = ("the duty rota", "supervision records", "the placement panel", "case file audits", "return interviews",
           "the workforce plan", "team caseloads", "the quality framework", "multi-agency training",
           "the escalation protocol", "care plans", "pathway plans", "the sufficiency strategy",
           "performance clinics", "the practice standards", "the partnership board", "family group meetings",
           "the complaints process", "short break provision", "the early help offer")
_CLAUSES = ("so that every child is seen within agreed timescales", "with named managers in each locality",
            "and report progress to the improvement board each quarter", "using the revised threshold guidance",
            "so that decisions are recorded on the child's file", "with health and police partners",
            "across all three area teams", "drawing on feedback from young people and carers",
            "and check the effect through monthly dip sampling", "within the existing budget",
            "so that agency staff numbers fall", "in line with the new practice model",
            "and share the learning with every team", "before the next inspection visit")
_FIRST = ("Alex", "Sam", "Priya", "Tom", "Grace", "Imran", "Joanne", "Mark", "Aisha", "Kevin", "Ruth", "Dev",
          "Helen", "Owen", "Nadia", "Paul", "Claire", "Yusuf", "Emma", "Gareth")
_LAST = ("Hughes", "Patel", "Okafor", "Morgan", "Clarke", "Ahmed", "Baker", "Evans", "Singh", "Walsh", "Turner",
         "Price", "Begum", "Lloyd", "Shaw")
_ROLES = ("Head of Service", "Service Manager", "Principal Social Worker", "Group Manager", "Team Manager",
          "Performance Lead", "Workforce Lead")
_NOTES = ("Work started; first meeting held.", "Behind plan because of staff vacancies.",
          "Draft agreed by the leadership team.", "Audit completed; findings shared with managers.",
          "Training delivered to two of three teams.", "Partners have signed up to the new protocol.",
          "Evidence checked at the board; rating confirmed.", "Slippage reported; new date proposed.",
          "Dip sample shows improvement in recording.", "Awaiting sign-off from the director.")
_RELATIVE_DUE = ("Ongoing", "3 months", "Quarterly", "By end of year", "6 months")
_MOVES = {"R": "RRAAG", "A": "RAAGG", "G": "AGGGB", "B": "GBBBB"}


def _sentence(rng: random.Random, low: int = 60, high: int = 300) -> str:
    """An action text of between low and high characters, like the rows of published plans."""
    target = rng.randint(low, high)
    parts = [f"{rng.choice(_VERBS)} {rng.choice(_THINGS)}"]
    while len(", ".join(parts)) < target:
        parts.append(rng.choice(_CLAUSES) if rng.random() < 0.7 else rng.choice(_THINGS))
    text = ", ".join(parts)
    if len(text) > high:
        text = text[:high].rsplit(" ", 1)[0]
    return text + "."


def _leads(rng: random.Random, count: int) -> list[str]:
    names = sorted({f"{f} {last}" for f in _FIRST for last in _LAST})
    rng.shuffle(names)
    return names[:count]


def _entries(rng: random.Random, due: date) -> list[EntryDraft]:
    """4-12 dated entries, a month or so apart, whose ratings drift like real reviews do."""
    count = rng.randint(4, 12)
    day = date.fromisoformat(DOC_DATE) - timedelta(days=30 * count + rng.randint(0, 20))
    code = rng.choice("RAAG")
    out = []
    for i in range(count):
        day += timedelta(days=rng.randint(21, 35))
        day = min(day, date.fromisoformat(DOC_DATE))
        code = rng.choice(_MOVES[code])
        note = rng.choice(_NOTES)
        out.append(EntryDraft(on_date=day.isoformat(), rating=code, note=note, period=f"review {i + 1}"))
    return out


def _action(rng: random.Random, ref: str, leads: list[str]) -> ActionDraft:
    due = date(2025, 1, 1) + timedelta(days=rng.randint(0, 3 * 365))
    relative = rng.random() < 0.12
    if rng.random() < 0.02:
        text = _sentence(rng, 60, 270)[:-1] + f" at the {SEARCH_WORD} office."
    else:
        text = _sentence(rng)
    return ActionDraft(
        ref=ref,
        text=text,
        outcome=_sentence(rng, 40, 140),
        measure=_sentence(rng, 30, 100),
        lead=rng.choice(leads) if rng.random() < 0.85 else f"{rng.choice(leads)} / {rng.choice(leads)}",
        owner=rng.choice(_ROLES),
        due_raw=rng.choice(_RELATIVE_DUE) if relative else due.strftime("%b %Y"),
        due_date=None if relative else due.isoformat(),
        tags=[f"R{rng.randint(1, 12)}"] if rng.random() < 0.3 else [],
        entries=_entries(rng, due),
    )


def _shape(actions: int) -> tuple[int, int]:
    """(priorities, objectives per priority) for a plan of this many actions."""
    priorities = max(3, min(40, round(actions**0.5 / 5)))
    objectives = max(2, min(25, round(actions / priorities / 40)))
    return priorities, objectives


def build_plan(actions: int, seed: int = 7) -> PlanDraft:
    """A plan of exactly `actions` actions under priorities and objectives, each with 4-12 rated entries."""
    rng = random.Random(seed)
    leads = _leads(rng, 120)
    priorities, objectives = _shape(actions)
    slots = priorities * objectives
    sections = []
    made = 0
    for p in range(priorities):
        priority = SectionDraft(kind="priority", ref=str(p + 1), title=_sentence(rng, 30, 70).rstrip("."),
                                body=_sentence(rng, 100, 300))
        for o in range(objectives):
            slot = p * objectives + o
            share = actions * (slot + 1) // slots - actions * slot // slots
            objective = SectionDraft(kind="objective", ref=f"{p + 1}.{o + 1}", title=_sentence(rng, 30, 80).rstrip("."))
            for a in range(share):
                objective.actions.append(_action(rng, f"{p + 1}.{o + 1}.{a + 1}", leads))
            made += share
            priority.children.append(objective)
        sections.append(priority)
    assert made == actions
    return PlanDraft(
        title=f"Synthetic improvement plan ({actions} actions)",
        authority="Benchmark Borough Council",
        source=f"bench-{actions}.json",
        doc_date=DOC_DATE,
        scale=list(SCALE),
        sections=sections,
    )


def write_db(actions: int, out: Path, seed: int = 7) -> Path:
    """Build a plan of this size and save it into a fresh database at `out` (replacing any old file)."""
    from planreview.store.db import connect
    from planreview.store.save_plan import save_plan

    out = Path(out)
    for old in (out, Path(f"{out}-wal"), Path(f"{out}-shm")):
        old.unlink(missing_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    for old in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        old.unlink(missing_ok=True)
    conn = connect(tmp)
    try:
        save_plan(conn, build_plan(actions, seed), today=TODAY)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    for leftover in (Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    tmp.rename(out)
    return out


XLSX_HEADERS = ("Ref", "Priority", "Action", "Outcome", "Lead", "Timescale", "RAG", "Progress update")


def write_xlsx(rows: int, out: Path, seed: int = 11) -> Path:
    """A tracker workbook with a title row and `rows` action rows under a header the importers know."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    leads = _leads(rng, 80)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Tracker")
    sheet.append(["Synthetic service improvement tracker"])
    sheet.append([])
    sheet.append(list(XLSX_HEADERS))
    per_priority = max(1, rows // 20)
    for i in range(rows):
        p = i // per_priority + 1
        a = _action(rng, f"{p}.{i % per_priority + 1}", leads)
        sheet.append([a.ref, f"Priority {p}", a.text, a.outcome, a.lead, a.due_raw,
                      rng.choice(("Red", "Amber", "Green", "Blue")), rng.choice(_NOTES)])
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: --actions N --out FILE.db, or --xlsx ROWS --out FILE.xlsx."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--actions", type=int, help="make a database with this many actions")
    what.add_argument("--xlsx", type=int, metavar="ROWS", help="make an .xlsx tracker with this many rows")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.actions is not None:
        if args.actions < 1:
            parser.error("--actions must be at least 1")
        write_db(args.actions, args.out, args.seed)
    else:
        write_xlsx(args.xlsx, args.out, args.seed)
    print(f"wrote {args.out} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
