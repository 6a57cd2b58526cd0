"""The Overview's economies ranking (measure "gdp-share" or "per-capita"): money announced for
one economy over its GDP or population, with what the ranking leaves out."""

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from dashboard import charts, labels, lookups, years
from dashboard.ui import figures, state, widgets
from dashboard.ui.context import Context


def show(ctx: Context, totals: Callable[..., dict[str, Any]], no_horizon_ids: list[str]) -> None:
    """The ranking and its captions; ``totals`` is the page's ``report.payload_for_rows`` for the
    settings (keywords ``by``, ``measure``, ``economies``, ``usd_rows``)."""
    _, s = ctx._, ctx.settings
    economies = state.economies()
    if economies is None:
        st.warning(_("No GDP and population data is available, so economies cannot be compared."))
        return
    in_usd = replace(s, currency="USD")
    usd_rows = state.filtered(ctx.data, in_usd, state.normalised(ctx.data, in_usd))
    measured = state.figure(
        "overview_measure",
        ctx.key,
        lambda: totals(by="country", measure=s.measure, economies=economies, usd_rows=usd_rows),
    )
    economy_names = dict(zip(economies["country"], economies["name_de" if s.lang == "de" else "name"]))
    measure_title = (
        _("Economies by money announced as a share of GDP")
        if s.measure == "gdp-share"
        else _("Economies by money announced per person")
    )
    year_key = "gdp_year" if s.measure == "gdp-share" else "population_year"
    # Per person and year is one unit ("pro Kopf und Jahr", not "pro Kopf pro Jahr"): its header
    # then takes no "per year" of its own.
    per_person_year = s.measure != "gdp-share" and s.view == "per-year"
    if s.measure == "gdp-share":
        ratio_unit = _("per cent of GDP")
    elif per_person_year:
        ratio_unit = _("{currency} per person per year").format(currency=s.currency)
    else:
        ratio_unit = _("{currency} per person").format(currency=s.currency)
    # No economy left: the file's years, not "()" or "(–)", which read as broken (QA passes).
    years_used = ", ".join(sorted({str(g[year_key]) for g in measured["groups"] or economies.to_dict("records")}))
    scale = 100 if s.measure == "gdp-share" else 1

    def group_columns(unit: str, prefix: str, factor: float = 1, view: str = s.view, **kw: Any) -> dict:
        """Low and high columns of the economies' ``{prefix}_low``/``_high`` (``low``/``high``)."""
        key = f"{prefix}_" if prefix else ""
        lows, highs = ([g[key + end] * factor for g in measured["groups"]] for end in ("low", "high"))
        return charts.money_columns(
            _, unit, np.array(lows, dtype=float), np.array(highs, dtype=float), view, s.year, **kw
        )

    def economy_wordings() -> dict[str, set[str]]:
        """Each economy's wordings (amount_kind), from its counted rows with money only (a €0
        figure adds no bound); cached: ~25–80 ms a run at 100k rows (review)."""
        rows = ctx.rows.loc[lookups.is_in(ctx.rows["id"], [i for g in measured["groups"] for i in g["ids"]])]
        rows = rows[rows[years.view_columns(s.view)[1]].to_numpy(dtype=float) > 0]
        kind_of = dict(zip(rows["id"], rows["amount_kind"].fillna("")))
        return {g["key"]: {kind_of[i] for i in g["ids"] if i in kind_of} for g in measured["groups"]}

    wordings = state.figure("overview_wordings", ctx.key, economy_wordings)
    # On the image and in the CSV too: the PNG of the UK's share said nothing of its overlaps (review).
    caveats = widgets.economy_caveats(ctx, measured["groups"], economy_names)
    st.subheader(measure_title)
    figures.show(
        ctx,
        state.figure(
            "overview_economies",
            ctx.key,
            lambda: charts.economy_ranking(
                measured["groups"],
                measure=s.measure,
                currency=s.currency,
                locale=ctx.locale,
                names=economy_names,
                gettext=_,
                ngettext=ctx.ngettext,
                wordings=wordings,
                empty=charts.no_rate_reason(ctx.rows, _),
            ),
        ),
        key="overview_economies",
        name_part=s.measure,
        title=measure_title,
        capex=False,  # economies rank public programmes and pledges only, never company capex
        caveat=" ".join(caveats),
        # The bars are shares or money per person, not the display currency's money.
        unit=(
            _("Per cent of GDP ({years}), money converted to US dollars")
            if s.measure == "gdp-share"
            else _("Nominal {currency} per person, population {years}")
        ).format(years=years_used, currency=s.currency),
        table=lambda: pd.DataFrame(
            {
                _("Economy"): [economy_names.get(g["key"], g["key"]) for g in measured["groups"]],
                _("GDP year") if s.measure == "gdp-share" else _("Population year"): [
                    g["gdp_year" if s.measure == "gdp-share" else "population_year"] for g in measured["groups"]
                ],
                **group_columns(s.currency, "money"),
                # The dollars the share divides by GDP, as the hover gives them (a CSV has no hover).
                **(group_columns("USD", "money_usd") if s.measure == "gdp-share" and s.currency != "USD" else {}),
                # The upper bound of the hover's "of which up to … may be counted twice", in
                # the money's unit and view (a CSV or the Table view has no hover).
                **{
                    _("Of which may be counted twice in recorded overlaps, up to: {column}").format(
                        column=column
                    ): values
                    for column, values in group_columns(s.currency, "overlap").items()
                },
                # Shares in per cent, as the chart draws them (a fraction read as "0.04"), headed
                # like the money: low and high, the unit and the view (the chart's title with
                # "↓"/"↑" read as sort arrows and was cut before it differed).
                **group_columns(ratio_unit, "", scale, "total" if per_person_year else s.view, ratio=True),
                # As the bar's label and hover word it: a CSV has neither (QA pass).
                _("How its figures are stated"): [
                    labels.sum_wording(wordings[g["key"]], _) for g in measured["groups"]
                ],
            }
        ),
    )
    about = (
        _(
            "Money announced for one economy (public programmes and pledges with a country; the EU27 as one "
            "economy) in US dollars, over its GDP in current US dollars ({years}, data/economies.csv, sources "
            "per economy on the Method page). Shares do not add up: the EU27's GDP contains France's."
        )
        if s.measure == "gdp-share"
        else _(
            "Money announced for one economy (public programmes and pledges with a country; the EU27 as one "
            "economy) over its population ({years}, data/economies.csv). Per-person figures do not add up: "
            "the EU27 contains France."
        )
    ).format(years=years_used)
    if s.view == "total":
        # "United States 2.14%" is Stargate's four years over one year's GDP: say so.
        about += " " + _(
            "In the total view each amount is the whole figure, often for several years; “Per year” and “One "
            "year” compare annual money."
        )
    st.caption(" ".join([about, *caveats]))
    no_figures = set(measured["no_figures_ids"])
    global_ids = [i for i in measured["no_economy_ids"] if i not in no_figures]
    if global_ids:
        st.caption(
            # Mistral's rounds (country FR) read as "global money with no economy" (QA pass).
            _(
                "Not in this ranking (company capex, funding rounds, training costs or money for no single "
                "country): {names}."
            ).format(names=labels.listed(widgets.names_for(ctx, global_ids)))
        )
    if unranked := widgets.unranked_for_want_of_horizon(ctx, economies, economy_names, no_horizon_ids):
        st.caption(unranked)
    if no_figures:
        # An upload's Polish programme was listed as global money (QA pass).
        st.caption(
            _(
                "No GDP or population figures for their country in data/economies.csv, so not in this ranking: {names}."
            ).format(names=labels.listed(widgets.names_for(ctx, measured["no_figures_ids"])))
        )
