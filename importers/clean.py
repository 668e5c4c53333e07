"""Imported text made safe to keep: no control characters, no cell larger than the store will take."""

from __future__ import annotations

from dataclasses import fields, is_dataclass

from planreview.importers.model import PlanDraft

from planreview.text import inert

CELL_LIMIT = 65_536  # characters; a larger cell froze the app for 15-25 s and is never a real plan's cell


def cut_marker(extra: int) -> str:
    """The visible end of a cut cell."""
    return f" [… cut by planreview: {extra:,} more characters]"


def clean_text(value: str) -> tuple[str, bool]:
    """One imported string: inert, and cut to CELL_LIMIT with a visible marker; says whether it was cut."""
    value = inert(value).replace("\t", " ")  # a tab in a cell misaligns every table it is shown in
    if len(value) <= CELL_LIMIT:
        return value, False
    return value[:CELL_LIMIT] + cut_marker(len(value) - CELL_LIMIT), True


def clean_plan(plan: PlanDraft) -> int:
    """Make every string of a plan inert and within the cell limit, in place; return how many cells were cut."""
    cut = 0

    def clean(value):
        nonlocal cut
        if isinstance(value, str):
            value, was_cut = clean_text(value)
            cut += was_cut
            return value
        if isinstance(value, list):
            return [clean(item) for item in value]
        if isinstance(value, tuple):
            return tuple(clean(item) for item in value)
        if isinstance(value, dict):
            return {clean(key): clean(item) for key, item in value.items()}
        if is_dataclass(value):
            for f in fields(value):
                setattr(value, f.name, clean(getattr(value, f.name)))
        return value

    clean(plan)
    return cut
