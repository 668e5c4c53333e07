"""The html committee appendix: the position as at today, the plan's rating key, counts by band per priority (a
table and an SVG chart with text on every bar) and the exceptions, read back with an HTML parser."""

from __future__ import annotations

from html.parser import HTMLParser

from planreview.cli.main import main
from planreview.store.db import connect
from planreview.store.queries import ActionFilter, find_actions, levels, list_plans


class Tables(HTMLParser):
    """Every table's rows as lists of cell text, by the table's class; and the SVG's text elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.svg_text: list[str] = []
        self._table = self._cell = None
        self._in_svg_text = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = self.tables.setdefault(attrs.get("class") or "actions", [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
        elif tag == "text":
            self._in_svg_text = True

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._table[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None
        elif tag == "text":
            self._in_svg_text = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._in_svg_text:
            self.svg_text.append(data)


def test_the_appendix_summary_matches_the_database(demo_db, tmp_path):
    out = tmp_path / "appendix.html"
    assert main(["export", "-o", str(out), "--db", str(demo_db)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Position as at 22 November 2026" in page
    parsed = Tables()
    parsed.feed(page)
    conn = connect(demo_db)
    plan = list_plans(conn)[0]
    actions = find_actions(conn, ActionFilter(plan_id=plan.id, today="2026-11-22"))
    key = parsed.tables["key"]
    assert [row[0] for row in key[1:]] == [lv.label for lv in levels(conn, plan.id)]
    summary = {row[0]: row[1:] for row in parsed.tables["summary"][1:]}
    assert sum(int(row[-1]) for row in summary.values()) == len(actions) == 35
    reds = sum(int(row[0]) for row in summary.values())
    assert reds == sum(a.band == "red" for a in actions)
    exceptions = parsed.tables["exceptions"][1:]
    expected = {a.ref for a in actions if a.band in ("red", "amber") or a.overdue or a.disputed}
    assert {row[0] for row in exceptions} == expected
    assert exceptions[0][2].startswith("red")  # red first
    bars = [t for t in parsed.svg_text if t[:1] in "RAGB-" and t[1:].isdigit()]
    assert sum(int(t[1:]) for t in bars) == 35  # every bar says its count in text
    assert "@page{size:A4" in page and "thead{display:table-header-group}" in page
    conn.close()
