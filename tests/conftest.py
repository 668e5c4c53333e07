"""Shared fixtures: the real seeds beside the project, a temp database, a fixed today."""

from __future__ import annotations

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
TODAY = "2026-11-22"


@pytest.fixture
def seeds_dir() -> Path:
    """The folder of real published plans; tests that need it skip when it is absent."""
    if not SEEDS.is_dir():
        pytest.skip(f"the shared seeds are not beside the project ({SEEDS} is absent)")
    return SEEDS


@pytest.fixture
def seed(seeds_dir):
    """Return the path of one seed by its file stem."""

    def pick(stem: str) -> Path:
        path = seeds_dir / f"{stem}.txt"
        if not path.exists():
            pytest.skip(f"seed {path.name} is absent from {seeds_dir}")
        return path

    return pick


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch, tmp_path):
    """Every test runs on a fixed day with its own config file (author name 'Tester')."""
    monkeypatch.setenv("PLANREVIEW_TODAY", TODAY)
    config = tmp_path / "config.toml"
    config.write_text('author = "Tester"\n', encoding="utf-8")
    monkeypatch.setenv("PLANREVIEW_CONFIG", str(config))
    monkeypatch.setenv("PLANREVIEW_STATE", str(tmp_path / "state"))  # drafts the database could not take
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def demo_db(tmp_path) -> Path:
    """A new database holding the demo plan (as on first run)."""
    from planreview.cli.opening import open_db

    path = tmp_path / "plans.db"
    open_db(path).close()
    return path


@pytest.fixture
def conn(demo_db):
    """An open connection to a demo database."""
    from planreview.store.db import connect

    connection = connect(demo_db)
    yield connection
    connection.close()
