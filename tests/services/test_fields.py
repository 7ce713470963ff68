"""Id lists stored in one column are read with the one parser of ids (maillage/ids.py)."""

from __future__ import annotations

from maillage.services.fields import id_list


def test_stored_id_lists_keep_only_ids_the_database_holds():
    assert id_list("3, 1,³,١٢,0,-4,9223372036854775808,,x,2") == [3, 1, 2]
    assert id_list("") == []
