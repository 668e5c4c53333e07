"""Drive a terminal app in a pseudo-terminal: spawn it, send key bytes, time until text shows on screen.

The driver answers Textual's synchronized-output query (DECRQM 2026), so every frame Textual paints
arrives between ESC[?2026h and ESC[?2026l and the end of a frame can be timed exactly. Screen text is
looked for in the output stream with escape sequences stripped (text of one screen line stays in order).
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
from dataclasses import dataclass, field

SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"  # "supported, currently reset"
SYNC_END = b"\x1b[?2026l"
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1bP[^\x1b]*\x1b\\|\x1b[@-Z\\-_()=>]")

KEYS = {
    "down": b"\x1b[B",
    "up": b"\x1b[A",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "enter": b"\r",
    "escape": b"\x1b",
    "tab": b"\t",
    "ctrl+s": b"\x13",
    "ctrl+q": b"\x11",
    "backspace": b"\x7f",
}


def _vm_hwm_mb(pid: int) -> float | None:
    """Peak RSS of a live process from /proc/PID/status (VmHWM), in MB; None where there is no /proc."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


class TermTimeout(Exception):
    """The expected text did not appear in time; carries the screen text seen so far."""


@dataclass
class Term:
    """One app running in a pseudo-terminal of cols x rows."""

    argv: list[str]
    env: dict[str, str]
    cols: int = 120
    rows: int = 40
    started: float = 0.0
    raw: bytearray = field(default_factory=bytearray)
    arrivals: list[tuple[int, float]] = field(default_factory=list)  # (len(raw) after a read, time of the read)
    proc: subprocess.Popen | None = None
    rusage: object = None
    hwm_mb: float | None = None

    def start(self) -> Term:
        """Spawn the app; `started` is the moment just before the process is created."""
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", self.rows, self.cols, 0, 0))
        self.master = master
        self.started = time.perf_counter()
        # Textual paints on stderr, so all three standard streams are the terminal
        self.proc = subprocess.Popen(
            self.argv, stdin=slave, stdout=slave, stderr=slave, env=self.env, start_new_session=True, close_fds=True
        )
        os.close(slave)
        os.set_blocking(master, False)
        self._answered = 0
        return self

    def pump(self, timeout: float) -> bool:
        """Read whatever arrives within timeout seconds; True if anything came."""
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 1 << 20)
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:  # EIO: the child closed the terminal
            raise TermTimeout("the app closed its terminal:\n" + self.text()[-3000:]) from None
        now = time.perf_counter()
        if not chunk:
            return False
        self.raw += chunk
        self.arrivals.append((len(self.raw), now))
        if SYNC_QUERY in self.raw[self._answered :]:
            self._answered = len(self.raw)
            os.write(self.master, SYNC_REPLY)
        return True

    def mark(self) -> int:
        """A position in the output stream (everything after it is 'new')."""
        while self.pump(0):
            pass
        return len(self.raw)

    def send(self, key: str | bytes) -> float:
        """Write one key (a name from KEYS or literal text) to the app; returns the time it was written."""
        data = KEYS.get(key, key.encode()) if isinstance(key, str) else key
        sent = time.perf_counter()
        os.write(self.master, data)
        return sent

    def text(self, since: int = 0) -> str:
        """The output since a mark with escape sequences removed."""
        return _ESCAPES.sub(b"", bytes(self.raw[since:])).decode("utf-8", "replace")

    def _arrival(self, position: int) -> float:
        for end, when in self.arrivals:
            if end >= position:
                return when
        return self.arrivals[-1][1]

    def wait_text(self, since: int, *expected: str, timeout: float = 60.0) -> float:
        """Wait until every expected string has shown since the mark and its frame has ended; the time."""
        deadline = time.perf_counter() + timeout
        while True:
            if all(e in self.text(since) for e in expected):
                return self._frame_end(len(self.raw), deadline)
            if time.perf_counter() > deadline:
                raise TermTimeout(f"timed out waiting for {expected!r}; seen:\n{self.text(since)[-2000:]}"
                                  )
            self.pump(deadline - time.perf_counter())

    def wait_frame(self, since: int, timeout: float = 10.0) -> float:
        """Wait for the end of the first frame painted after the mark; the time it ended."""
        deadline = time.perf_counter() + timeout
        while SYNC_END not in self.raw[since:]:
            if time.perf_counter() > deadline:
                raise TermTimeout("no frame was painted")
            self.pump(deadline - time.perf_counter())
        return self._arrival(self.raw.index(SYNC_END, since) + len(SYNC_END))

    def _frame_end(self, position: int, deadline: float) -> float:
        """When the frame holding output up to position ended (its ESC[?2026l), or that output's arrival."""
        begin = self.raw.rfind(b"\x1b[?2026h", 0, position)
        end = self.raw.rfind(SYNC_END, 0, position)
        if begin == -1 or end > begin:  # not inside an open frame
            return self._arrival(position)
        while SYNC_END not in self.raw[begin:]:
            if time.perf_counter() > deadline:
                return self._arrival(position)
            self.pump(deadline - time.perf_counter())
        return self._arrival(self.raw.index(SYNC_END, begin) + len(SYNC_END))

    def last_frame(self, since: int, quiet: float = 0.2, limit: float = 10.0) -> float:
        """Read until `quiet` seconds pass with no output; when the last frame after the mark ended."""
        self.settle(quiet, limit)
        end = self.raw.rfind(SYNC_END, since)
        if end == -1:
            return self.arrivals[-1][1] if self.arrivals else time.perf_counter()
        return self._arrival(end + len(SYNC_END))

    def settle(self, quiet: float = 0.3, limit: float = 5.0) -> None:
        """Read until the app has painted nothing for `quiet` seconds (or `limit` passes)."""
        deadline = time.perf_counter() + limit
        last = time.perf_counter()
        while time.perf_counter() < deadline:
            if self.pump(0.02):
                last = time.perf_counter()
            elif time.perf_counter() - last >= quiet:
                return

    def stop(self, quit_key: str = "ctrl+q", timeout: float = 5.0) -> None:
        """Quit the app (key, then SIGTERM, then SIGKILL) and keep its resource usage (peak RSS)."""
        if self.proc is None:
            return
        self.hwm_mb = _vm_hwm_mb(self.proc.pid)
        try:
            self.send(quit_key)
        except OSError:
            pass
        deadline = time.perf_counter() + timeout
        sent_term = False
        while True:
            pid, _status, usage = os.wait4(self.proc.pid, os.WNOHANG)
            if pid:
                self.rusage = usage
                self.proc.returncode = _status
                break
            try:
                self.pump(0.05)
            except TermTimeout:
                pass
            if time.perf_counter() > deadline:
                os.killpg(self.proc.pid, signal.SIGKILL if sent_term else signal.SIGTERM)
                sent_term, deadline = True, time.perf_counter() + timeout
        os.close(self.master)
        self.proc = None

    def peak_rss_mb(self) -> float | None:
        """The app's peak resident set size in MB: VmHWM read just before quitting (ru_maxrss if no /proc).

        ru_maxrss alone would be wrong here: on Linux a child's maxrss starts at its parent's size at fork.
        """
        if self.hwm_mb is not None:
            return self.hwm_mb
        return self.rusage.ru_maxrss / 1024 if self.rusage is not None else None

    def close(self) -> None:
        """Stop the app if it still runs."""
        if self.proc is not None:
            self.stop()
