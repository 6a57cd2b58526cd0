"""AI investment comparison dashboard.

The package is layered (see ../README.md): pure modules (schema, dataset, fx, formatting,
i18n, ledger) know nothing of Streamlit; charts build Plotly figures; only ``ui`` and
``app_pages`` import Streamlit. Importing this package does no work.
"""
