"""The normalised form of a lead cell, stored for filtering."""

from __future__ import annotations

from planreview.importers.leads import normalise_leads


def lead_key(raw: str) -> str:
    """'|name one|name two|' (case-folded names of the cell) for LIKE filtering."""
    names = [n.casefold() for n in normalise_leads(raw)]
    return "|" + "|".join(names) + "|" if names else ""
