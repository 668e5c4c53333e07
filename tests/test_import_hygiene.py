"""Layer hygiene: store and importers never load Textual; starting the app loads neither pandas nor sqlite_utils."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _modules_after(code: str) -> set[str]:
    script = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(proc.stdout.split())


@pytest.mark.parametrize(
    "module",
    ["store.db", "store.queries", "store.writes", "store.save_plan", "store.backup", "importers", "importers.text",
     "importers.json_plan"],
)
def test_core_modules_never_import_textual(module):
    loaded = _modules_after(f"import {module}")
    assert "textual" not in loaded and "rich" not in loaded


def test_starting_the_app_imports_neither_pandas_nor_sqlite_utils():
    loaded = _modules_after("import tui.cli, tui.app, tui.opening")
    assert "textual" in loaded
    assert "pandas" not in loaded and "sqlite_utils" not in loaded


def test_a_running_app_has_loaded_neither_pandas_nor_sqlite_utils(tmp_path):
    """Open an existing database in a fresh interpreter, let the first screen paint, then look at sys.modules."""
    from tui.opening import open_db

    db = tmp_path / "plans.db"
    open_db(db).close()  # first run (creating the demo) is allowed to use the importers
    script = f"""
import asyncio, sys
from tui.app import PlanReviewApp

async def main():
    app = PlanReviewApp({str(db)!r}, today="2026-11-22", config={{"author": "Tester"}})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        assert app.screen.table.count > 0, "no rows painted"
        print("\\n".join(sys.modules))

asyncio.run(main())
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded = set(proc.stdout.split())
    assert "textual" in loaded
    assert "pandas" not in loaded and "sqlite_utils" not in loaded and "openpyxl" not in loaded
