"""Rating cells of spreadsheets and Word tables -> levels of the plan's own scale and bands."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from planreview.importers.model import LevelDraft

from planreview.bands import BANDS

_WORDS = (  # tried in order; the phrase is searched for as whole words in the folded cell
    (
        "red",
        (
            "not started",
            "not on track",
            "off track",
            "off target",
            "not met",
            "not complete",
            "not completed",
            "significant concern",
            "significant concerns",
            "red",
        ),
    ),
    (
        "amber",
        (
            "at risk",
            "slipping",
            "some slippage",
            "partially met",
            "partially complete",
            "in progress",
            "amber",
            "yellow",
            "orange",
        ),
    ),
    (
        "blue",
        ("complete", "completed", "done", "closed", "achieved", "fully met", "embedded", "sustained", "blue"),
    ),
    ("green", ("on track", "on target", "good progress", "met", "green")),
)
_COLOUR_WORDS = (
    ("red", "red"),
    ("amber", "amber"),
    ("amber", "yellow"),
    ("green", "green"),
    ("blue", "blue"),
)
_LETTERS = {"r": "red", "a": "amber", "y": "amber", "g": "green", "b": "blue", "c": "blue"}
_COLOUR_NAMES = {word for _, word in _COLOUR_WORDS}
_SAME_LEVEL = {"completed": "complete", "not completed": "not complete", "on target": "on track"}
_NUMBERS = {1: "red", 2: "amber", 3: "green", 4: "blue", 5: "blue"}
_SEVERITY = {band: index for index, band in enumerate(("red", "amber", "green", "blue"))}

# Reference fills as councils colour RAG cells (plain, light conditional-format and theme shades).
_PALETTE = {
    "red": ("FF0000", "C00000", "E6B8B7", "FFC7CE", "F4CCCC", "FF6666", "DA9694", "C0504D", "E53935"),
    "amber": (
        "FFC000",
        "FFBF00",
        "FFA500",
        "ED7D31",
        "FFFF00",
        "FFEB9C",
        "F79646",
        "FCD5B4",
        "FFD966",
        "FFE699",
        "F4B084",
    ),
    "green": (
        "00B050",
        "92D050",
        "00FF00",
        "008000",
        "C6EFCE",
        "70AD47",
        "A9D08E",
        "9BBB59",
        "D8E4BC",
        "00B050",
        "C4D79B",
    ),
    "blue": ("0070C0", "00B0F0", "0000FF", "5B9BD5", "4472C4", "9BC2E6", "8DB4E2", "4F81BD", "2E75B6"),
    "none": (
        "FFFFFF",
        "000000",
        "D9D9D9",
        "BFBFBF",
        "808080",
        "F2F2F2",
        "A6A6A6",
        "595959",
        "EEECE1",
        "E7E6E6",
        "44546A",
        "1F497D",
        "DDEBF7",
        "BDD7EE",
        "DCE6F1",
        "FDE9D9",
        "EBF1DE",
        "FFF2CC",
    ),
}
_FOLD = re.compile(r"[^a-z0-9/ ]+")


@dataclass(frozen=True, slots=True)
class Rating:
    """One rating as read from a cell: the key that identifies its level, a label and a band."""

    key: str  # folded identity of the level: "green", "1", "on track"
    label: str
    band: str


def _fold(value: object) -> str:
    text = "" if value is None else str(value)
    return " ".join(_FOLD.sub(" ", text.lower()).split())


def _number(text: str) -> int | None:
    m = re.fullmatch(r"(\d)(\.0+)?", text)
    return int(m.group(1)) if m else None


def _word_band(text: str) -> tuple[str, str] | None:
    colours = [(text.split().index(word), band, word) for band, word in _COLOUR_WORDS if word in text.split()]
    if colours:
        _, band, word = min(colours)
        return band, word
    for band, phrases in _WORDS:
        for phrase in phrases:
            if re.search(rf"(^|\s){re.escape(phrase)}($|\s)", text):
                return band, phrase
    return None


def _combined(text: str) -> Rating | None:
    """ "Amber/Green", "R/A", "A-G": the worse band of the parts, keyed by the whole cell."""
    parts = [p for p in re.split(r"\s*/\s*|\s+", text) if p]
    if len(parts) != 2:
        return None
    bands = [_LETTERS.get(p) or (_word_band(p) or (None,))[0] for p in parts]
    if None in bands or any(p in {"met", "done"} for p in parts):
        return None
    band = min(bands, key=_SEVERITY.__getitem__)
    return Rating(
        key=text, label="/".join(p.capitalize() if len(p) > 1 else p.upper() for p in parts), band=band
    )


def rating_of(value: object) -> Rating | None:
    """The rating a cell's text states (word, letter or 1-5 number), None when blank, "0" or junk."""
    return _rating_of_text("" if value is None else str(value))


@lru_cache(maxsize=4096)
def _rating_of_text(value: str) -> Rating | None:
    """The rating a cell's text states (word, letter or 1-5 number), None when blank, "0" or junk."""
    text = _fold(value)
    if not text or len(text) > 80:
        return None
    number = _number(str(value).strip())
    if number is not None:
        return (
            Rating(key=str(number), label=str(number), band=_NUMBERS[number]) if number in _NUMBERS else None
        )
    if text in _LETTERS:
        band = _LETTERS[text]
        return Rating(key=band, label=band.capitalize(), band=band)
    if "/" in text or len(text.split()) == 2:
        combined = _combined(text.replace("-", " "))
        if combined is not None:
            return combined
    head = text if len(text.split()) <= 3 else " ".join(text.split()[:3])
    found = _word_band(head)
    if found is None:
        return None
    band, phrase = found
    key = band if phrase in _COLOUR_NAMES else _SAME_LEVEL.get(phrase, phrase)
    return Rating(key=key, label=phrase.capitalize(), band=band)


def _rgb(hex_colour: str) -> tuple[int, int, int] | None:
    text = (hex_colour or "").strip().lstrip("#")
    if len(text) == 8:  # ARGB as openpyxl gives it
        text = text[2:]
    if not re.fullmatch(r"[0-9a-fA-F]{6}", text):
        return None
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


@lru_cache(maxsize=1024)
def band_of_colour(hex_colour: str | None) -> str | None:
    """The band nearest a fill colour ("FFC000" -> "amber"), None for white, greys or no colour."""
    rgb = _rgb(hex_colour or "")
    if rgb is None:
        return None
    best, best_distance = "none", float("inf")
    for band, colours in _PALETTE.items():
        for colour in colours:
            ref = _rgb(colour)
            distance = sum((a - b) ** 2 for a, b in zip(rgb, ref, strict=True))
            if distance < best_distance:
                best, best_distance = band, distance
    return None if best == "none" else best


def rating_of_fill(hex_colour: str | None) -> Rating | None:
    """The rating a cell's fill colour states, for rating cells left empty but coloured."""
    band = band_of_colour(hex_colour)
    return Rating(key=band, label=band.capitalize(), band=band) if band else None


class ScaleBuilder:
    """Collects the ratings a plan actually uses and builds its scale from them."""

    def __init__(self) -> None:
        self._levels: dict[str, LevelDraft] = {}

    def code(self, value: object, fill: str | None = None) -> str | None:
        """The scale code for a rating cell (its text, else its fill colour when empty), or None."""
        text = "" if value is None else str(value).strip()
        rating = rating_of(text) if text else rating_of_fill(fill)
        if rating is None:
            return None
        level = self._levels.get(rating.key)
        if level is None:
            level = LevelDraft(code=rating.label, label=rating.label, band=rating.band)
            self._levels[rating.key] = level
        return level.code

    def describe(self, value: object, meaning: str) -> bool:
        """Record the document's own meaning for a level (from a key or legend); False if not a rating."""
        rating = rating_of(value)
        if rating is None or not meaning.strip():
            return False
        self.code(value)
        self._levels[rating.key].meaning = meaning.strip()
        return True

    def levels(self) -> list[LevelDraft]:
        """The levels seen, worst band first (numbers in order within a band)."""

        def order(level: LevelDraft) -> tuple[int, str]:
            return BANDS.index(level.band), level.code.zfill(3)

        return sorted(self._levels.values(), key=order)
