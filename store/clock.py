"""Today's date, fixed by PLANREVIEW_TODAY (YYYY-MM-DD) for demos and tests."""

from __future__ import annotations

import os
from datetime import date


def today() -> str:
    """Today as an ISO date; PLANREVIEW_TODAY overrides the system clock."""
    fixed = os.environ.get("PLANREVIEW_TODAY", "").strip()
    if fixed:
        return date.fromisoformat(fixed).isoformat()
    return date.today().isoformat()
