"""Pure figure builders: a normalised DataFrame plus keyword options in, a ``go.Figure`` out.

Every builder takes the frame produced by ``ledger.normalise`` (and filtered by the caller), the
target ``currency``, the Babel ``locale`` and a ``gettext`` function, and returns a figure whose
axis titles name the currency and view, whose separators follow the locale, and whose hovers
show the name, the original amount, the converted amount, the rate and its date, the status,
the confidence and the source's site. Values are plotted in display units (bn, m, tn) chosen
by ``axes.unit_scale`` so that ticks never carry an SI suffix such as "G".

Modules: ``common`` (colours, layout, value axis), ``text`` (labels and hovers), ``bars`` (the
ranking), ``treemap`` (the drill-down), ``over_time`` (timeline, running total), ``capex_guidance``
(capex guidance as it moved), ``compute`` (money against capacity; its point labels are placed by
``placing``), ``economies``, ``publish``
(title, subtitle and source line inside a figure; a download's file name) and ``tables`` (the
numbers behind each chart).
The names below are what pages and tests use.

Must not: import Streamlit, read files, or change the numbers it is given (no rounding; ranges
are drawn as error bars around the central figure, never collapsed silently).
"""

from dashboard.charts.bars import ranking
from dashboard.charts.capex_guidance import (
    GUIDANCE_LINES,
    guidance,
    guidance_drawn,
    guidance_left_out,
    revised_capex_ids,
    single_figure_capex,
)
from dashboard.charts.common import REGION_COLOURS, no_rate_reason
from dashboard.charts.compute import (
    cost_per_gw,
    cost_table,
    cost_texts,
    money_vs_accelerators,
    money_vs_gw,
    point_kind,
    unnamed_points,
)
from dashboard.charts.economies import economy_ranking
from dashboard.charts.over_time import cumulative, timeline, timeline_count
from dashboard.charts.publish import (
    bar_names,
    basis_part,
    download_name,
    footer,
    kinds_of_picks,
    not_drawn,
    publish,
    search_part,
    subtitle,
    unlike_kinds,
    view_part,
)
from dashboard.charts.tables import (
    compare_table,
    cumulative_table,
    drilldown_table,
    guidance_table,
    money_columns,
    ranking_table,
    timeline_table,
)
from dashboard.charts.text import Hovers, horizon, hover_columns, row_label, short_names, source_site
from dashboard.charts.treemap import drilldown

__all__ = [
    "GUIDANCE_LINES",
    "REGION_COLOURS",
    "Hovers",
    "cost_per_gw",
    "cost_table",
    "cost_texts",
    "cumulative",
    "compare_table",
    "cumulative_table",
    "bar_names",
    "basis_part",
    "download_name",
    "search_part",
    "drilldown",
    "economy_ranking",
    "drilldown_table",
    "footer",
    "guidance",
    "guidance_drawn",
    "guidance_left_out",
    "guidance_table",
    "money_columns",
    "horizon",
    "hover_columns",
    "money_vs_accelerators",
    "money_vs_gw",
    "kinds_of_picks",
    "unlike_kinds",
    "no_rate_reason",
    "not_drawn",
    "point_kind",
    "publish",
    "ranking",
    "ranking_table",
    "revised_capex_ids",
    "single_figure_capex",
    "row_label",
    "short_names",
    "source_site",
    "subtitle",
    "timeline",
    "timeline_count",
    "timeline_table",
    "unnamed_points",
    "view_part",
]
