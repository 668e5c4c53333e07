"""Resolving what a user types as a rating to one level of a plan's own scale."""

from __future__ import annotations

from planreview.store.records import Level


class UnknownRating(ValueError):
    """A rating that is not a level of the plan's scale; the message lists the valid ones."""


def resolve_rating(scale: list[Level], typed: str) -> Level:
    """The level a typed rating names: its code or label (any case), or a band with exactly one level."""
    want = " ".join(typed.split()).casefold()
    for level in scale:
        if want in (level.code.casefold(), level.label.casefold(), _bare_label(level).casefold()):
            return level
    in_band = [level for level in scale if level.band == want]
    if len(in_band) == 1:
        return in_band[0]
    valid = ", ".join(lv.label if lv.label.startswith(lv.code) else f"{lv.code} ({lv.label})" for lv in scale)
    if not scale:
        raise UnknownRating(f"unknown rating {typed!r}: this plan has no rating scale.")
    if len(in_band) > 1:
        raise UnknownRating(f"rating {typed!r} is ambiguous: this plan has several {want} levels; use one of {valid}.")
    raise UnknownRating(f"unknown rating {typed!r}; this plan's levels are {valid}.")


def _bare_label(level: Level) -> str:
    """A label without the code it starts with ("3 On track" -> "On track")."""
    label = level.label
    if label.casefold().startswith(level.code.casefold()) and label != level.code:
        return label[len(level.code):].strip(" .:-–")
    return label
