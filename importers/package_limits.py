"""Checks on an .xlsx or .docx package before it is opened: encrypted, not a package, too large to read safely."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

from planreview.importers.model import PlanFormatError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # password-protected Office files are OLE containers, not zips
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+:?[A-Z]*(\d*)"')


def _limit(name: str, default: int) -> int:
    """A limit from the environment (PLANREVIEW_MAX_ROWS, PLANREVIEW_MAX_UNPACKED_MB), else the default."""
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def max_rows() -> int:
    """The most rows a worksheet may declare (a plan has hundreds; a million-row sheet took minutes and GBs)."""
    return _limit("PLANREVIEW_MAX_ROWS", 100_000)


def max_unpacked_bytes() -> int:
    """The most bytes a package may unpack to (a 9 MB workbook unpacked to use 2.3 GB of memory)."""
    return _limit("PLANREVIEW_MAX_UNPACKED_MB", 300) * 1024 * 1024


def check_package(path: Path, kind: str) -> None:
    """Refuse, in one sentence, a package that is encrypted, is not a package, or would unpack too large."""
    with open(path, "rb") as handle:
        start = handle.read(8)
    if start == OLE_MAGIC:
        raise PlanFormatError(f"{path.name}: a password-protected (encrypted) {kind}, or an old binary file "
                              f"renamed; open it, save it without a password as {path.suffix}, and import that.")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise PlanFormatError(f"{path.name}: not a readable {kind} (the file is damaged, truncated or not "
                              f"{path.suffix}).") from None
    with archive:
        members = archive.infolist()
        unpacked = sum(m.file_size for m in members)
        if unpacked > max_unpacked_bytes():
            raise PlanFormatError(
                f"{path.name}: unpacks to {unpacked / 2**20:,.0f} MB, more than the {max_unpacked_bytes() / 2**20:,.0f}"
                " MB planreview reads (PLANREVIEW_MAX_UNPACKED_MB raises the limit).")
        for member in members:
            if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
                continue
            with archive.open(member) as sheet:
                found = _DIMENSION.search(sheet.read(4096))
            if found and found.group(1) and int(found.group(1)) > max_rows():
                raise PlanFormatError(
                    f"{path.name}: a sheet has {int(found.group(1)):,} rows, more than the {max_rows():,} planreview "
                    "reads (PLANREVIEW_MAX_ROWS raises the limit); delete the empty or unrelated rows and import "
                    "again.")
