"""Baseline for the benchmarks: the smallest honest Streamlit + Plotly app over the same data.

One selectbox (key ``currency``, EUR/USD) and one ``st.plotly_chart`` bar chart: ``amount_high``
summed by region, "converted" with one fixed factor per target currency. It measures what the
framework costs (script run, widget, one figure serialised and drawn); it is deliberately naive
and not correct (currencies are mixed, no FX, no roles): never use its numbers.

It reads the file the dashboard reads (``$AI_DASHBOARD_DATA`` when set, else the bundled
``data/investments.csv``) with pandas on every run, without any cache, and imports nothing from
``dashboard``. Run: ``streamlit run benchmarks/baseline_app.py``.
"""

import os
from pathlib import Path

import pandas as pd
import plotly.express as px
import streamlit as st

FACTOR = {"EUR": 1.0, "USD": 1.08}  # fixed, not a real rate: this is a framework baseline

path = os.environ.get("AI_DASHBOARD_DATA", "").strip() or Path(__file__).resolve().parents[1] / "data" / "investments.csv"
currency = st.selectbox("Currency", list(FACTOR), key="currency")
frame = pd.read_csv(path, usecols=["region", "amount_high"])
by_region = (frame.groupby("region", as_index=False)["amount_high"].sum()
             .assign(amount=lambda d: d["amount_high"] * FACTOR[currency] / 1e9))
fig = px.bar(by_region, x="region", y="amount", title=f"Announced, bn {currency} (baseline)")
st.plotly_chart(fig, key="baseline_chart", width="stretch")
