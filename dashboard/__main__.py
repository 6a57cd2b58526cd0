"""``python -m dashboard``: the command-line interface (see dashboard.cli)."""

import sys

from dashboard.cli import main

sys.exit(main())
