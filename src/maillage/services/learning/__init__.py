"""Projects of an OLS or a bassin, their chained PDSA cycles, measures and journal.

A project belongs to a territory (a bassin or an OLS); those with ``learning.manage``
there edit it. Journal entries stay within the territory's team unless shared with the
learning network, where the IWPL and other OLS read them beside the practices each
project has published.

One module per topic: ``projects`` (descriptors, partners, theory of change, linked
needs), ``measures`` (points and charts), ``cycles`` (PDSA), ``journal``, ``network``;
``views`` holds what pages and the API show, ``rows`` how the modules reach a project's
rows. Callers use the names below, as ``learning.get_project``.
"""

from __future__ import annotations

from maillage.services.learning.cycles import CycleFields, start_cycle, update_cycle
from maillage.services.learning.journal import EntryDraft, add_entry, share_entry
from maillage.services.learning.measures import (
    MAX_POINTS,
    add_measure,
    add_points,
    parse_points,
    withdraw_point,
)
from maillage.services.learning.network import NetworkOls, SharedEntry, learning_network
from maillage.services.learning.projects import (
    ProjectDraft,
    add_hypothesis,
    add_partner,
    create_project,
    get_project,
    link_need,
    list_projects,
    set_hypothesis_status,
    territory_of,
    update_project,
)
from maillage.services.learning.rows import MAX_TEXT
from maillage.services.learning.views import (
    CycleView,
    EntryView,
    HypothesisView,
    LinkedNeed,
    MeasureView,
    PartnerView,
    PointView,
    ProjectSummary,
    ProjectView,
)

__all__ = [
    "MAX_POINTS",
    "MAX_TEXT",
    "CycleFields",
    "CycleView",
    "EntryDraft",
    "EntryView",
    "HypothesisView",
    "LinkedNeed",
    "MeasureView",
    "NetworkOls",
    "PartnerView",
    "PointView",
    "ProjectDraft",
    "ProjectSummary",
    "ProjectView",
    "SharedEntry",
    "add_entry",
    "add_hypothesis",
    "add_measure",
    "add_partner",
    "add_points",
    "create_project",
    "get_project",
    "learning_network",
    "link_need",
    "list_projects",
    "parse_points",
    "set_hypothesis_status",
    "share_entry",
    "start_cycle",
    "territory_of",
    "update_cycle",
    "update_project",
    "withdraw_point",
]
