"""The config command: where the config file is and the settings in force."""

from __future__ import annotations

import argparse
import json

from planreview.config import config_path, load_config, settings_in_force


def cmd_config(args: argparse.Namespace) -> int:
    """Print the config file's path (and whether it exists) and every setting in force."""
    path = config_path()
    settings = settings_in_force(load_config())
    print(f"config file: {path}{'' if path.exists() else ' (not created yet; every setting is its default)'}")
    for key, value in settings.items():
        if key == "keymap":
            continue
        print(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    keymap = settings["keymap"]
    print("[keymap]" + ("" if keymap else "  # no keys remapped"))
    for binding, keys in keymap.items():
        print(f"{json.dumps(binding)} = {json.dumps(keys, ensure_ascii=False)}")
    return 0
