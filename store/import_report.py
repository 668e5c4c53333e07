"""What an import did to one plan: counts for the summary line, and what happened to each action."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("added", "changed", "removed", "ambiguous", "corrected")
FIELD_WORDS = {"text": "action text", "due_raw": "due", "due_date": "due date", "owner": "responsible officer",
               "state": "state", "section": "section"}


def action_name(ref: str, text: str) -> str:
    """How the report names an action: its ref, or the start of its text in quotes when it has none."""
    ref = _printable(ref)
    if ref:
        return ref
    words = _printable(text)
    return f"'{words[:37]}…'" if len(words) > 38 else f"'{words}'" if words else "(no text)"


def _printable(text: str) -> str:
    """One line with no control characters (document text reaches a terminal)."""
    return " ".join("".join(c for c in (text or "") if c.isprintable() or c.isspace()).split())


@dataclass(frozen=True, slots=True)
class FieldConflict:
    """A field changed both here and in the document: the value here was kept."""

    field: str
    ours: str | None
    theirs: str | None


@dataclass(frozen=True, slots=True)
class ActionChange:
    """One line of the per-action report."""

    kind: str  # one of KINDS
    action_id: str
    ref: str
    text: str
    fields: tuple[str, ...] = ()  # changed: the fields the document changed
    conflicts: tuple[FieldConflict, ...] = ()  # changed: fields kept as edited here
    candidates: tuple[tuple[str, str, str], ...] = ()  # ambiguous: (id, ref, text) of the stored actions it could be
    periods: tuple[tuple[str, str | None, str | None], ...] = ()  # corrected: (period, old rating, new rating)

    @property
    def name(self) -> str:
        """The action's ref, or the start of its text."""
        return action_name(self.ref, self.text)

    def line(self) -> str:
        """'  changed    3.2: action text, lead' and the like."""
        head = f"  {self.kind:<10} {self.name}"
        if self.kind == "changed":
            parts = [", ".join(FIELD_WORDS.get(f, f) for f in self.fields)] if self.fields else []
            parts += [f"{FIELD_WORDS.get(c.field, c.field)} kept as edited here; the document says "
                      f"{_quoted(c.theirs)} (field conflict)" for c in self.conflicts]
            return f"{head}: {'; '.join(parts)}"
        if self.kind == "ambiguous":
            names = " or ".join(action_name(ref, text) for _, ref, text in self.candidates)
            return f"{head}: could be {names} (too close to call); added as a new action"
        if self.kind == "corrected":
            return f"{head}: " + ", ".join(f"{p} {old or '-'} -> {new or '-'}" for p, old, new in self.periods)
        return head

    def as_json(self) -> dict:
        """The object `import --json` prints for this action."""
        out: dict = {"kind": self.kind, "id": self.action_id, "ref": self.ref, "text": self.text}
        if self.kind == "changed":
            out["fields"] = list(self.fields)
            out["conflicts"] = [{"field": c.field, "kept": c.ours, "document": c.theirs} for c in self.conflicts]
        if self.kind == "ambiguous":
            out["candidates"] = [{"id": i, "ref": r, "text": t} for i, r, t in self.candidates]
        if self.kind == "corrected":
            out["periods"] = [{"period": p, "old": old, "new": new} for p, old, new in self.periods]
        return out


def _quoted(value: str | None) -> str:
    text = _printable(value or "")
    return "nothing" if not text else f"'{text[:40]}…'" if len(text) > 41 else f"'{text}'"


@dataclass(slots=True)
class ImportReport:
    """What an import did (or, in a dry run, would do) to one plan."""

    plan_id: str
    title: str
    new_plan: bool
    matched_by: str = ""  # "" (a new plan), "id", "title" (the same plan, typed differently), "into" (--into)
    previous_title: str = ""  # the stored title, when it differs from the document's
    sections: int = 0
    actions: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    ambiguous: int = 0
    entries_added: int = 0
    corrected: int = 0  # of entries_added: corrections of an earlier report's value for the same period
    redated: int = 0  # of entries_added: an earlier report's entry, dated earlier by this one (same value)
    bands: dict[str, int] = field(default_factory=dict)
    marked_removed: int = 0  # actions the document itself marks as removed (not counted in actions)
    undated_on: str | None = None  # the file's date, when the document prints none and entries took it
    dry_run: bool = False
    details: list[ActionChange] = field(default_factory=list)

    def line(self) -> str:
        """One summary line for the command line."""
        bands = " ".join(f"{k[0].upper() if k != 'none' else '-'}{v}" for k, v in self.bands.items())
        unchanged = not self.new_plan and not (self.added or self.changed or self.removed or self.entries_added
                                                or self.previous_title)
        if self.dry_run:
            what = "would import" if self.new_plan else "unchanged" if unchanged else "would update"
        else:
            what = "imported" if self.new_plan else "unchanged" if unchanged else "updated"
        kept_out = f", {self.marked_removed} marked removed" if self.marked_removed else ""
        was = f" (the plan stored as {self.previous_title!r})" if self.previous_title else ""
        why = [f"{self.corrected} correcting an earlier report's value"] if self.corrected else []
        why += [f"{self.redated} re-dating an earlier report's entry"] if self.redated else []
        corrected = f" ({', '.join(why)})" if why else ""
        ambiguous = f", ambiguous {self.ambiguous}" if self.ambiguous else ""
        line = (
            f"{what} {self.title!r} [{self.plan_id}]{was}: {self.sections} sections, {self.actions} actions"
            f"{kept_out} ({bands}); added {self.added}, changed {self.changed}, removed {self.removed}{ambiguous}, "
            f"{_plural(self.entries_added, 'entry', 'entries')} added{corrected}"
        )
        if self.undated_on and self.entries_added:
            line += (f"; the document prints no date, so its updates are dated {self.undated_on} "
                     "(the file's date; --date sets another)")
        return line

    def lines(self) -> list[str]:
        """The summary line, then one line per action added, changed, removed, ambiguous or corrected.

        A new plan lists no actions (every one of them is new); the summary says how many.
        """
        if self.new_plan:
            return [self.line()]
        return [self.line(), *(c.line() for c in self.by_kind())]

    def by_kind(self) -> list[ActionChange]:
        """The per-action changes: added, changed, removed, ambiguous, corrected; each in document order."""
        order = {k: n for n, k in enumerate(KINDS)}
        return sorted(self.details, key=lambda c: order[c.kind])

    def as_json(self) -> dict:
        """The object `import --json` prints for this plan."""
        return {
            "plan_id": self.plan_id, "title": self.title, "new_plan": self.new_plan,
            "matched_by": self.matched_by or None, "previous_title": self.previous_title or None,
            "dry_run": self.dry_run, "sections": self.sections, "actions": self.actions,
            "marked_removed": self.marked_removed, "bands": dict(self.bands),
            "counts": {"added": self.added, "changed": self.changed, "removed": self.removed,
                       "ambiguous": self.ambiguous, "entries_added": self.entries_added,
                       "entries_corrected": self.corrected, "entries_redated": self.redated},
            "undated_on": self.undated_on if self.entries_added else None,
            "actions_changed": [c.as_json() for c in self.by_kind()],
        }


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
