"""The committee appendix's summary for an html page: the position as at a date, the plan's rating key, counts by
band per priority with a bar chart (inline SVG, text beside every bar) and the exceptions."""

from __future__ import annotations

import html

from planreview.store.export_rows import ExportPlan, ExportRow

from planreview.bands import RATED_BANDS

BAND_FILL = {"red": "#c00000", "amber": "#e69f00", "green": "#2e7d32", "blue": "#1f5fa8", "none": "#9e9e9e"}
BAND_NAMES = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Blue (complete)", "none": "Not rated"}
ORDER = (*RATED_BANDS, "none")


def by_priority(plan: ExportPlan) -> dict[str, dict[str, int]]:
    """Counts by band for each top-level section (priority), in plan order."""
    out: dict[str, dict[str, int]] = {}
    for row in plan.rows:
        counts = out.setdefault(row.sections[0] if row.sections else "(no priority)", dict.fromkeys(ORDER, 0))
        counts[row.band if row.band in counts else "none"] += 1
    return out


def exceptions(plan: ExportPlan) -> list[tuple[str, ExportRow]]:
    """(why, row) for the actions members ask about: red, amber, overdue or disputed, red first."""
    out = []
    for row in plan.rows:
        why = [w for w, on in (("red", row.band == "red"), ("amber", row.band == "amber"), ("overdue", row.overdue),
                               ("disputed", row.disputed)) if on]
        if why:
            out.append((", ".join(why), row))
    return sorted(out, key=lambda pair: (pair[1].band != "red", pair[1].band != "amber"))


def bar_chart(counts: dict[str, dict[str, int]]) -> str:
    """An inline SVG of stacked bars, one per priority, each segment labelled with its count and band letter."""
    e = html.escape
    width, label_w, row_h = 720, 260, 26
    most = max((sum(c.values()) for c in counts.values()), default=1) or 1
    parts = [f'<svg role="img" aria-label="Actions by rating in each priority" width="{width}" '
             f'height="{row_h * len(counts) + 10}" viewBox="0 0 {width} {row_h * len(counts) + 10}" '
             'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="12">']
    for n, (name, bands) in enumerate(counts.items()):
        y = 5 + n * row_h
        short = name if len(name) <= 38 else name[:37] + "…"
        parts.append(f'<text x="0" y="{y + 16}">{e(short)}</text>')
        x = label_w
        for band in ORDER:
            count = bands[band]
            if not count:
                continue
            w = max(18, (width - label_w - 10) * count / most)
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 6}" fill="{BAND_FILL[band]}">'
                         f"<title>{e(BAND_NAMES[band])}: {count}</title></rect>")
            letter = band[0].upper() if band != "none" else "-"
            parts.append(f'<text x="{x + 3:.1f}" y="{y + 15}" fill="#fff">{letter}{count}</text>')
            x += w
    parts.append("</svg>")
    return "".join(parts)


def summary_html(plan: ExportPlan, as_at: str) -> str:
    """The summary block of one plan: as-at line, rating key, counts table and chart, exceptions."""
    e = html.escape
    counts = by_priority(plan)
    out = [f'<p class="as-at">Position as at {e(as_at)}'
           + (f" (document dated {e(plan.doc_date)})" if plan.doc_date else "") + "</p>"]
    if plan.scale:
        out.append('<h2>Rating key</h2><table class="key"><thead><tr><th>Rating</th><th>Band</th><th>Meaning</th>'
                   "</tr></thead><tbody>")
        for lv in plan.scale:
            out.append(f'<tr><td>{e(lv.label)}</td><td class="band-{e(lv.band)}">{e(BAND_NAMES.get(lv.band, lv.band))}'
                       f"</td><td>{e(lv.meaning or lv.label)}</td></tr>")
        out.append("</tbody></table>")
    out.append('<h2>Summary by priority</h2><table class="summary"><thead><tr><th>Priority</th>'
               + "".join(f"<th>{e(BAND_NAMES[b])}</th>" for b in ORDER) + "<th>Total</th></tr></thead><tbody>")
    for name, bands in counts.items():
        out.append(f"<tr><td>{e(name)}</td>" + "".join(f"<td>{bands[b]}</td>" for b in ORDER)
                   + f"<td>{sum(bands.values())}</td></tr>")
    out.append("</tbody></table>")
    out.append(f'<figure>{bar_chart(counts)}<figcaption>Actions by rating in each priority (letters: R red, '
               "A amber, G green, B blue, - not rated)</figcaption></figure>")
    found = exceptions(plan)
    out.append(f"<h2>Exceptions ({len(found)})</h2>")
    if found:
        out.append('<table class="exceptions"><thead><tr><th>Ref</th><th>Action</th><th>Why</th><th>Rating</th>'
                   "<th>Lead</th><th>Due</th><th>Latest update</th></tr></thead><tbody>")
        for why, row in found:
            note = f"{e(row.last_update)}: {e(row.note)}" if row.note else ""
            out.append(f"<tr><td>{e(row.ref)}</td><td>{e(row.text)}</td><td>{e(why)}</td>"
                       f"<td>{e(row.letter)} {e(row.rating or 'not rated')}</td><td>{e(row.lead)}</td>"
                       f"<td>{e(row.due)}</td><td>{note}</td></tr>")
        out.append("</tbody></table>")
    return "\n".join(out)
