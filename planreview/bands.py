"""The canonical bands and how they read: letters, names, ranks, arrows and words (one place for every layer)."""

from __future__ import annotations

BANDS = ("red", "amber", "green", "blue", "none")
RATED_BANDS = BANDS[:-1]
BAND_LETTERS = {"red": "R", "amber": "A", "green": "G", "blue": "B", "none": "-"}
HEADER_LETTERS = {**BAND_LETTERS, "none": "–"}
TALLY_LETTERS = {**BAND_LETTERS, "none": "U"}  # in 'R1 A4 U2' a dash would read as minus two
BAND_NAMES = {"red": "red", "amber": "amber", "green": "green", "blue": "blue", "none": "unrated"}
BAND_MEANINGS = {"red": "red", "amber": "amber", "green": "green", "blue": "blue (complete)", "none": "not rated"}
BAND_RANK = {"red": 1, "amber": 2, "green": 3, "blue": 4}
ARROWS = {"up": "↑", "down": "↓", "same": "→", "": " "}
ARROW_WORDS = {"up": "↑ better", "down": "↓ worse", "same": "→ same", "": ""}
DIRECTION_WORDS = {"up": "improved", "down": "worsened", "same": "unchanged", "": "no previous rating"}


def direction(band: str, prev_band: str) -> str:
    """Direction of travel between two bands: 'up', 'down', 'same', or '' when either is unrated."""
    if band not in BAND_RANK or prev_band not in BAND_RANK:
        return ""
    now, before = BAND_RANK[band], BAND_RANK[prev_band]
    return "up" if now > before else "down" if now < before else "same"


def worse(band: str, before: str) -> bool:
    """Whether a band is worse than an earlier one (both rated)."""
    return band in BAND_RANK and before in BAND_RANK and BAND_RANK[band] < BAND_RANK[before]


def letter(band: str) -> str:
    """R A G B or - for a band."""
    return BAND_LETTERS.get(band, "-")


def arrow(direction_: str) -> str:
    """↑ improved, ↓ worsened, → same, blank when unrated."""
    return ARROWS.get(direction_, " ")


def rating_words(band: str, label: str | None) -> str:
    """A rating as letter and label ('A 2 Started, behind'), never colour alone; '- unrated' without one."""
    return f"{letter(band)} {label}" if label else "- unrated"
