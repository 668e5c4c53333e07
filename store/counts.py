"""Counts moved by a one-row change: an action re-rated (or its due date passed) shifts one count from its old band
to its new one, in the plan's summary, the tree's roll-ups and the filtered list, with no recount."""

from __future__ import annotations

from dataclasses import dataclass, replace

from planreview.store.queries import ActionFilter
from planreview.store.records import Action, PlanSummary, Section

# what a save can change about an action without it leaving or joining a list for another reason than its band
# or being overdue (search, lead and section filters read these)
_SAME = ("id", "plan_id", "ref", "text", "lead", "section_path", "state")


@dataclass(frozen=True, slots=True)
class OneRowChange:
    """How one action's change moves the counts."""

    old_band: str
    new_band: str
    was_listed: int  # 1 when the action matched the filter (without its section) before the change
    now_listed: int
    was_overdue: int
    now_overdue: int
    section_path: str


def _passes_bands(action: Action, flt: ActionFilter) -> bool:
    return (not flt.bands or action.band in flt.bands) and (not flt.overdue or action.overdue)


def one_row_change(before: Action, after: Action | None, flt: ActionFilter) -> OneRowChange | None:
    """The count change of an action that matched `flt` before it changed; None when the counts must be read
    again (the action went, or changed something a search, lead or section filter reads)."""
    if after is None or any(getattr(before, name) != getattr(after, name) for name in _SAME):
        return None
    if before.state != "active" or not _passes_bands(before, flt):
        return None
    return OneRowChange(before.band, after.band, 1, int(_passes_bands(after, flt)), int(before.overdue),
                        int(after.overdue), after.section_path)


def moved(counts: dict[str, int], change: OneRowChange) -> dict[str, int]:
    """Band counts of a filtered list after the change (a new dict)."""
    out = dict(counts)
    out[change.old_band] = out.get(change.old_band, 0) - change.was_listed
    out[change.new_band] = out.get(change.new_band, 0) + change.now_listed
    return out


def moved_sections(sections: list[Section], change: OneRowChange) -> list[Section]:
    """The tree's roll-ups after the change: the action's section and every section above it."""
    return [replace(s, bands=moved(s.bands, change)) if change.section_path.startswith(s.path) else s
            for s in sections]


def moved_summary(plan: PlanSummary | None, change: OneRowChange) -> PlanSummary | None:
    """The plan's summary (bands of every active action, overdue count) after the change."""
    if plan is None:
        return None
    whole = replace(change, was_listed=1, now_listed=1)
    return replace(plan, bands=moved(plan.bands, whole),
                   overdue=plan.overdue + change.now_overdue - change.was_overdue)
