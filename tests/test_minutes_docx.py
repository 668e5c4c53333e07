"""The Word minutes as a council files them: A4, the chair as author, long dates, a table of agreed actions, and a
council's own template when given."""

from __future__ import annotations

from app_support import make_db
from planreview.cli.main import main
from planreview.exporters.minutes import export_minutes, long_date
from planreview.store.db import connect
from planreview.store.meetings import AgendaEntry, add_decision, meeting_summary, start_meeting
from planreview.store.queries import ActionFilter, find_actions


def _meeting(db):
    conn = connect(db)
    first, second = find_actions(conn, ActionFilter())[:2]
    meeting = start_meeting(conn, first.plan_id, title="Improvement board", date="2026-12-02", chair="Cllr Ada Reyes",
                            items=[AgendaEntry(first.id, "red"), AgendaEntry(second.id, "amber")])
    add_decision(conn, meeting.id, first.id, "Report the recruitment figures", owner="Jo Rees", due_date="2027-01-31")
    add_decision(conn, meeting.id, None, "Hold an extra session in March")
    return conn, meeting, first


def test_word_minutes_are_a4_with_the_chair_as_author_long_dates_and_an_agreed_actions_table(tmp_path):
    from docx import Document
    from docx.shared import Cm

    conn, meeting, first = _meeting(make_db(tmp_path))
    [path] = export_minutes(meeting_summary(conn, meeting.id), tmp_path / "out", ("docx",))
    conn.close()
    doc = Document(str(path))
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (Cm(21).cm, Cm(29.7).cm)
    assert doc.core_properties.author == "Cllr Ada Reyes"
    assert doc.core_properties.title == "Minutes: Improvement board, 2 December 2026"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Date: 2 December 2026" in text and "2026-12-02" not in text
    [table] = doc.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Action", "Agreed", "Owner", "Due"]
    assert [first.ref, "Report the recruitment figures", "Jo Rees", "31 January 2027"] in rows
    assert ["General", "Hold an extra session in March", "-", "-"] in rows


def test_minutes_in_a_councils_own_template(tmp_path, capsys):
    from docx import Document
    from docx.shared import Cm

    template = tmp_path / "council.docx"
    own = Document()
    own.sections[0].page_width, own.sections[0].page_height = Cm(29.7), Cm(21.0)  # a landscape house style
    own.sections[0].header.paragraphs[0].text = "Northfold Council - OFFICIAL"
    own.save(template)
    db = make_db(tmp_path)
    conn, meeting, _ = _meeting(db)
    conn.close()
    assert main(["minutes", meeting.id[:8], "-o", str(tmp_path / "m"), "--template", str(template),
                 "--db", str(db)]) == 0
    [path] = (tmp_path / "m").glob("*.docx")
    doc = Document(str(path))
    assert doc.sections[0].header.paragraphs[0].text == "Northfold Council - OFFICIAL"
    assert round(doc.sections[0].page_width.cm, 1) == 29.7
    assert main(["minutes", meeting.id[:8], "--template", str(tmp_path / "none.docx"), "--db", str(db)]) == 1
    assert "none.docx: no such Word template." in capsys.readouterr().err


def test_long_dates():
    assert long_date("2026-12-02") == "2 December 2026"
    assert long_date("2027-01-01") == "1 January 2027"
    assert long_date("") == "" and long_date(None) == "" and long_date("soon") == "soon"
