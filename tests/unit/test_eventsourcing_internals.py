"""shared/eventsourcing_internals/ relies on private parts of eventsourcing and
eventsourcing-sqlalchemy: an upgrade of either must be a decision, taken with those modules
read against the new sources, never a side effect of a fresh install."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import pytest

import shared.eventsourcing_internals as internals

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("package", sorted(internals.CHECKED_AGAINST))
def test_the_installed_library_is_the_one_the_internals_were_checked_against(
    package: str,
) -> None:
    assert version(package) == internals.CHECKED_AGAINST[package], (
        f"{package} {version(package)} is installed, but shared/eventsourcing_internals/ was "
        f"checked against {internals.CHECKED_AGAINST[package]}: read it against the new "
        "sources, then update CHECKED_AGAINST and its docstring"
    )


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
@pytest.mark.parametrize("package", sorted(internals.CHECKED_AGAINST))
def test_the_locks_pin_those_versions(lock: str, package: str) -> None:
    pinned = re.search(rf"^{re.escape(package)}==(\S+)$", (REPO / lock).read_text(), re.M)
    assert pinned is not None and pinned.group(1) == internals.CHECKED_AGAINST[package]


def test_the_docstring_names_the_versions_checked() -> None:
    doc = internals.__doc__ or ""
    for package, checked in internals.CHECKED_AGAINST.items():
        assert f"{package} {checked}" in doc
