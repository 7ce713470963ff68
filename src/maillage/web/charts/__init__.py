"""Charts of territory profiles, the needs flow and the learning system, drawn on the
server as SVG.

The same markup serves the page and its PDF (WeasyPrint draws SVG), needs no script, and
loads nothing from elsewhere. One module per feature (``profile``, ``maps``,
``concertation``, ``control``, ``performance``) around ``scales`` (scales, padded
domains, ticks, axis labels, the SVG element) and ``palette`` (colours); callers use the
names below, as ``charts.spine``.
"""

from __future__ import annotations

from maillage.web.charts.concertation import heat_map, participation
from maillage.web.charts.control import control_chart
from maillage.web.charts.maps import MapShape, choropleth, legend
from maillage.web.charts.palette import (
    COMPARISON_COLOURS,
    DIRECTION_COLOURS,
    NO_DATA,
    QUALITATIVE,
    SEQUENTIAL,
    colour_of,
)
from maillage.web.charts.performance import MARKERS, score_trends
from maillage.web.charts.profile import comparison_key, pyramid, spine, trend
from maillage.web.charts.scales import number

__all__ = [
    "COMPARISON_COLOURS",
    "DIRECTION_COLOURS",
    "MARKERS",
    "NO_DATA",
    "QUALITATIVE",
    "SEQUENTIAL",
    "MapShape",
    "choropleth",
    "colour_of",
    "comparison_key",
    "control_chart",
    "heat_map",
    "legend",
    "number",
    "participation",
    "pyramid",
    "score_trends",
    "spine",
    "trend",
]
