"""The overview map's document: what a reader finds their way by (province borders, the
names of the main towns and of the OLS), and a version tag that moves with the data."""

from __future__ import annotations

from datetime import date

from shapely.geometry import Point, shape

from maillage import i18n
from maillage.i18n import language
from maillage.services import basemap, zonings

PROVINCES = {"20002", "50000", "60000", "80000", "90000"}  # Brabant wallon … Namur


def test_the_map_names_the_main_towns_and_draws_the_five_provinces(shared_platform):
    document = basemap.map_document(shared_platform, None)
    assert {f["properties"]["code"] for f in document["provinces"]["features"]} == PROVINCES
    names = [t["name"] for t in document["towns"]]
    assert names[:3] == ["Charleroi", "Liège", "Namur"]  # the largest first
    # Every arrondissement's largest town, the small ones included (Virton, Bastogne).
    assert {"Arlon", "Bastogne", "Virton", "Tournai", "Huy", "Seraing"} <= set(names)
    assert 15 <= len(names) <= 30
    communes = {f["properties"]["name"]: f for f in document["communes"]["features"]}
    arlon = next(t for t in document["towns"] if t["name"] == "Arlon")
    assert shape(communes["Arlon"]["geometry"]).contains(Point(arlon["lon"], arlon["lat"]))


def test_each_ols_is_named_at_a_point_inside_it(shared_platform):
    document = basemap.map_document(shared_platform, None)
    outlines = {f["properties"]["name"]: shape(f["geometry"]) for f in document["ols"]["features"]}
    assert len(document["ols_labels"]) == len(outlines) == 10
    for label in document["ols_labels"]:
        assert outlines[label["name"]].contains(Point(label["lon"], label["lat"]))


def test_the_tag_moves_with_a_write_and_with_the_language(platform, tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "offered_languages", lambda: i18n.LANGUAGES)  # Dutch offered
    before = basemap.map_tag(platform, None)
    assert before == basemap.map_tag(platform, None)
    with language("nl"):
        assert basemap.map_tag(platform, None) != before
    copy = tmp_path / "copie.csv"
    copy.write_text(zonings.export_zoning(platform), encoding="utf-8")
    zonings.import_zoning(platform, copy, name="Copie", valid_from=date(2026, 1, 1))
    after = basemap.map_tag(platform, None)
    assert after is not None and after != before
    assert after.split("-")[1] == before.split("-")[1]  # the same zoning, a later state
