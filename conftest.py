"""Root pytest configuration: keep doctest collection away from Streamlit scripts.

Page files run Streamlit calls at import (they are scripts), so they are never imported by
doctest collection; the AppTest suite runs them instead.
"""

collect_ignore_glob = ["dashboard/app_pages/*", "dashboard/ui/*", "app.py", "benchmarks/*"]
