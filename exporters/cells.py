"""Cell text no spreadsheet evaluates: text that starts like a formula stays text (OWASP CSV injection advice)."""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value):
    """A CSV cell: text that a spreadsheet would read as a formula gets a leading apostrophe (the importer strips
    it again); other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def keep_as_text(cell) -> None:
    """An openpyxl cell whose text starts like a formula is stored as a string cell, never evaluated."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
        cell.data_type = "s"
