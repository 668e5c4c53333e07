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
