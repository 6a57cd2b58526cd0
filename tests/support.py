"""Helpers shared by test modules (imported as ``support``: pytest puts ``tests/`` on the path)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m dashboard *args`` from the repository root, as CI and scripts run it."""
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def upload_summary(result) -> str:
    """One English line for a ``check_upload`` result (what the tests compare)."""
    if result.frame is None:
        n = len(result.problems)
        return f"rejected: {n} problem{'' if n == 1 else 's'}; the data in use is unchanged"
    how = result.variant.describe() if result.variant else "?"
    return f"{result.rows} row{'' if result.rows == 1 else 's'} read as {how}"
