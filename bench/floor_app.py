"""The floor: a bare Textual app that paints a few table rows, started the same way as the real app."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable

ROWS = 5
LAST_ROW = f"floor row {ROWS}"


class FloorApp(App):
    """A DataTable of a few rows and nothing else."""

    def compose(self) -> ComposeResult:
        """One table."""
        yield DataTable()

    def on_mount(self) -> None:
        """Fill the table."""
        table = self.query_one(DataTable)
        table.add_columns("Ref", "Action")
        for n in range(1, ROWS + 1):
            table.add_row(str(n), f"floor row {n}")


if __name__ == "__main__":
    FloorApp().run()
