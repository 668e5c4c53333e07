"""The markdown report: per section, each action with its rating letter and label, lead, due and update."""

from __future__ import annotations

from pathlib import Path

from planreview.store.export_rows import ExportPlan


def _md(text: str) -> str:
    """User text inside a markdown line: one line, table pipes and markup characters escaped."""
    flat = " ".join(text.split())
    return "".join("\\" + ch if ch in "\\`*_[]<>|#" else ch for ch in flat)


def write_md(plans: list[ExportPlan], output: Path) -> None:
    """A readable report: per section, each action with rating letter and label, lead, due and latest update."""
    lines: list[str] = []
    for plan in plans:
        lines += [f"# {_md(plan.title)}", ""]
        if plan.authority:
            lines += [_md(plan.authority), ""]
        counts = {b: sum(1 for r in plan.rows if r.band == b) for b in ("red", "amber", "green", "blue", "none")}
        lines += ["Actions: " + ", ".join(f"{n} {b if b != 'none' else 'not rated'}" for b, n in counts.items())
                  + f"; {sum(r.overdue for r in plan.rows)} overdue.", ""]
        current: list[str] | None = None
        for row in plan.rows:
            if row.sections != current:
                current = row.sections
                lines += ["", f"## {' > '.join(_md(s) for s in current) or 'Actions'}", ""]
            rating = f"{row.letter} {_md(row.rating)}" if row.rating else "- not rated"
            lines.append(f"- **{_md(row.ref) or '(no ref)'}** {_md(row.text)}")
            due = _md(row.due) or "no date"
            lines.append(f"  - Rating: {rating}; lead: {_md(row.lead) or 'none'}; due: {due}"
                         + (" (overdue)" if row.overdue else ""))
            if row.note:
                lines.append(f"  - Latest update ({row.last_update or 'undated'}): {_md(row.note)}")
            if row.disputed:
                lines.append("  - Disputed: two copies changed it from the same starting point (the later shown)")
            lines += [f"  - {_md(line)}" for line in row.record]
        lines.append("")
    output.write_text("\n".join(lines), encoding="utf-8")
