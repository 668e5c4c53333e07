"""An export or minutes file is replaced only when the new one is complete: a writer that fails midway leaves the
earlier good file exactly as it was, and no partial file behind."""

from __future__ import annotations

import pytest
from app_support import make_db
from planreview.cli.main import main

from planreview import exporters


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".md", ".html"])
def test_a_failed_export_leaves_the_earlier_file_as_it_was(tmp_path, monkeypatch, capsys, suffix):
    db = make_db(tmp_path)
    output = tmp_path / "out" / f"board{suffix}"
    output.parent.mkdir()
    assert main(["export", "-o", str(output), "--db", str(db)]) == 0
    good = output.read_bytes()
    real = exporters.writer_for(suffix.lstrip("."))

    def dies_midway(plans, path):
        real(plans, path)
        path.write_bytes(path.read_bytes()[:10])  # half a file on disk
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exporters, "writer_for", lambda fmt: dies_midway)
    assert main(["export", "-o", str(output), "--db", str(db)]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert output.read_bytes() == good
    assert [p.name for p in output.parent.iterdir()] == [output.name]
