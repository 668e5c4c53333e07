"""Key remapping from the config file's [keymap] table (binding id -> keys)."""

from __future__ import annotations


def keymap_from_config(config: dict) -> dict[str, str]:
    """The [keymap] table as {binding id: 'key1,key2'} (lists are joined; junk entries are dropped)."""
    table = config.get("keymap", {})
    if not isinstance(table, dict):
        return {}
    out = {}
    for binding_id, keys in table.items():
        if isinstance(keys, list):
            keys = ",".join(str(k) for k in keys)
        if isinstance(keys, str) and keys.strip():
            out[str(binding_id)] = keys.strip()
    return out
