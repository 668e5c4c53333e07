"""Two reports of one plan at different dates, made at test time from a shared seed (its text is never committed).

The seed is the later report. The earlier one is derived from it as a committee would have printed it months
before: one rating column fewer, some actions worded differently, curly quotes and dashes, another date.
"""

from __future__ import annotations

import re
from pathlib import Path

DEV = "thurrock-csc-development-plan-2018-19"
# seed wording -> the earlier report's wording
EARLIER_WORDING = {
    "Increase use of CAF by Health Visitors": "Increase the use of the CAF by Health Visitors",
    "Implement a workforce strategy with a focus on sustaining the recruitment and retention of social workers":
        "Implement a workforce strategy to sustain the recruitment and retention of social workers",
    "EH staff participate in MASH to support shared development of threshold and to reduce referrals needing":
        "EH staff take part in MASH to support a shared understanding of threshold and to reduce referrals needing",
}
_RATING = re.compile(r"[0-5]")


def drop_rating_column(text: str, header: str) -> str:
    """The report without one rating-history column: its header cell, and in each table row the cell after the
    row's first rating (the KPI rows, "P1 ...", hold figures, not ratings, and are left alone)."""
    out = []
    for line in text.split("\n"):
        cells = line.split("\t")
        if any(c.strip().lower() == header.lower() for c in cells):
            cells = [c for c in cells if c.strip().lower() != header.lower()]
        elif not re.match(r"P\d\t", line):
            first = next((k for k in range(len(cells) - 1)
                          if _RATING.fullmatch(cells[k].strip()) and _RATING.fullmatch(cells[k + 1].strip())), None)
            if first is not None:
                del cells[first + 1]
        out.append("\t".join(cells))
    return "\n".join(out)


def earlier_report(seed: Path, folder: Path) -> Path:
    """The March 2018 report of the plan whose July 2018 report is the seed."""
    text = seed.read_text(encoding="utf-8")
    text = drop_rating_column(text, "RAG 01/18")
    for now, then in EARLIER_WORDING.items():
        assert text.count(now) == 1, now
        text = text.replace(now, then)
    assert text.count("3 July 2018") == 1
    text = text.replace("3 July 2018", "6 March 2018")
    text = text.replace("'", "’").replace(" - ", " – ").replace("2017-19", "2017–19")
    path = folder / "development-plan-march-2018.txt"
    path.write_text(text, encoding="utf-8")
    return path


def without_line(seed: Path, folder: Path, words: str, name: str = "development-plan-july-2018.txt",
                 replace: tuple[str, str] | None = None) -> Path:
    """The seed with the one row that holds `words` deleted (and one substring replaced, if asked)."""
    lines = seed.read_text(encoding="utf-8").split("\n")
    hits = [n for n, line in enumerate(lines) if words in line]
    assert len(hits) == 1, hits
    del lines[hits[0]]
    text = "\n".join(lines)
    if replace:
        assert text.count(replace[0]) == 1, replace[0]
        text = text.replace(*replace)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
