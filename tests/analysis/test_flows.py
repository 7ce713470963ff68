"""The shipped architecture yields, by computation, the findings seed 000 draws from its
flow diagrams; the readings follow when a flow is changed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.analysis import flows
from maillage.domain.architecture import Architecture, Flow, FlowKind, from_document
from maillage.errors import UserError
from maillage.reference import loaders

ON = date(2026, 11, 23)


@pytest.fixture(scope="module")
def shipped() -> Architecture:
    return from_document(loaders.architecture_document())


def points(reading: flows.Reading) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for finding in reading.findings:
        if finding.point:
            found.setdefault(finding.point, []).append(finding.sentence)
    return found


def test_the_ols_is_the_pivot_between_the_bassins_and_the_macro_level(shipped):
    assert flows.level_pivots(shipped) == ("ols",)
    for kind in (FlowKind.INFORMATION, FlowKind.HUMAN_RESOURCES):
        assert flows.level_pivots(shipped, kind) == ("ols",)
    reading = flows.analyse(shipped, ON)
    assert reading.of(None).pivots == ("ols",)
    # The OLS is also the most connected structure of the whole picture.
    assert reading.of(None).degrees[0].code == "ols"
    assert any(
        s.startswith("L’OLS est le pivot entre les bassins de vie et le niveau macro")
        for s in points(reading)[4]
    )


def test_the_specialised_care_platforms_have_no_flow_at_all(shipped):
    reading = flows.analyse(shipped, ON)
    for kind_reading in reading.per_kind:
        assert "pss" in kind_reading.isolated
        assert kind_reading.degree("pss").total == 0
    assert (
        "PSS : aucun flux d'aucune sorte ; leur rôle dans le système est à clarifier."
        in points(reading)[6]
    )


def test_the_scientific_support_point_is_linked_only_to_aviq_by_accountability(shipped):
    assert flows.neighbours(shipped, "pas") == ("aviq",)
    assert flows.neighbours(shipped, "pas", FlowKind.ACCOUNTABILITY) == ("aviq",)
    assert flows.neighbours(shipped, "pas", FlowKind.INFORMATION) == ()
    assert flows.neighbours(shipped, "pas", FlowKind.HUMAN_RESOURCES) == ()
    sentences = points(flows.analyse(shipped, ON))[6]
    assert "Point d'appui scientifique n'a de lien qu'avec l’AVIQ (redevabilité)." in sentences


def test_the_branch_committee_and_the_forum_have_the_same_composition(shipped):
    alike = flows.alike_compositions(shipped, threshold=0.8)
    assert [(a.first, a.second, a.similarity) for a in alike] == [("forum", "cbs", 1.0)]
    assert "organismes assureurs" in alike[0].shared
    assert any(
        s.startswith("Forum et CBS ont 100 pour cent")
        for s in points(flows.analyse(shipped, ON))[7]
    )


def test_the_federal_level_reaches_the_decree_only_through_aviq_and_the_cabinet(shipped):
    linked = flows.neighbours(shipped, "federal")
    in_decree = {c for c in linked if shipped.structure(c).in_decree}
    assert in_decree == {"aviq", "cabinet"}
    # Its meso anchoring (réseaux 107, hospital networks) lies outside the decree.
    assert set(linked) - in_decree == {"reseaux_107", "reseaux_hosp"}
    [sentence] = points(flows.analyse(shipped, ON))[3]
    assert sentence.startswith(
        "Fédéral n'est relié aux structures du décret que par : l’AVIQ, Cabinet."
    )


def test_ols_and_iwpl_share_every_kind_of_flow_and_aviq_plays_two_roles(shipped):
    kinds = flows.link_kinds(shipped)
    assert kinds[frozenset({"ols", "iwpl"})] == set(FlowKind)
    assert all(len(k) < 3 for pair, k in kinds.items() if pair != {"ols", "iwpl"})
    roles = dict(flows.double_roles(shipped))
    assert roles["aviq"] == ("iwpl", "ols")


def test_existing_meso_structures_have_no_flow_and_are_named(shipped):
    reading = flows.analyse(shipped, ON)
    [sentence] = points(reading)[10]
    for name in ("Cercles de MG", "Cercles de pharmaciens", "Plateformes palliatives", "OST"):
        assert name in sentence


def test_a_need_from_a_bassin_reaches_the_federal_level_only_through_the_ols(shipped):
    routes = flows.routes(shipped, "bassins", "federal", FlowKind.INFORMATION)
    assert routes, "a path exists"
    assert all(r.steps[1] == "ols" and r.steps[-2] in ("aviq", "cabinet") for r in routes)
    first = routes[0]
    assert len(first.flows) == len(first.steps) - 1
    assert all(f.kind is FlowKind.INFORMATION for f in first.flows)
    # Accountability never goes down: nothing leaves the macro level towards the bassins.
    assert flows.routes(shipped, "aviq", "bassins", FlowKind.ACCOUNTABILITY) == ()
    assert flows.direction_counts(shipped, FlowKind.ACCOUNTABILITY)[0] == 0
    with pytest.raises(UserError):
        flows.routes(shipped, "bassins", "nowhere")


def test_timing_names_flows_not_there_yet_and_those_waiting_for_tools(shipped):
    reading = flows.analyse(shipped, ON)
    assert {(f.source, f.target) for f in reading.timing.undated} >= {("aviq", "ols")}
    dated = replace(shipped.flows[0], available_from=date(2027, 1, 1))
    later = Architecture(shipped.structures, (dated, *shipped.flows[1:]))
    assert flows.timing(later, date(2026, 6, 30)).not_yet == (dated,)
    assert flows.timing(later, date(2027, 1, 1)).not_yet == ()
    sentence = next(
        f.sentence
        for f in flows.analyse(later, date(2026, 6, 30)).findings
        if f.topic == "timing" and "30/06/2026" in f.sentence
    )
    assert "1" in sentence and "Bassins de vie" not in sentence.split(":")[0]


def test_the_readings_follow_a_changed_flow(shipped):
    bypass = Flow(FlowKind.INFORMATION, "bassins", "forum", "Avis direct", id=999)
    changed = Architecture(shipped.structures, (*shipped.flows, bypass))
    assert flows.level_pivots(changed, FlowKind.INFORMATION) == ()
    platforms = Flow(FlowKind.INFORMATION, "pss", "ols", "Avis spécialisé", id=1000)
    linked = Architecture(shipped.structures, (*shipped.flows, platforms))
    assert "pss" not in flows.analyse(linked, ON).of(None).isolated


def test_the_similarity_threshold_is_configurable(shipped):
    assert flows.alike_compositions(shipped, 1.0)
    near = replace(
        shipped.structure("cbs"),
        composition=(*shipped.structure("cbs").composition, "membres experts"),
    )
    changed = Architecture(
        tuple(near if s.code == "cbs" else s for s in shipped.structures), shipped.flows
    )
    assert flows.alike_compositions(changed, 1.0) == ()
    [pair] = flows.alike_compositions(changed, 0.8)
    assert pair.similarity == pytest.approx(6 / 7)


def test_circular_flows_are_read_per_kind(shipped):
    reading = flows.analyse(shipped, ON)
    assert reading.of(FlowKind.ACCOUNTABILITY).cycles == ()
    assert ("iwpl", "ols") in reading.of(FlowKind.INFORMATION).cycles
    sentences = [f.sentence for f in reading.findings if f.topic == "cycle"]
    assert "Redevabilité : aucun flux ne revient à son point de départ." in sentences


words = st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), max_size=6)


@given(words, words)
def test_jaccard_is_a_symmetric_share(first, second):
    value = flows.jaccard(first, second)
    assert value == flows.jaccard(second, first)
    assert 0 <= value <= 1
    assert (value == 1) == (bool(first) and set(first) == set(second))


def test_a_document_with_a_fault_is_refused_naming_it():
    with pytest.raises(UserError, match="flux 1 : structure inconnue « nowhere »"):
        from_document(
            {
                "structures": [{"code": "a", "name": "A", "level": "micro"}],
                "flows": [
                    {
                        "kind": "information",
                        "source_structure": "a",
                        "target_structure": "nowhere",
                        "what": "x",
                    }
                ],
            }
        )
    with pytest.raises(UserError, match="structure 1 : le champ « level »"):
        from_document({"structures": [{"code": "a", "name": "A", "level": "giga"}]})
