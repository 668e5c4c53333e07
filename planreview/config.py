"""User settings: the author name, theme, key remaps and meeting thresholds, in a small TOML file."""

from __future__ import annotations

import getpass
import os
import tomllib
from pathlib import Path

CONFIG_ENV = "PLANREVIEW_CONFIG"
DEFAULTS = {"author": "", "theme": "", "discussed_seconds": 20, "keymap": {}}


class ConfigError(Exception):
    """The config file cannot be read; the message names the file, the line and what is wrong."""


def config_path() -> Path:
    """Where the settings live: $PLANREVIEW_CONFIG, else the user config folder platformdirs gives for this OS."""
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    from platformdirs import user_config_path

    return user_config_path("planreview", appauthor=False) / "config.toml"


def load_config() -> dict:
    """The settings as a dict ({} when there is no file); a file that cannot be parsed raises ConfigError."""
    path = config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save the config file as UTF-8.") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # the message already says "(at line N, column M)"
        raise ConfigError(f"{path}: not valid TOML: {exc}.") from None


def full_name() -> str:
    """The operating-system account's full name (its GECOS field), else '' (also when it is only the login)."""
    try:
        import pwd

        entry = pwd.getpwuid(os.getuid())
    except (ImportError, KeyError, OSError, AttributeError):
        return ""
    full = entry.pw_gecos.split(",")[0].strip()
    return "" if full == entry.pw_name else full


def account_name() -> str:
    """The operating-system account's full name (its GECOS field), else its login name, else ''."""
    full = full_name()
    if full:
        return full
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def author_name(config: dict | None = None) -> str:
    """The name stamped on entries: the config's `author`, else the account's full name, else its login."""
    config = load_config() if config is None else config
    name = str(config.get("author", "")).strip()
    return name or account_name()


def chair_name(config: dict | None = None) -> str:
    """Who chairs a meeting unless told otherwise: the config's `author`, else the account's full name, else ''
    (a bare login like 'root' is no person's name: the chair is asked for)."""
    config = load_config() if config is None else config
    return str(config.get("author", "")).strip() or full_name()


def discussed_seconds(config: dict) -> float:
    """How long an item stays on screen in a meeting before it counts as discussed (default 20 s)."""
    try:
        return max(0.0, float(config.get("discussed_seconds", DEFAULTS["discussed_seconds"])))
    except (TypeError, ValueError):
        return float(DEFAULTS["discussed_seconds"])


def settings_in_force(config: dict) -> dict:
    """Every setting with the value planreview uses now (the file's, else the default)."""
    return {
        "author": author_name(config),
        "theme": str(config.get("theme", "")) or "textual-dark (default)",
        "discussed_seconds": discussed_seconds(config),
        "keymap": dict(config.get("keymap", {})),
    }


def save_author(name: str) -> None:
    """Remember the author name in the config file (keeping other settings)."""
    path = config_path()
    lines = []
    if path.exists():
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("author")]
    escaped = name.replace("\\", "\\\\").replace('"', '\\"')
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([f'author = "{escaped}"', *lines]) + "\n", encoding="utf-8")
