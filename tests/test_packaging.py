"""The wheel holds every part of the app: pyproject's package list names every folder that holds an __init__.py."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _setuptools() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_python_folder_is_installed_under_planreview():
    config = _setuptools()
    mapped = config["package-dir"]
    expected = set()
    for package, folder in mapped.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder)
            expected.add(".".join([package, *relative.parts]))
    assert set(config["packages"]) == expected
    assert all(name == "planreview" or name.startswith("planreview.") for name in config["packages"])


def test_no_python_folder_is_left_without_an_init():
    config = _setuptools()
    for folder in config["package-dir"].values():
        for path in (ROOT / folder).rglob("*.py"):
            assert (path.parent / "__init__.py").exists(), f"{path} is in a folder the wheel would leave out"


def test_package_data_files_exist():
    config = _setuptools()
    for package, patterns in config["package-data"].items():
        folder = ROOT / config["package-dir"][package]
        for pattern in patterns:
            assert list(folder.glob(pattern)), f"{package}: nothing matches {pattern}"
