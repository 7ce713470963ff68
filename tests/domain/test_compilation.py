"""The IWPL's heat map: every need counted once in its OLS and theme."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from maillage.domain.compilation import CompiledNeed, heat_map

OLS = [f"OLS-{i:02d}" for i in range(1, 11)]
needs_strategy = st.lists(
    st.builds(
        CompiledNeed,
        id=st.integers(1, 10_000),
        ols=st.sampled_from(OLS),
        theme=st.sampled_from(["sante", "social", "logement", "sante-mentale"]),
        population=st.none() | st.integers(0, 50_000),
    ),
    max_size=60,
)


@given(needs_strategy)
def test_every_need_counts_once_and_every_ols_has_a_row(needs):
    table = heat_map(needs, OLS)
    assert table.rows == tuple(OLS)
    assert sum(c.needs for c in table.cells.values()) == len(needs)
    assert sum(table.row_totals.values()) == sum(table.column_totals.values()) == len(needs)
    assert sum(c.population for c in table.cells.values()) == sum(n.population or 0 for n in needs)
    assert sum(c.unknown_population for c in table.cells.values()) == sum(
        n.population is None for n in needs
    )
    totals = [table.column_totals[t] for t in table.columns]
    assert totals == sorted(totals, reverse=True)  # most frequent themes first


def test_a_small_table_reads_as_expected():
    table = heat_map(
        [
            CompiledNeed(1, "OLS-01", "sante", 300),
            CompiledNeed(2, "OLS-01", "sante", None),
            CompiledNeed(3, "OLS-02", "social", 40),
        ],
        OLS,
    )
    assert table.cell("OLS-01", "sante").needs == 2
    assert table.cell("OLS-01", "sante").population == 300
    assert table.cell("OLS-01", "sante").unknown_population == 1
    assert table.cell("OLS-03", "sante").needs == 0
    assert table.maximum == 2
