"""``maillage access compute``: the contract benchmarks and analysts rely on."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from maillage.analysis import accessibility as engine
from maillage.cli import main


@pytest.fixture
def files(tmp_path):
    rng = np.random.default_rng(11)
    demand = pd.DataFrame(
        {
            "id": [f"D{i:03d}" for i in range(300)][::-1],
            "x": rng.uniform(650_000, 700_000, 300),
            "y": rng.uniform(100_000, 150_000, 300),
            "population": rng.integers(0, 4000, 300),
        }
    )
    supply = pd.DataFrame(
        {
            "id": [f"S{i}" for i in range(40)],
            "x": rng.uniform(650_000, 700_000, 40),
            "y": rng.uniform(100_000, 150_000, 40),
            "capacity": rng.integers(1, 8, 40),
        }
    )
    demand.to_csv(tmp_path / "D.csv", index=False)
    supply.to_csv(tmp_path / "S.csv", index=False)
    return tmp_path, demand, supply


def invoke(*args):
    # The access command opens no database: no settings are needed.
    return CliRunner().invoke(main, ["access", "compute", *map(str, args)], catch_exceptions=False)


def test_outputs_access_per_demand_point_in_the_file_order(files):
    folder, demand, supply = files
    result = invoke(
        "--demand",
        folder / "D.csv",
        "--supply",
        folder / "S.csv",
        "--method",
        "e2sfca",
        "--radius-km",
        15,
        "--weights",
        "5:1,10:0.68,15:0.22",
        "--out",
        folder / "OUT.csv",
        "--timings",
    )
    assert result.exit_code == 0, result.output
    found = pd.read_csv(folder / "OUT.csv", dtype={"id": str})
    assert list(found.columns) == ["id", "access"]
    assert found["id"].tolist() == demand["id"].tolist()
    expected = engine.from_coordinates(
        engine.Points(demand.x.to_numpy(), demand.y.to_numpy(), demand.population.to_numpy(float)),
        engine.Points(supply.x.to_numpy(), supply.y.to_numpy(), supply.capacity.to_numpy(float)),
        15,
        engine.StepDecay.parse("5:1,10:0.68,15:0.22"),
    )
    assert np.array_equal(found["access"].to_numpy(), expected.access)  # every digit kept
    timings = json.loads(result.stderr.strip().splitlines()[-1])
    assert set(timings) == {"read_s", "pairs_s", "compute_s", "write_s", "pairs", "peak_rss_mb"}
    assert timings["pairs"] == expected.timings.pairs > 0


def test_a_cost_table_replaces_straight_lines(files):
    folder, demand, supply = files
    i, j = np.meshgrid(np.arange(len(demand)), np.arange(len(supply)), indexing="ij")
    i, j = i.ravel(), j.ravel()
    cost = (
        np.hypot(
            demand.x.to_numpy()[i] - supply.x.to_numpy()[j],
            demand.y.to_numpy()[i] - supply.y.to_numpy()[j],
        )
        / 1000
    )
    pd.DataFrame(
        {
            "demand_id": demand.id.to_numpy()[i],
            "supply_id": supply.id.to_numpy()[j],
            "cost_km": cost,
        }
    ).to_csv(folder / "C.csv", index=False)
    for args, name in ((["--cost", folder / "C.csv"], "cost.csv"), ([], "xy.csv")):
        assert (
            invoke(
                "--demand",
                folder / "D.csv",
                "--supply",
                folder / "S.csv",
                *args,
                "--method",
                "2sfca",
                "--radius-km",
                10,
                "--out",
                folder / name,
            ).exit_code
            == 0
        )
    by_cost = pd.read_csv(folder / "cost.csv")["access"].to_numpy()
    by_xy = pd.read_csv(folder / "xy.csv")["access"].to_numpy()
    assert np.max(np.abs(by_cost - by_xy) / np.maximum(by_xy, 1e-300)) < 1e-9


def test_bad_files_name_line_field_and_value_and_write_nothing(files):
    folder, demand, _supply = files
    bad = demand.astype({"population": object})
    bad.loc[4, "population"] = "beaucoup"
    bad.loc[7, "population"] = -3
    bad.to_csv(folder / "bad.csv", index=False)
    result = invoke(
        "--demand",
        folder / "bad.csv",
        "--supply",
        folder / "S.csv",
        "--method",
        "2sfca",
        "--radius-km",
        15,
        "--out",
        folder / "never.csv",
    )
    assert result.exit_code == 4
    assert "ligne 6, champ population : valeur « beaucoup »" in result.stderr
    assert "ligne 9, champ population : valeur « -3 »" in result.stderr
    assert not (folder / "never.csv").exists()
    pd.DataFrame(
        {"demand_id": ["D001", "nobody"], "supply_id": ["S1", "S2"], "cost_km": [1.0, 2.0]}
    ).to_csv(folder / "C.csv", index=False)
    unknown = invoke(
        "--demand",
        folder / "D.csv",
        "--supply",
        folder / "S.csv",
        "--cost",
        folder / "C.csv",
        "--method",
        "2sfca",
        "--radius-km",
        15,
        "--out",
        folder / "never.csv",
    )
    assert (
        unknown.exit_code == 4 and "ligne 3, champ demand_id : valeur « nobody »" in unknown.stderr
    )
    missing = invoke(
        "--demand",
        folder / "S.csv",
        "--supply",
        folder / "S.csv",
        "--method",
        "2sfca",
        "--radius-km",
        15,
        "--out",
        folder / "never.csv",
    )
    assert missing.exit_code == 4 and "population" in missing.stderr


def test_options_are_checked(files):
    folder, _demand, _supply = files
    common = [
        "--demand",
        folder / "D.csv",
        "--supply",
        folder / "S.csv",
        "--radius-km",
        15,
        "--out",
        folder / "o.csv",
    ]
    assert invoke(*common, "--method", "2sfca", "--weights", "5:1").exit_code == 2
    assert invoke(*common, "--method", "e2sfca", "--weights", "5-1").exit_code == 2
    assert invoke(*common, "--method", "e2sfca", "--decay", "gaussian:5").exit_code == 0
