"""The architecture and the OLS roadmaps as stored, on both backends: shipped at init,
edited with versions and audit, exported, and refused without change when wrong."""

from __future__ import annotations

import io
from datetime import date

import networkx as nx
import pytest

from maillage.domain.actors import Actor
from maillage.domain.architecture import FlowKind, from_document, to_document
from maillage.domain.roadmap import Choice, StepStatus
from maillage.errors import Conflict, NotFound, StaleVersion, UserError
from maillage.formats.architecture import to_graphml
from maillage.services import architecture, audit_trail, roadmap
from maillage.services.architecture import FlowDraft, StructureDraft
from maillage.services.roadmap import StepDraft
from tests.helpers import snapshot

IWPL = Actor(None, "analyste@iwpl.be", "127.0.0.1")
TEAM = Actor(None, "equipe@ols1.be", "127.0.0.1")


def test_init_ships_the_walloon_architecture_with_its_sources(platform):
    found = architecture.current(platform)
    assert len(found.structures) == 18 and len(found.flows) == 35
    assert all(f.reference for f in found.flows), "every flow names its source"
    assert architecture.seed(platform) == 0, "a second init loads nothing again"
    reading = architecture.analyse(platform, date(2026, 11, 23))
    assert reading.of(None).pivots == ("ols",)


def test_a_flow_edit_is_versioned_audited_and_changes_the_analysis(platform):
    snap = architecture.snapshot(platform)
    flow_id = architecture.add_flow(
        platform,
        IWPL,
        FlowDraft(
            "information",
            "pss",
            "ols",
            "Avis sur les situations complexes",
            "Décret (à préciser)",
            "trimestrielle",
            "2027-01-01",
            "",
            "Atelier IWPL",
        ),
    )
    added = next(f for f in architecture.current(platform).flows if f.id == flow_id)
    assert added.available_from == date(2027, 1, 1)
    reading = architecture.analyse(platform, date(2026, 11, 23))
    assert "pss" not in reading.of(None).isolated
    assert [f.id for f in reading.timing.not_yet] == [flow_id]
    version = architecture.snapshot(platform).flow_versions[flow_id]
    architecture.update_flow(
        platform,
        IWPL,
        flow_id,
        FlowDraft("information", "pss", "ols", "Avis", available_from=""),
        version,
    )
    with pytest.raises(StaleVersion):
        architecture.update_flow(
            platform, IWPL, flow_id, FlowDraft("information", "pss", "ols", "Autre"), version
        )
    events = audit_trail.events(
        platform, audit_trail.AuditFilter(entity="arch_flow", entity_id=str(flow_id))
    )
    assert [e.action for e in events] == ["update", "create"]
    assert events[0].actor == "analyste@iwpl.be"
    architecture.remove_flow(platform, IWPL, flow_id, version + 1)
    assert "pss" in architecture.analyse(platform, date(2026, 11, 23)).of(None).isolated
    assert snap.architecture.flows == architecture.current(platform).flows


@pytest.mark.parametrize(
    "draft, error",
    [
        (FlowDraft("information", "nowhere", "ols", "x"), NotFound),
        (FlowDraft("information", "ols", "ols", "x"), UserError),
        (FlowDraft("money", "ols", "iwpl", "x"), UserError),
        (FlowDraft("information", "ols", "iwpl", "  "), UserError),
        (FlowDraft("information", "ols", "iwpl", "x", available_from="2026-02-30"), UserError),
    ],
)
def test_a_wrong_flow_is_refused_and_changes_nothing(platform, draft, error):
    before = snapshot(platform)
    with pytest.raises(error):
        architecture.add_flow(platform, IWPL, draft)
    assert snapshot(platform) == before


def test_structures_are_added_edited_and_removed_only_without_flows(platform):
    code = architecture.add_structure(
        platform,
        IWPL,
        "cpas_federation",
        StructureDraft(
            "Fédération des CPAS",
            "Fédération CPAS",
            "meso",
            False,
            composition="CPAS\nprésident·es de CPAS",
        ),
    )
    with pytest.raises(Conflict):
        architecture.add_structure(platform, IWPL, code, StructureDraft("X", "", "meso", False))
    with pytest.raises(UserError):
        architecture.add_structure(
            platform, IWPL, "Bad Code", StructureDraft("X", "", "meso", False)
        )
    found = architecture.current(platform).structure(code)
    assert found.composition == ("CPAS", "président·es de CPAS")
    version = architecture.snapshot(platform).structure_versions["ols"]
    with pytest.raises(UserError, match="a encore 14 flux"):
        architecture.remove_structure(platform, IWPL, "ols", version)
    architecture.remove_structure(platform, IWPL, code, 1)
    assert code not in architecture.current(platform).by_code
    with pytest.raises(NotFound):
        architecture.update_structure(
            platform, IWPL, code, StructureDraft("X", "", "meso", False), 1
        )


def test_exports_keep_every_structure_and_flow(platform):
    found = architecture.current(platform)
    assert from_document(to_document(found)).flows == found.flows
    graph = nx.read_graphml(io.BytesIO(to_graphml(found)))
    assert graph.number_of_nodes() == 18 and graph.number_of_edges() == 35
    assert graph.nodes["pas"]["level"] == "macro"
    kinds = {d["kind"] for _a, _b, d in graph.edges(data=True)}
    assert kinds == {k.value for k in FlowKind}


def test_an_ols_records_its_trajectory_and_the_iwpl_compares(platform):
    roadmap.record(
        platform,
        TEAM,
        "OLS-01",
        "7",
        StepDraft("1", "in_progress", "2026-03-01", "Une coordinatrice engagée"),
        0,
    )
    roadmap.record(platform, TEAM, "OLS-01", "6", StepDraft("2", "done"), 0)
    with pytest.raises(Conflict):
        roadmap.record(platform, TEAM, "OLS-01", "6", StepDraft("1", "done"), 0)
    mine = roadmap.trajectory(platform, "OLS-01")
    assert mine.steps["7"].choice is Choice.FIRST
    assert mine.steps["7"].status is StepStatus.IN_PROGRESS
    assert [f.rule.then for f in mine.evaluation.inconsistent] == [("6", Choice.FIRST)]
    version = mine.steps["6"].version
    roadmap.record(platform, TEAM, "OLS-01", "6", StepDraft("1", "done"), version)
    with pytest.raises(StaleVersion):
        roadmap.record(platform, TEAM, "OLS-01", "6", StepDraft("2", "done"), version)
    rows = roadmap.comparison(platform)
    assert len(rows) == 10
    first = next(r for r in rows if r.code == "OLS-01")
    assert first.evaluation.inconsistent == () and first.done == 1
    before = snapshot(platform)
    for code, step, draft, error in (
        ("BV-001", "6", StepDraft("1", "done"), NotFound),
        ("OLS-01", "5.2", StepDraft("1", "done"), UserError),
        ("OLS-01", "12", StepDraft("", "done"), UserError),
        ("OLS-01", "4", StepDraft("3", "done"), UserError),
        ("OLS-01", "4", StepDraft("1", "finished"), UserError),
    ):
        with pytest.raises(error):
            roadmap.record(platform, TEAM, code, step, draft, 0)
    assert snapshot(platform) == before
