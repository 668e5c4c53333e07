"""The app with one extra key, f9, that saves an entry the way the note editor does on ctrl+s.

    python bench/save_probe.py DB

f9 writes a rated entry on the selected action (store.writes.add_entry, note "benchprobe<N>", rating red
then green, alternately) and calls app.data_changed(action_id): what a save costs the screen, without the
editor's own widgets. Used by bench/run.py while the note editor is missing, and as a second figure after.
"""

from __future__ import annotations

import sys

from planreview.tui import app as tui_app  # noqa: E402
from planreview.tui.screens.main_screen import MainScreen  # noqa: E402
from textual.binding import Binding  # noqa: E402

PROBE_RATINGS = ("R", "G")  # codes of the generated plans' scale (bench/generate.py SCALE)


class ProbeScreen(MainScreen):
    """The main screen plus f9."""

    BINDINGS = [Binding("f9", "bench_save", "Bench save", show=False, tooltip="Benchmark probe", id="bench.save")]
    saves = 0

    def action_bench_save(self) -> None:
        """Save an entry on the selected action, then refresh every view as the editor does."""
        from planreview.store.writes import add_entry

        action_id = self.selected_action_id
        if action_id is None:
            return
        rating = PROBE_RATINGS[ProbeScreen.saves % 2]
        add_entry(self.app.conn, action_id, note=f"benchprobe{ProbeScreen.saves}", rating=rating,
                  author=self.app.author)
        ProbeScreen.saves += 1
        self.app.data_changed(action_id)


def main() -> int:
    """Run planreview on a database with the probe screen."""
    tui_app.MainScreen = ProbeScreen
    from planreview.cli.main import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
