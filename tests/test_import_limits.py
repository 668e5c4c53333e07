"""Files too large or locked to read are refused before they are read, in one sentence; nothing is written."""

from __future__ import annotations

import pytest
from planreview.cli.main import main
from planreview.importers import read_plans
from planreview.importers.model import PlanFormatError, iter_actions


def _workbook(path, rows: int):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Ref", "Action", "Lead", "Deadline", "RAG"])
    for n in range(rows):
        sheet.append([f"A{n}", f"Action number {n}", "Jo Rees", "31/03/2027", "G"])
    book.save(path)
    return path


def test_a_workbook_with_more_rows_than_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch, capsys):
    path = _workbook(tmp_path / "big.xlsx", 60)
    monkeypatch.setenv("PLANREVIEW_MAX_ROWS", "50")
    with pytest.raises(PlanFormatError, match=r"big.xlsx: a sheet has 61 rows, more than the 50 planreview reads "
                                              r"\(PLANREVIEW_MAX_ROWS raises the limit\)"):
        read_plans(path)
    db = tmp_path / "p.db"
    assert main(["import", str(path), "--db", str(db)]) == 1
    assert "more than the 50" in capsys.readouterr().err and not db.exists()


def test_a_workbook_at_the_row_limit_is_read(tmp_path, monkeypatch):
    path = _workbook(tmp_path / "edge.xlsx", 49)  # 50 rows with the header
    monkeypatch.setenv("PLANREVIEW_MAX_ROWS", "50")
    assert sum(1 for _ in iter_actions(read_plans(path)[0])) == 49


def test_a_package_that_unpacks_too_large_is_refused(tmp_path, monkeypatch):
    path = _workbook(tmp_path / "wide.xlsx", 5)
    monkeypatch.setenv("PLANREVIEW_MAX_UNPACKED_MB", "0")
    with pytest.raises(PlanFormatError, match=r"wide.xlsx: unpacks to .* MB, more than the 0 MB planreview reads"):
        read_plans(path)


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_a_password_protected_file_is_told_as_such(tmp_path, suffix):
    path = tmp_path / f"locked{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(PlanFormatError, match=rf"locked{suffix}: a password-protected \(encrypted\)"):
        read_plans(path)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_text_saved_as_utf16_or_with_a_bom_is_read(tmp_path, encoding):
    path = tmp_path / "plan.csv"
    path.write_text("Ref,Action,Lead,Deadline,RAG\nA1,Agree the pathway,Jo Rees,01/06/2027,G\n", encoding=encoding)
    action = next(iter_actions(read_plans(path)[0]))
    assert (action.ref, action.text, action.lead, action.due_date) == ("A1", "Agree the pathway", "Jo Rees",
                                                                        "2027-06-01")


def test_a_csv_quote_that_never_closes_is_refused_with_its_line(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text('Ref,Action,Lead,Deadline,RAG\nA1,Agree,Jo,01/06/2027,G\nA2,"Publish the offer,Jo,x,A\n'
                    "A3,Train staff,Jo,01/07/2027,R\n", encoding="utf-8")
    with pytest.raises(PlanFormatError, match="broken.csv: line 3 opens a quoted cell that never closes"):
        read_plans(path)


def test_a_binary_file_named_csv_is_still_refused(tmp_path):
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    with pytest.raises(PlanFormatError, match="image.csv: a binary file, not a .csv table"):
        read_plans(path)
