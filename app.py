"""Entry point: page config, navigation over the page files, and the shared sidebar.

Run with ``streamlit run app.py``. Pages live in ``dashboard/app_pages/`` (files, so AppTest can
switch to them); the sidebar's controls are shared by every page and live in the URL.

``streamlit run`` finds ``app`` (an ``st.App``) in this file's source and serves it (uvicorn
imports the file as module ``app``): the server answers at once and warms the shared caches in
the background (``dashboard.ui.warm``).
Every session then runs the file as a script (``__name__ == "__main__"``) to draw the page.
"""

import streamlit as st

from dashboard.ui import warm


def main() -> None:
    # Imported here, not at the top: the server imports this file before it answers, and these
    # imports (pandas, pandera and the dashboard's modules) would hold it up; ``warm`` does them in
    # the background, so a session finds them loaded.
    from dashboard import i18n
    from dashboard.ui import context, controls, document, errors, figures, state, upload, widgets

    _ = i18n.gettext_for(controls.current_settings().lang)
    st.set_page_config(page_title=_("AI investments compared"), page_icon="📊", layout="wide")
    with st.spinner(_("Loading the data…")):
        upload.sync_file()
        data = context.data_in_use()
    settings = controls.seed(
        item_ids=lambda: data.frame["id"].tolist(),
        last_view_year=lambda: state.last_view_year(data),
        default_year=lambda: state.default_year(data),
    )
    controls.give_back_picks(data.frame)
    _ = i18n.gettext_for(settings.lang)
    # The controls are drawn after the page, into this slot at the top of the sidebar: the page's
    # charts reach the browser first. They hold nothing the page needs: each control writes the
    # settings in its ``on_change`` callback, which Streamlit runs before the script.
    controls_slot = st.sidebar.container()
    document.prepare(settings.lang)
    upload.sidebar_upload(_, i18n.ngettext_for(settings.lang), i18n.LOCALE_FOR_LANGUAGE[settings.lang])
    pages = [
        st.Page("dashboard/app_pages/overview.py", title=_("Overview"), icon=":material/leaderboard:", default=True),
        st.Page(
            "dashboard/app_pages/compare.py", title=_("Compare"), icon=":material/compare_arrows:", url_path="compare"
        ),
        st.Page(
            "dashboard/app_pages/timeline.py", title=_("Timeline"), icon=":material/timeline:", url_path="timeline"
        ),
        st.Page(
            "dashboard/app_pages/compute.py", title=_("Money and compute"), icon=":material/memory:", url_path="compute"
        ),
        st.Page(
            "dashboard/app_pages/data_sources.py",
            title=_("Data & sources"),
            icon=":material/table_chart:",
            url_path="data",
        ),
        st.Page("dashboard/app_pages/method.py", title=_("Method"), icon=":material/functions:", url_path="method"),
    ]
    page = st.navigation(pages, position="top")
    controls.show_notices(_)
    figures.start_run()
    controls.start_run()
    widgets.swipe_hints_style()
    with errors.boundary(_("the page “{page}”").format(page=page.title), _):
        page.run()
    controls.sidebar(controls_slot, default_year=state.default_year(data), last_view_year=state.last_view_year(data))
    figures.draw_later()  # each chart's section has its own error boundary
    # After the page: its own controls (the Compare picker) have updated the settings by now.
    controls.write_query()


if __name__ == "__main__":  # a session's script run (and AppTest's)
    from dashboard import i18n
    from dashboard.ui import controls, errors

    _ = i18n.gettext_for(controls.current_settings().lang)
    with errors.boundary(_("the dashboard"), _):
        main()
else:  # imported by ``streamlit run app.py`` (or an ASGI server such as uvicorn) to serve this file
    app = st.App(__file__, lifespan=warm.lifespan)
