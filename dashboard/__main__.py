"""``python -m dashboard``: the command-line interface (see dashboard.cli).

Ctrl-C says "interrupted" in one line and then ends the process by the signal itself (status
130), as a shell expects: exiting normally with 130 let a ``for`` loop over runs carry on (review).
"""

import contextlib
import os
import signal
import sys


def _die_by_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGINT)
    sys.exit(128 + signal.SIGINT)  # where the signal does not end the process


try:
    from dashboard.cli import INTERRUPTED, main

    code = main()
except KeyboardInterrupt:  # while the modules load (~0.6 s) or the options are parsed (the ECB table)
    with contextlib.suppress(OSError, AttributeError, ValueError):
        sys.stderr.write("dashboard: interrupted\n")
    _die_by_sigint()
if code == INTERRUPTED:  # main said "interrupted"
    _die_by_sigint()
sys.exit(code)
