"""Files written whole or not at all: a temporary file beside the target, renamed over it only when complete."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


@contextlib.contextmanager
def replacing(target: Path):
    """Yield a temporary path in the target's folder; once the block ends without error it replaces the target
    (an earlier good file stays as it was when writing fails, is killed or the disk fills)."""
    target = Path(target)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=f".partial{target.suffix}")
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
