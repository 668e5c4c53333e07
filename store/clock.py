"""Today's date, fixed by PLANREVIEW_TODAY (YYYY-MM-DD) for demos and tests."""

from __future__ import annotations

import os
from datetime import date

from planreview.store.db import StoreError


def today() -> str:
    """Today as an ISO date; PLANREVIEW_TODAY overrides the system clock (a malformed one is a StoreError)."""
    fixed = os.environ.get("PLANREVIEW_TODAY", "").strip()
    if not fixed:
        return date.today().isoformat()
    try:
        return date.fromisoformat(fixed).isoformat()
    except ValueError:
        raise StoreError(f"PLANREVIEW_TODAY={fixed!r} is not a date; use YYYY-MM-DD (e.g. 2026-12-01) "
                         "or unset it.") from None
