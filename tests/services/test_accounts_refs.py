"""A person is named by id or e-mail address: only ASCII digits within the database's
range are an id (``³`` crashed ``int()``, ``١٢`` was read as 12, 2^63 overflowed)."""

from __future__ import annotations

import pytest

from maillage.domain.actors import Actor
from maillage.errors import NotFound, UserError
from maillage.services import accounts

SYSTEM = Actor(None, "test", "127.0.0.1")


def test_a_person_reference_is_an_ascii_id_in_range_or_an_address(platform):
    person = accounts.create_person(platform, SYSTEM, "anne@example.be", "Anne", None)
    assert accounts.get_person(platform, str(person.id)).email == "anne@example.be"
    assert accounts.get_person(platform, person.id).email == "anne@example.be"
    assert accounts.get_person(platform, "Anne@Example.be").id == person.id
    arabic = str(person.id).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    for ref in (str(2**63), 2**63, "0", 0, -1, "³", arabic):
        with pytest.raises(UserError) as refused:  # unknown, or not an e-mail address
            accounts.get_person(platform, ref)
        assert isinstance(refused.value, NotFound) or "adresse" in str(refused.value)
