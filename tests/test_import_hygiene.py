"""Layers point one way: importers -> store <- cli, tui; exporters read the store; the app starts without pandas.

Two kinds of check: every import statement of a layer, read from its source (so an import inside a function
counts too), and what a fresh interpreter has loaded after importing a module or painting the app.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("store", "importers", "exporters", "cli", "tui")
# what each layer may never import (anywhere in its code, at the top or inside a function)
FORBIDDEN = {
    # the store takes the importers' plain records (PlanDraft) and their text rules; never a front end
    "store": ("planreview.tui", "planreview.cli", "planreview.exporters", "textual", "rich"),
    "importers": ("planreview.tui", "planreview.cli", "planreview.exporters", "planreview.store", "textual", "rich",
                  "sqlite3"),
    "exporters": ("planreview.tui", "planreview.cli", "textual"),
    "cli": ("planreview.tui.screens", "planreview.tui.widgets"),
    "tui": ("planreview.cli",),
}
SQL = re.compile(r"^\s*(SELECT\s|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
                 r"(CREATE|DROP)\s+(TABLE|INDEX|VIEW|TRIGGER)|PRAGMA\s|BEGIN\s+IMMEDIATE|ATTACH\s)", re.I)


def _sources(layer: str) -> list[Path]:
    return sorted((ROOT / layer).rglob("*.py"))


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return names


@pytest.mark.parametrize("layer", LAYERS)
def test_a_layer_never_imports_what_sits_above_it(layer):
    bad = [f"{path.relative_to(ROOT)}: {name}" for path in _sources(layer) for name in _imports(path)
           if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer])]
    assert bad == []


@pytest.mark.parametrize("layer", ("importers", "exporters", "cli", "tui"))
def test_sql_lives_only_in_the_store(layer):
    found = []
    for path in _sources(layer):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.match(node.value):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:40]!r}")
    assert found == []


def test_nothing_is_imported_by_string_or_behind_a_silent_import_error():
    found = []
    for layer in LAYERS:
        for path in _sources(layer):
            text = path.read_text(encoding="utf-8")
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                        "import_module", "__import__"):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: import by string")
                if isinstance(node, ast.ExceptHandler) and "ImportError" in ast.unparse(node.type or ast.Pass()):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: except ImportError")
    assert found == []


def _modules_after(code: str) -> set[str]:
    script = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(proc.stdout.split())


@pytest.mark.parametrize(
    "module",
    ["planreview.store.db", "planreview.store.queries", "planreview.store.writes", "planreview.store.save_plan",
     "planreview.store.backup", "planreview.store.merge", "planreview.importers", "planreview.importers.text",
     "planreview.importers.json_plan", "planreview.exporters", "planreview.exporters.minutes"],
)
def test_core_modules_never_import_textual(module):
    loaded = _modules_after(f"import {module}")
    assert "textual" not in loaded and "planreview.tui" not in loaded and "planreview.cli" not in loaded


def test_starting_the_app_imports_neither_pandas_nor_sqlite_utils():
    loaded = _modules_after("import planreview.cli.main, planreview.tui.app, planreview.cli.opening")
    assert "textual" in loaded
    assert "pandas" not in loaded and "sqlite_utils" not in loaded


def test_a_running_app_has_loaded_neither_pandas_nor_sqlite_utils(tmp_path):
    """Open an existing database in a fresh interpreter, let the first screen paint, then look at sys.modules."""
    from planreview.cli.opening import open_db

    db = tmp_path / "plans.db"
    open_db(db).close()  # first run (creating the demo) is allowed to use the importers
    script = f"""
import asyncio, sys
from planreview.tui.app import PlanReviewApp

async def main():
    app = PlanReviewApp({str(db)!r}, today="2026-11-22", config={{"author": "Tester"}})
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.screen.table.count > 0:
                break
        assert app.screen.table.count > 0, "no rows painted"
        print("\\n".join(sys.modules))

asyncio.run(main())
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded = set(proc.stdout.split())
    assert "textual" in loaded
    assert "pandas" not in loaded and "sqlite_utils" not in loaded and "openpyxl" not in loaded
