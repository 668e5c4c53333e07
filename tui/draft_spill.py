"""A draft the database could not take (busy, read-only, full) kept in a file of its own until it can."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def spill_path(db_path: str | Path) -> Path:
    """The file that holds a database's unwritten drafts: in the user's state folder (the database's own folder
    may be the read-only one)."""
    from platformdirs import user_state_path

    override = os.environ.get("PLANREVIEW_STATE")
    folder = Path(override) if override else user_state_path("planreview")
    key = str(Path(db_path).resolve()).replace(os.sep, "_").replace(":", "_").strip("_")
    return folder / f"unsaved-drafts-{key[-120:]}.json"


def _load(path: Path) -> dict[str, dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(path: Path, drafts: dict[str, dict]) -> None:
    """Write the whole file anew through a temporary file and a rename: a crash leaves the old one or the new."""
    if not drafts:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".drafts-", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(drafts, out, ensure_ascii=False)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def spill_draft(db_path: str | Path, action_id: str, values: dict) -> bool:
    """Keep one action's draft in the spill file; False when even that cannot be written."""
    path = spill_path(db_path)
    drafts = _load(path)
    drafts[action_id] = values
    try:
        _write(path, drafts)
    except OSError:
        return False
    return True


def spilled_drafts(db_path: str | Path) -> dict[str, dict]:
    """The drafts waiting in the spill file, by action id."""
    return _load(spill_path(db_path))


def forget_spilled(db_path: str | Path, action_id: str) -> None:
    """The database has the draft (or its entry) now: drop it from the spill file."""
    path = spill_path(db_path)
    if not path.exists():
        return
    drafts = _load(path)
    if drafts.pop(action_id, None) is not None:
        try:
            _write(path, drafts)
        except OSError:
            pass
