"""Layers of existing structures: import, export, replacement, overlap with the zoning."""

from __future__ import annotations

import math

import pytest

from maillage.domain.actors import Actor
from maillage.domain.layers import LayerKind
from maillage.domain.territory import Bounds, Level
from maillage.errors import Conflict, DataFileError, InvalidInput, NotFound
from maillage.services import layers, territories, zonings
from maillage.store import territories as store

ACTOR = Actor(None, "test", "127.0.0.1")


def _arrondissement_csv(platform, path):
    """A layer whose structures are the arrondissements (a partition of the communes)."""
    with platform.reading() as session:
        communes = store.communes(session)
    lines = ["structure_code,structure_name,refnis"]
    lines += [
        f"ARR-{c.arrondissement_refnis},Arrondissement {c.arrondissement_refnis},{c.refnis}"
        for c in communes
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {c.refnis: c.arrondissement_refnis for c in communes}


@pytest.mark.parametrize("level", [Level.BASSIN, Level.OLS])
def test_a_partition_gives_shares_summing_to_one(platform, tmp_path, level):
    path = tmp_path / "arrondissements.csv"
    _arrondissement_csv(platform, path)
    result = layers.import_layer(
        platform, path, name="Arrondissements", kind=LayerKind.OTHER, actor=ACTOR
    )
    assert result.layer.structures == 20 and not result.replaced
    found = layers.layer_overlap(platform, "Arrondissements", level)
    zones = territories.list_territories(platform, level)
    population = {t.code: t.population for t, _parent in zones.items}
    by_structure: dict[str, float] = {}
    by_territory: dict[str, float] = {}
    people: dict[str, int] = {}
    for row in found.overlap.rows:
        by_structure[row.structure_code] = by_structure.get(row.structure_code, 0) + (
            row.share_of_structure
        )
        by_territory[row.territory_code] = by_territory.get(row.territory_code, 0) + (
            row.share_of_territory
        )
        people[row.territory_code] = people.get(row.territory_code, 0) + row.population
    assert all(math.isclose(total, 1.0) for total in by_structure.values())
    assert all(math.isclose(total, 1.0) for total in by_territory.values())
    assert people == population
    assert found.overlap.congruence.territories_uncovered == ()
    assert sum(population.values()) == sum(found.overlap.structure_population.values())


def test_overlapping_structures_stay_consistent(platform, tmp_path):
    path = tmp_path / "chevauchement.csv"
    arrondissement = _arrondissement_csv(platform, path)
    liege = sorted(c for c, a in arrondissement.items() if a == "62000")
    verviers = sorted(c for c, a in arrondissement.items() if a == "63000")
    rows = ["structure_code;structure_name;refnis"]
    rows += [f"RML-1;Réseau un;{c}" for c in liege + verviers[:3]]
    rows += [f"RML-2;Réseau deux;{c}" for c in verviers]
    path.write_text("\n".join(rows) + "\n", encoding="cp1252")
    layers.import_layer(platform, path, name="RML", kind=LayerKind.RML, actor=ACTOR)
    found = layers.layer_overlap(platform, "RML", Level.BASSIN)
    for code in ("RML-1", "RML-2"):
        shares = [r.share_of_structure for r in found.overlap.rows if r.structure_code == code]
        assert math.isclose(sum(shares), 1.0)
    territory_total: dict[str, float] = {}
    for row in found.overlap.rows:
        assert 0 < row.share_of_territory <= 1
        territory_total[row.territory_code] = (
            territory_total.get(row.territory_code, 0) + row.share_of_territory
        )
    # Where the two networks overlap, a bassin's shares add up to more than one.
    assert max(territory_total.values()) > 1
    assert found.overlap.congruence.territories_uncovered  # the rest of Wallonia


def test_import_refuses_faults_and_names_taken_and_round_trips(platform, tmp_path):
    bad = tmp_path / "faute.csv"
    bad.write_text(
        "structure_code,structure_name,refnis\nA,Un,62063\nA,Deux,62096\nB,Trois,12345\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as refused:
        layers.import_layer(platform, bad, name="Cercles", kind=LayerKind.CERCLE_MG)
    assert refused.value.total == 2
    assert layers.list_layers(platform) == []
    good = tmp_path / "cercles.csv"
    good.write_text(
        "structure_code,structure_name,refnis\nA,Un,62063\nA,Un,62096\nB,Deux,63001\n",
        encoding="utf-8",
    )
    first = layers.import_layer(platform, good, name="Cercles", kind=LayerKind.CERCLE_MG)
    assert first.outside_reform == ["63001"]  # Amblève, German-language
    with pytest.raises(Conflict):
        layers.import_layer(platform, good, name="Cercles", kind=LayerKind.CERCLE_MG)
    summary, text = layers.export_layer(platform, "Cercles")
    assert summary.structures == 2
    again = tmp_path / "export.csv"
    again.write_text(text, encoding="utf-8")
    second = layers.import_layer(
        platform, again, name="Cercles", kind=LayerKind.CERCLE_MG, replace=True
    )
    assert second.replaced
    assert layers.export_layer(platform, str(second.layer.id))[1] == text
    assert [found.name for found in layers.list_layers(platform)] == ["Cercles"]
    layers.delete_layer(platform, "Cercles")
    with pytest.raises(NotFound):
        layers.export_layer(platform, "Cercles")


@pytest.mark.parametrize("platform", ["sqlite"], indirect=True)  # the same code on both
def test_a_proposal_respecting_a_layer_never_splits_its_structures(platform, tmp_path):
    path = tmp_path / "reseaux.csv"
    arrondissement = _arrondissement_csv(platform, path)
    # Two overlapping structures in Namur province link three communes into one group,
    # and a third structure stands alone.
    rows = [
        "structure_code,structure_name,refnis",
        "P1,Plateforme une,92094",
        "P1,Plateforme une,92003",
        "P2,Plateforme deux,92003",
        "P2,Plateforme deux,92035",
        "P3,Plateforme trois,62063",
        "P3,Plateforme trois,62096",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert {arrondissement[c] for c in ("92094", "92003", "92035")} == {"92000"}
    layers.import_layer(platform, path, name="Palliatif", kind=LayerKind.PLATEFORME_PALLIATIVE)
    found = zonings.propose(
        platform, ACTOR, "Respect", Bounds(10_000, 60_000, 30_000), respect_layer="Palliatif"
    )
    assert "Palliatif" in found.method and found.report["respect_layer"] == "Palliatif"
    with platform.reading() as session:
        assigned = store.assignments(session, found.id)
    assert len({assigned[c][0].code for c in ("92094", "92003", "92035")}) == 1
    assert assigned["62063"][0].code == assigned["62096"][0].code
    assert found.report["bassin_quality"]["non_contiguous"] == 0
    with pytest.raises(NotFound):
        zonings.propose(platform, ACTOR, "Autre", Bounds(10_000, 60_000, 30_000), respect_layer="?")
    # A layer of whole provinces leaves one unit per province: not enough for ten OLS.
    with platform.reading() as session:
        province = {c.refnis: c.province_refnis for c in store.communes(session)}
    path.write_text(
        "structure_code,structure_name,refnis\n"
        + "".join(f"P{p},Province {p},{c}\n" for c, p in province.items()),
        encoding="utf-8",
    )
    layers.import_layer(platform, path, name="Provinces", kind=LayerKind.OTHER)
    with pytest.raises(InvalidInput, match="Provinces"):
        zonings.propose(
            platform, ACTOR, "Trop peu", Bounds(10_000, 60_000, 30_000), respect_layer="Provinces"
        )


def test_a_workbook_is_imported_like_a_csv_file(platform, tmp_path):
    from maillage.tabular.spreadsheet import xlsx_bytes

    path = tmp_path / "cercles.xlsx"
    path.write_bytes(
        xlsx_bytes(
            "Cercles",
            [
                ["structure_code", "structure_name", "refnis"],
                ["A", "Un", 62063],
                ["A", "Un", 82003],
            ],
        )
    )
    result = layers.import_layer(platform, path, name="Classeur", kind=LayerKind.CERCLE_MG)
    assert [(c.line, c.old, c.new) for c in result.conversions] == [(3, "82003", "82039")]
    assert "cercles.xlsx" in result.layer.source  # Bastogne before the 2025 merger
    assert layers.export_layer(platform, "Classeur")[1].splitlines()[1:] == [
        "A,Un,62063",
        "A,Un,82039",
    ]
