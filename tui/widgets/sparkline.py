"""A text sparkline (block characters), readable without colour and in any terminal."""

from __future__ import annotations

import re

BLOCKS = "▁▂▃▄▅▆▇█"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")


def to_number(value: str) -> float | None:
    """The first number in a KPI value ('73%' -> 73, '1,204' -> 1204), or None."""
    match = _NUMBER.search(_THOUSANDS.sub("", value))
    return float(match.group()) if match else None


def sparkline(values: list[str]) -> str:
    """One block per value scaled between the smallest and largest; '·' for a value that is not a number."""
    numbers = [to_number(v) for v in values]
    known = [n for n in numbers if n is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    if high == low:  # flat: a middle line, so that 'unchanged' does not read as 'low'
        return "".join("·" if n is None else BLOCKS[len(BLOCKS) // 2 - 1] for n in numbers)
    span = high - low
    top = len(BLOCKS) - 1
    return "".join("·" if n is None else BLOCKS[round((n - low) / span * top)] for n in numbers)
