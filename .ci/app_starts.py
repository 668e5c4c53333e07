"""Start an installed `planreview` in a pseudo-terminal from an empty folder and wait for the main screen.

Usage: python app_starts.py PATH/TO/planreview   (run it from the folder the app should start in)
Exit 0 when the main screen painted (its pane titles and the demo plan's title) and `q` closed the app.
"""

from __future__ import annotations

import os
import pty
import sys
import time

NEEDLES = (b"Priorities", b"Actions", b"Harrowfield")


def main(command: str) -> int:
    """Run the app on a 120x40 terminal; 0 when the main screen showed and q quit it."""
    pid, fd = pty.fork()
    if pid == 0:
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
        os.execve(command, [command], env)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    seen = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not all(n in seen for n in NEEDLES):
        try:
            seen += os.read(fd, 65536)
        except OSError:
            break
    if not all(n in seen for n in NEEDLES):
        print("the installed app never showed its main screen; it printed:", file=sys.stderr)
        print(seen[-3000:].decode("utf-8", "replace"), file=sys.stderr)
        os.kill(pid, 9)
        return 1
    os.write(fd, b"q")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            print(f"the installed app showed its main screen and quit (status {status})")
            return 0 if os.waitstatus_to_exitcode(status) == 0 else 1
        try:
            os.read(fd, 65536)
        except OSError:
            pass
        time.sleep(0.05)
    os.kill(pid, 9)
    print("the installed app did not quit on q", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
