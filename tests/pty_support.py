"""The real `planreview` command in a pseudo-terminal, for tests that kill it (SIGKILL) and start it again."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import sys
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path

PLANREVIEW = Path(sys.executable).with_name("planreview")


def spawn(args: list[str], config: Path, *, rows: int = 40, cols: int = 140) -> tuple[int, int, list[bytes]]:
    """Start `planreview ARGS` on a terminal of rows x cols; return its pid, the terminal and what it prints."""
    pid, fd = pty.fork()
    if pid == 0:  # child: the real command a user types
        env = {**os.environ, "TERM": "xterm-256color", "PLANREVIEW_TODAY": "2026-11-22",
               "PLANREVIEW_CONFIG": str(config)}
        env.pop("NO_COLOR", None)
        os.execve(str(PLANREVIEW), [str(PLANREVIEW), *args], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    out: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return
            if not data:
                return
            out.append(data)

    threading.Thread(target=drain, daemon=True).start()
    return pid, fd, out


def eventually(check: Callable[[], object], what: str, seconds: float = 20) -> None:
    """Wait until check() is true (the running app does its work meanwhile); fail saying what did not happen."""
    end = time.monotonic() + seconds
    while not check():
        if time.monotonic() > end:
            raise AssertionError(f"never: {what} (waited {seconds} s)")
        time.sleep(0.02)


def wait_for(out: list[bytes], needle: bytes, seconds: float = 20) -> None:
    """Wait until the terminal has shown needle (fail after `seconds`)."""
    eventually(lambda: needle in b"".join(out), f"{needle!r} on the terminal", seconds)
