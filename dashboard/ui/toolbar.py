"""The Plotly toolbar of every chart: its buttons, its image download, and its words in the
UI's language (Plotly's bundle speaks English only; its ``config.locales`` takes a dictionary
per chart, so the translations stay in our catalog)."""

from __future__ import annotations

from dashboard.i18n import Gettext
from dashboard.locale_base import language_of

#: Plotly toolbar: keep zoom and image download, drop the clutter.
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
#: The toolbar's image: a PNG at twice the screen's resolution, 1200 px wide whatever the screen
#: (its height is the figure's), so a download from a phone is as legible as one from a desktop.
#: Plotly's toolbar makes one format per button and takes no script through Streamlit's
#: ``config``, so SVG is not offered.
IMAGE_WIDTH = 1200
IMAGE_SCALE = 2


def chart_config(
    filename: str, height: int | None = None, *, locale: str = "en_US", gettext: Gettext | None = None
) -> dict:
    """``PLOTLY_CONFIG`` with the toolbar's image download named ``filename`` (no extension), and
    in a language other than English the toolbar's words in it.

    >>> chart_config("ai-investments-overview-ranking", 500)["toImageButtonOptions"]
    {'format': 'png', 'filename': 'ai-investments-overview-ranking', 'scale': 2, 'width': 1200, 'height': 500}
    >>> german = chart_config("x", locale="de_DE", gettext=lambda text: text.upper())
    >>> german["locale"], german["locales"]["de"]["dictionary"]["Reset axes"]
    ('de', 'RESET AXES')
    """
    image = {"format": "png", "filename": filename, "scale": IMAGE_SCALE, "width": IMAGE_WIDTH, "height": height}
    config = {**PLOTLY_CONFIG, "toImageButtonOptions": image}
    lang = language_of(locale)
    if lang == "en" or gettext is None:
        return config
    return {**config, "locale": lang, "locales": {lang: {"dictionary": _words(gettext)}}}


def _words(_: Gettext) -> dict[str, str]:
    """What the toolbar of a bar, scatter or treemap chart can say (Plotly's English as keys),
    the buttons' titles and the notes a click shows."""
    return {
        "Download plot as a PNG": _("Download plot as a PNG"),
        "Preparing image - this may take a few seconds": _("Preparing image - this may take a few seconds"),
        "Image download succeeded": _("Image download succeeded"),
        "Sorry, there was a problem downloading your image!": _("Sorry, there was a problem downloading your image!"),
        "Zoom": _("Zoom"),
        "Pan": _("Pan"),
        "Zoom in": _("Zoom in"),
        "Zoom out": _("Zoom out"),
        "Autoscale": _("Autoscale"),
        "Reset axes": _("Reset axes"),
        "Double-click to zoom back out": _("Double-click to zoom back out"),
        "Double-click on legend to isolate one trace": _("Double-click on legend to isolate one trace"),
    }
