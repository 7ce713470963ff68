"""Likely duplicates in the directory: similar name, same address, phone or place.

Records are compared only within a commune (blocking keeps the work near-linear); a pair
is proposed when the name is close *and* another clue agrees, or when the names are
nearly identical. Every proposal carries the clues that made it, for a person to judge:
nothing is merged automatically.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from maillage.domain.directory import search_text

NAME_CLOSE = 85.0
NAME_SAME = 95.0
SAME_PLACE_M = 60.0


@dataclass(frozen=True)
class Record:
    id: str
    name: str
    refnis: str | None
    address: str = ""
    phones: tuple[str, ...] = ()
    x: float | None = None
    y: float | None = None
    source: str = ""


@dataclass(frozen=True)
class Pair:
    first: Record
    second: Record
    name_similarity: float
    same_address: bool
    same_phone: bool
    distance_m: float | None

    @property
    def clues(self) -> list[str]:
        """Clue keys, translated by the caller."""
        found = [f"name:{self.name_similarity:.0f}"]
        if self.same_address:
            found.append("address")
        if self.same_phone:
            found.append("phone")
        if self.distance_m is not None and self.distance_m <= SAME_PLACE_M:
            found.append(f"place:{self.distance_m:.0f}")
        return found


def phone_digits(number: str) -> str:
    """Belgian numbers written +32 4…, 0032 4… or 04… compare equal."""
    digits = re.sub(r"\D", "", number)
    if digits.startswith("0032"):
        digits = digits[4:]
    elif digits.startswith("32") and len(digits) > 9:
        digits = digits[2:]
    return digits.lstrip("0")


@lru_cache(maxsize=65536)
def _normal(text: str) -> str:
    return search_text(text)


@lru_cache(maxsize=65536)
def _phones(numbers: tuple[str, ...]) -> frozenset[str]:
    return frozenset(phone_digits(p) for p in numbers) - {""}


def _distance(a: Record, b: Record) -> float | None:
    if a.x is None or a.y is None or b.x is None or b.y is None:
        return None
    return math.hypot(a.x - b.x, a.y - b.y)


def compare(a: Record, b: Record) -> Pair | None:
    name = float(fuzz.token_set_ratio(_normal(a.name), _normal(b.name)))
    address_a, address_b = _normal(a.address), _normal(b.address)
    same_address = bool(address_a) and address_a == address_b
    same_phone = bool(_phones(a.phones) & _phones(b.phones))
    distance = _distance(a, b)
    near = distance is not None and distance <= SAME_PLACE_M
    likely = name >= NAME_SAME or (name >= NAME_CLOSE and (same_address or same_phone or near))
    likely = likely or (same_phone and (same_address or near))
    if not likely:
        return None
    return Pair(a, b, name, same_address, same_phone, distance)


def likely_duplicates(records: Iterable[Record], limit: int | None = None) -> list[Pair]:
    """Pairs to review, the strongest first."""
    blocks: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        blocks[record.refnis or ""].append(record)
    pairs = []
    for block in blocks.values():
        block.sort(key=lambda r: r.id)
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                pair = compare(a, b)
                if pair is not None:
                    pairs.append(pair)
    pairs.sort(
        key=lambda p: (
            -(
                p.same_address
                + p.same_phone
                + (p.distance_m is not None and p.distance_m <= SAME_PLACE_M)
            ),
            -p.name_similarity,
            p.first.id,
            p.second.id,
        )
    )
    return pairs if limit is None else pairs[:limit]
