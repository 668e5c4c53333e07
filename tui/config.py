"""User settings: the author name and key remaps, in a small TOML file."""

from __future__ import annotations

import getpass
import os
import tomllib
from pathlib import Path


def config_path() -> Path:
    """Where the settings live: $PLANREVIEW_CONFIG, else $XDG_CONFIG_HOME/planreview/config.toml."""
    if os.environ.get("PLANREVIEW_CONFIG"):
        return Path(os.environ["PLANREVIEW_CONFIG"])
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "planreview" / "config.toml"


def load_config() -> dict:
    """The settings as a dict ({} when there is no file or it cannot be read)."""
    path = config_path()
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def author_name(config: dict | None = None) -> str:
    """The name stamped on entries: the config's `author`, else the login name."""
    config = load_config() if config is None else config
    name = str(config.get("author", "")).strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def save_author(name: str) -> None:
    """Remember the author name in the config file (keeping other settings)."""
    path = config_path()
    lines = []
    if path.exists():
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("author")]
    escaped = name.replace("\\", "\\\\").replace('"', '\\"')
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([f'author = "{escaped}"', *lines]) + "\n", encoding="utf-8")
