"""Kept for old links: the fx benchmark is now B3 of the suite (``benchmarks/conversion.py``).

``python benchmarks/bench_fx.py [--rows N] [--runs K] [--sample S]`` prints the B3 table, the
same as ``python -m benchmarks.conversion --table``; ``python -m benchmarks --only B3`` runs it
with the machine description and writes it to a results file.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import conversion  # noqa: E402

if __name__ == "__main__":
    sys.exit(conversion.main([*sys.argv[1:], "--table"]))
