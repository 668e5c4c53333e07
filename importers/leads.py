"""Leads as printed, and normalised for filtering: tidy names, several names split apart."""

from __future__ import annotations

import re

from planreview.importers.dates import parse_due

_SPACES = re.compile(r"\s+")
_SEPARATORS = re.compile(r"\s*(?:/|&|\+|;|\n|\band\b)\s*", re.IGNORECASE)
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE_TOKEN = re.compile(
    rf"^(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}|\d{{1,2}}/\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?|st|nd|rd|th|"
    rf"'?\d{{2}}|\d{{4}}|(?:{_MONTHS})[a-z]*\.?,?(?:[\-']\d{{2,4}})?)$",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.\-]*|of|the|for|[A-Z]{2,})$")


def split_lead_and_date(cell: str) -> tuple[str, str]:
    """Split a cell holding a lead and a due date ('Ann Bee 08/01/2018') into (lead, due_raw)."""
    text = _SPACES.sub(" ", cell or "").strip()
    tokens = text.split(" ")
    start = len(tokens)
    while start > 0 and _DATE_TOKEN.match(tokens[start - 1]):
        start -= 1
    tail = " ".join(tokens[start:])
    if start == len(tokens) or not any(ch.isdigit() for ch in tail) or parse_due(tail) is None:
        return text, ""
    return " ".join(tokens[:start]).rstrip(" ,-–"), tail


def normalise_leads(raw: str) -> list[str]:
    """The names in a lead cell, tidied for filtering: spacing and case fixed, one name per entry."""
    text = _SPACES.sub(" ", (raw or "").replace("\n", " ; ")).strip()
    if not text:
        return []
    names: list[str] = []
    for part in _SEPARATORS.split(text):
        for piece in _split_commas(part):
            name = _tidy(piece)
            if name and name.lower() not in {n.lower() for n in names}:
                names.append(name)
    return names


def _split_commas(part: str) -> list[str]:
    pieces = [p.strip() for p in part.split(",")]
    if len(pieces) > 1 and all(_looks_like_name(p) for p in pieces):
        return pieces
    return [part]


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 4 and all(_NAME_WORD.match(w) for w in words)


def _tidy(name: str) -> str:
    name = name.strip(" ,.-–;")
    if name.isupper() or name.islower():  # SHOUTED or all lower: capitalise the words
        small = {"of", "the", "and", "for"}
        return " ".join(w if w.lower() in small else w.capitalize() for w in name.lower().split())
    return name
