"""Where the shared, read-only test data lives (../shared beside the checkout)."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared_path(relative: str) -> Path:
    """Return a path inside ../shared, skipping the test with a reason when it is absent."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared test data is not beside this checkout")
    return path
