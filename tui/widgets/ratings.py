"""How bands, ratings and directions look: a letter and a label beside the colour, never colour alone."""

from __future__ import annotations

from rich.text import Text

from planreview.bands import BAND_LETTERS, BANDS, TALLY_LETTERS, arrow

__all__ = ["arrow", "band_style", "rating_text", "band_counts_text"]

BAND_STYLES = {
    "red": "bold #ff5f5f",
    "amber": "bold #ffaf00",
    "green": "bold #5fd75f",
    "blue": "bold #5fafff",
    "none": "",
}


def band_style(band: str) -> str:
    """The Rich style of a band (empty for unrated)."""
    return BAND_STYLES.get(band, "")


def rating_text(band: str, label: str | None) -> Text:
    """The letter and the plan's own label, coloured by band ("R 1 Not started")."""
    letter = BAND_LETTERS.get(band, "-")
    return Text(f"{letter} {label}" if label else letter, style=band_style(band))


def band_counts_text(counts: dict[str, int], *, sep: str = " ", skip_zero: bool = True, letters=None) -> Text:
    """Counts by band as letters and numbers, e.g. 'R1 A4 G9 U2' (each coloured; U = unrated)."""
    letters = letters or TALLY_LETTERS
    out = Text()
    for band in BANDS:
        n = counts.get(band, 0)
        if skip_zero and not n:
            continue
        if out:
            out.append(sep)
        out.append(f"{letters[band]}{n}" if sep == " " else f"{letters[band]} {n}", style=band_style(band))
    return out

