"""Minutes of a meeting as Markdown, HTML and .docx: each item's rating before and after, notes, decisions."""

from __future__ import annotations

import html
import re
from pathlib import Path

from planreview.exporters.atomic import replacing
from planreview.store.meetings import REASON_TEXT, ItemSummary, MeetingSummary

from planreview.bands import rating_words

STATUS_TEXT = {"walked": "discussed", "passed": "passed", "skipped": "skipped", "pending": "not reached"}
MINUTES_FORMATS = ("md", "docx", "html")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def clock_text(seconds: float) -> str:
    """Seconds as m:ss (or h:mm:ss from an hour)."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def md_escape(text: str) -> str:
    """User text made inert for Markdown (one line: newlines become spaces)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def minutes_filename(summary: MeetingSummary, suffix: str) -> str:
    """A file name of this meeting's own, like minutes-2026-11-22-improvement-board-3f2a9c.md (the meeting's
    short id: two meetings with one title on one day never overwrite each other's minutes)."""
    slug = re.sub(r"[^a-z0-9]+", "-", summary.meeting.title.lower()).strip("-")[:40] or "meeting"
    return f"minutes-{summary.meeting.date}-{slug}-{summary.meeting.id[:6]}{suffix}"


def discussed(item: ItemSummary) -> bool:
    """Whether an item gets its own section in the minutes (walked, or something was recorded on it)."""
    return item.status == "walked" or bool(item.notes or item.decisions or item.flag) or item.rating_changed


def plural(count: int, word: str) -> str:
    """'1 decision', '2 decisions'."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def counts_text(summary: MeetingSummary) -> str:
    """'3 of 79 items discussed in 1:58; 1 rating changed; 2 decisions; 1 flagged.'"""
    return (f"{summary.walked} of {plural(len(summary.items), 'item')} discussed in "
            f"{clock_text(summary.total_seconds)}; "
            f"{plural(len(summary.changed), 'rating')} changed; {plural(len(summary.decisions), 'decision')}; "
            f"{len(summary.flagged)} flagged.")


def item_heading(item: ItemSummary) -> str:
    """'2. 3.3 Recruit permanent staff' (no double space when the action has no ref)."""
    first = item.text.splitlines()[0] if item.text else ""
    return f"{item.number}. " + " ".join(x for x in (item.ref, first) if x)


def _ranges(numbers: list[int]) -> str:
    """[5, 6, 7, 9] -> '5–7, 9'."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def names_text(items: list[ItemSummary]) -> str:
    """Items named by ref; items without a ref by their agenda numbers, in ranges ('items 5–79')."""
    parts = [i.ref for i in items if i.ref]
    numbers = [i.number for i in items if not i.ref]
    if numbers:
        parts.append(("item " if len(numbers) == 1 else "items ") + _ranges(numbers))
    return ", ".join(parts)


def not_discussed(summary: MeetingSummary) -> str:
    """One line naming the items skipped and not reached ('' when there are none)."""
    rest = [i for i in summary.items if not discussed(i)]
    groups = [(label, [i for i in rest if i.status == status]) for status, label in
              (("passed", "passed"), ("skipped", "skipped"),
               ("pending", "not reached"))]
    parts = [f"{label} ({len(found)}): {names_text(found)}" for label, found in groups if found]
    return f"Not discussed — {'; '.join(parts)}." if parts else ""


def _item_lines(item: ItemSummary) -> list[tuple[str, str]]:
    """(label, value) pairs describing an item, shared by every format (values are plain user text)."""
    before = rating_words(item.band_before, item.label_before)
    after = rating_words(item.band_after, item.label_after)
    out = [
        ("On the agenda", REASON_TEXT.get(item.reason, item.reason)),
        ("Lead", item.lead or "-"),
        ("Rating", f"{before} → {after}" if item.rating_changed else f"{before} (unchanged)"),
        ("Status", STATUS_TEXT.get(item.status, item.status)),
        ("Time", clock_text(item.seconds)),
    ]
    if item.flag:
        out.append(("Flag", item.flag))
    return out


def _decision_text(text: str, owner: str, due: str | None, agreed: str = "") -> tuple[str, str]:
    parts = (f"owner: {owner}" if owner else "", f"due: {due}" if due else "", f"agreed {agreed}" if agreed else "")
    return text, "; ".join(x for x in parts if x)


def minutes_markdown(summary: MeetingSummary) -> str:
    """The minutes as Markdown (user text escaped)."""
    m = summary.meeting
    lines = [f"# {md_escape(m.title)}", ""]
    lines += [f"- Date: {m.date}", f"- Chair: {md_escape(m.chair) or '-'}"]
    if summary.plan_title:
        lines.append(f"- Plan: {md_escape(summary.plan_title)}")
    lines += [
        f"- {counts_text(summary)}",
        "",
    ]
    if summary.due_since_last:
        lines += ["## Decisions due since the last meeting", ""]
        for d in summary.due_since_last:
            text, extra = _decision_text(d.text, d.owner, d.due_date, d.meeting_date)
            ref = f"{md_escape(d.action_label)}: " if d.action_label else ""
            lines.append(f"- {ref}{md_escape(text)} ({md_escape(extra)})")
        lines.append("")
    lines += ["## Items", ""]
    for item in summary.items:
        if not discussed(item):
            continue
        lines += [f"### {md_escape(item_heading(item))}", ""]
        lines += [f"- {label}: {md_escape(value)}" for label, value in _item_lines(item)]
        for note in item.notes:
            rated = f", rated {md_escape(rating_words(note.band, note.rating_label))}" if note.rating_label else ""
            lines.append(f"- Note ({md_escape(note.author) or '-'}, {note.on_date}{rated}): "
                         f"{md_escape(note.note)}")
        for d in item.decisions:
            text, extra = _decision_text(d.text, d.owner, d.due_date)
            lines.append(f"- Agreed: {md_escape(text)}" + (f" ({md_escape(extra)})" if extra else ""))
        lines.append("")
    if not_discussed(summary):
        lines += [md_escape(not_discussed(summary)), ""]
    general = [d for d in summary.decisions if not d.action_id]
    if general:
        lines += ["## Other decisions", ""]
        for d in general:
            text, extra = _decision_text(d.text, d.owner, d.due_date)
            lines.append(f"- {md_escape(text)}" + (f" ({md_escape(extra)})" if extra else ""))
        lines.append("")
    return "\n".join(lines)


def minutes_html(summary: MeetingSummary) -> str:
    """The minutes as a standalone HTML page (every piece of user text escaped)."""
    e = html.escape
    m = summary.meeting
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">', f"<title>{e(m.title)}</title>",
        "<style>body{font-family:sans-serif;max-width:50em;margin:auto} dt{font-weight:bold}</style>",
        "</head><body>", f"<h1>{e(m.title)}</h1>",
        f"<p>Date: {e(m.date)}<br>Chair: {e(m.chair or '-')}"
        + (f"<br>Plan: {e(summary.plan_title)}" if summary.plan_title else "") + "</p>",
        f"<p>{e(counts_text(summary))}</p>",
    ]
    if summary.due_since_last:
        parts.append("<h2>Decisions due since the last meeting</h2><ul>")
        for d in summary.due_since_last:
            text, extra = _decision_text(d.text, d.owner, d.due_date, d.meeting_date)
            ref = f"{e(d.action_label)}: " if d.action_label else ""
            parts.append(f"<li>{ref}{e(text)} ({e(extra)})</li>")
        parts.append("</ul>")
    parts.append("<h2>Items</h2>")
    for item in summary.items:
        if not discussed(item):
            continue
        parts.append(f"<h3>{e(item_heading(item))}</h3><ul>")
        parts += [f"<li>{e(label)}: {e(value)}</li>" for label, value in _item_lines(item)]
        for note in item.notes:
            rated = f", rated {rating_words(note.band, note.rating_label)}" if note.rating_label else ""
            parts.append(f"<li>Note ({e(note.author or '-')}, {e(note.on_date)}{e(rated)}): {e(note.note)}</li>")
        for d in item.decisions:
            text, extra = _decision_text(d.text, d.owner, d.due_date)
            parts.append(f"<li>Agreed: {e(text)}" + (f" ({e(extra)})" if extra else "") + "</li>")
        parts.append("</ul>")
    if not_discussed(summary):
        parts.append(f"<p>{e(not_discussed(summary))}</p>")
    general = [d for d in summary.decisions if not d.action_id]
    if general:
        parts.append("<h2>Other decisions</h2><ul>")
        for d in general:
            text, extra = _decision_text(d.text, d.owner, d.due_date)
            parts.append(f"<li>{e(text)}" + (f" ({e(extra)})" if extra else "") + "</li>")
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def long_date(day: str | None) -> str:
    """'2026-12-02' as '2 December 2026' (as UK committee papers write dates); other text as it is."""
    from datetime import date

    try:
        value = date.fromisoformat(day or "")
    except ValueError:
        return day or ""
    return f"{value.day} {value:%B %Y}"


def write_docx(summary: MeetingSummary, path: Path, template: Path | None = None) -> Path:
    """Write the minutes as a Word document: A4, long dates, the chair as author, a table of agreed actions;
    with a template, in the council's own Word template (its styles, headers and page setup)."""
    from docx import Document
    from docx.shared import Cm

    m = summary.meeting
    doc = Document(str(template)) if template else Document()
    if template is None:
        for section in doc.sections:  # python-docx's default is US Letter
            section.page_width, section.page_height = Cm(21.0), Cm(29.7)
            section.left_margin = section.right_margin = Cm(2.0)
    doc.core_properties.title = f"Minutes: {m.title}, {long_date(m.date)}"
    doc.core_properties.author = m.chair or "planreview"
    doc.core_properties.last_modified_by = m.chair or "planreview"
    doc.core_properties.comments = "Written by planreview"
    doc.add_heading(m.title, level=0)
    doc.add_paragraph(f"Date: {long_date(m.date)}\nChair: {m.chair or '-'}"
                      + (f"\nPlan: {summary.plan_title}" if summary.plan_title else ""))
    doc.add_paragraph(counts_text(summary))
    agreed = list(summary.decisions)
    if agreed:
        doc.add_heading("Agreed actions", level=1)
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid" if "Table Grid" in [st.name for st in doc.styles] else table.style
        for cell, title in zip(table.rows[0].cells, ("Action", "Agreed", "Owner", "Due"), strict=True):
            cell.text = title
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for d in agreed:
            cells = table.add_row().cells
            values = (d.action_label or "General", d.text, d.owner or "-", long_date(d.due_date) or "-")
            for cell, value in zip(cells, values, strict=True):
                cell.text = value
    if summary.due_since_last:
        doc.add_heading("Decisions due since the last meeting", level=1)
        for d in summary.due_since_last:
            text, extra = _decision_text(d.text, d.owner, long_date(d.due_date), long_date(d.meeting_date))
            ref = f"{d.action_label}: " if d.action_label else ""
            doc.add_paragraph(f"{ref}{text} ({extra})", style="List Bullet")
    doc.add_heading("Items", level=1)
    for item in summary.items:
        if not discussed(item):
            continue
        doc.add_heading(item_heading(item), level=2)
        for label, value in _item_lines(item):
            doc.add_paragraph(f"{label}: {value}", style="List Bullet")
        for note in item.notes:
            rated = f", rated {rating_words(note.band, note.rating_label)}" if note.rating_label else ""
            doc.add_paragraph(f"Note ({note.author or '-'}, {long_date(note.on_date)}{rated}): {note.note}",
                              style="List Bullet")
        for d in item.decisions:
            text, extra = _decision_text(d.text, d.owner, long_date(d.due_date))
            doc.add_paragraph(f"Agreed: {text}" + (f" ({extra})" if extra else ""), style="List Bullet")
    if not_discussed(summary):
        doc.add_paragraph(not_discussed(summary))
    general = [d for d in summary.decisions if not d.action_id]
    if general:
        doc.add_heading("Other decisions", level=1)
        for d in general:
            text, extra = _decision_text(d.text, d.owner, long_date(d.due_date))
            doc.add_paragraph(text + (f" ({extra})" if extra else ""), style="List Bullet")
    doc.save(path)
    return path


def export_minutes(summary: MeetingSummary, folder: str | Path = ".", formats: tuple[str, ...] = ("md", "docx"),
                   template: Path | None = None) -> list[Path]:
    """Write the minutes into a folder in the given formats (md, docx, html); return the files written."""
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise OSError(f"{folder} is a file, not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = folder / minutes_filename(summary, f".{fmt}")
        if fmt not in ("md", "html", "docx"):
            raise ValueError(f"unknown minutes format {fmt!r}; use md, docx or html")
        with replacing(path) as partial:
            if fmt == "md":
                partial.write_text(minutes_markdown(summary), encoding="utf-8")
            elif fmt == "html":
                partial.write_text(minutes_html(summary), encoding="utf-8")
            else:
                write_docx(summary, partial, template)
        written.append(path.resolve())
    return written
