"""Tags found in an action's cells: inspection recommendations ('Ofsted recco 14' -> 'ofsted-14'), completion."""

from __future__ import annotations

import re

# "Ofsted recco 14", "OFSTED rec 3", "Ofsted recco14", "Ofsted recommendation 2", "Ofsted 2"
_OFSTED = re.compile(
    r"\bofsted\s*(?:rec(?:c?o(?:mmendation)?s?|s)?\.?|recommendation)?\s*(?:no\.?\s*)?(\d{1,2})\b(?![%/.]\d|%)",
    re.IGNORECASE,
)
# "ACTION COMPLETE", "Action completed", "ACTION CONCLUDED": the document says the action is done
_COMPLETE = re.compile(r"\baction\s+(?:complete[d]?|concluded)\b", re.IGNORECASE)
COMPLETE_TAG = "complete"
# a short ref with a garbled word between: "3.3 Ofsted Or confe 3"
_OFSTED_REF = re.compile(r"\bofsted(?:\s+[a-z]{1,6}){1,2}\s+(\d{1,2})\s*$", re.IGNORECASE)


def find_tags(*texts: str) -> list[str]:
    """Tags for every inspection recommendation named in the texts, in order of first mention."""
    tags: list[str] = []
    for text in texts:
        if not text:
            continue
        numbers = [m.group(1) for m in _OFSTED.finditer(text)]
        if not numbers and len(text) <= 40:
            numbers = [m.group(1) for m in _OFSTED_REF.finditer(text)]
        for number in numbers:
            tag = f"ofsted-{int(number)}"
            if tag not in tags:
                tags.append(tag)
    return tags


def says_complete(*texts: str) -> bool:
    """True when a progress (or impact) text says the action is complete; kept as a tag, never a rating."""
    return any(_COMPLETE.search(text or "") for text in texts)
