"""The normalised form of a lead cell, stored for filtering."""

from __future__ import annotations

import re

_SPLIT = re.compile(r"\s*(?:/|&|;|\band\b|\n)\s*", re.I)


def lead_names(raw: str) -> list[str]:
    """The names in a lead cell, tidied and lower case (split on '/', '&', ';', 'and', new lines)."""
    names = [" ".join(part.split()).strip(" ,.-").casefold() for part in _SPLIT.split(raw or "")]
    return [n for n in names if n]


def lead_key(raw: str) -> str:
    """'|name one|name two|' for LIKE filtering of a lead cell."""
    names = lead_names(raw)
    return "|" + "|".join(names) + "|" if names else ""
