"""95 % confidence intervals of public-health profiles, as the English Fingertips profiles
compute them (Public Health England, "Technical Guide: Confidence Intervals", 2018):

- proportions: Wilson score interval (Wilson 1927; Newcombe 1998, method 3);
- counts and crude rates: exact Poisson (Garwood 1936, from the chi-square distribution,
  χ²_p(2k)/2 = P⁻¹(k, p), the inverse regularised gamma function)
  below 389 events, Byar's approximation from 389 on, where both agree to 0.1 %;
- directly standardised rates: Dobson et al. (1991), the count's interval scaled by the
  variance of the weighted sum.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

CONFIDENCE = 0.95
EXACT_BELOW = 389  # events; PHE's switch from exact Poisson to Byar


# scipy.special is imported by the two cached functions that need it, not by every process
# that imports this module (it is a large part of the application's start-up).


@lru_cache(maxsize=16)
def z_value(confidence: float = CONFIDENCE) -> float:
    from scipy.special import ndtri

    return float(ndtri(1 - (1 - confidence) / 2))


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def scaled(self, factor: float) -> Interval:
        return Interval(self.low * factor, self.high * factor)


def wilson(successes: float, trials: float, confidence: float = CONFIDENCE) -> Interval:
    """Wilson score interval of successes / trials (never outside [0, 1], fine near 0)."""
    if trials <= 0:
        raise ValueError("a proportion needs a positive denominator")
    if not 0 <= successes <= trials:
        raise ValueError("a proportion needs 0 ≤ numerator ≤ denominator")
    z = z_value(confidence)
    p = successes / trials
    centre = 2 * successes + z * z
    spread = z * math.sqrt(z * z + 4 * successes * (1 - p))
    denominator = 2 * (trials + z * z)
    # At 0 and at n the limits are exactly 0 and 1; rounding must not move them inside.
    low = 0.0 if successes == 0 else max(0.0, (centre - spread) / denominator)
    high = 1.0 if successes == trials else min(1.0, (centre + spread) / denominator)
    return Interval(low, high)


@lru_cache(maxsize=4096)  # profiles ask for the same small counts again and again
def poisson_exact(events: float, confidence: float = CONFIDENCE) -> Interval:
    """Exact (Garwood) interval of a Poisson count."""
    if events < 0:
        raise ValueError("a count cannot be negative")
    from scipy.special import gammaincinv

    alpha = 1 - confidence
    low = 0.0 if events == 0 else float(gammaincinv(events, alpha / 2))
    high = float(gammaincinv(events + 1, 1 - alpha / 2))
    return Interval(low, high)


def poisson_byar(events: float, confidence: float = CONFIDENCE) -> Interval:
    """Byar's approximation of the exact Poisson interval (good from a few hundred events)."""
    if events <= 0:
        raise ValueError("Byar's approximation needs at least one event")
    z = z_value(confidence)
    low = events * (1 - 1 / (9 * events) - z / (3 * math.sqrt(events))) ** 3
    upper = events + 1
    high = upper * (1 - 1 / (9 * upper) + z / (3 * math.sqrt(upper))) ** 3
    return Interval(low, high)


def poisson(events: float, confidence: float = CONFIDENCE) -> Interval:
    """Interval of a count: exact below 389 events, Byar from there (PHE's rule)."""
    if events < EXACT_BELOW:
        return poisson_exact(events, confidence)
    return poisson_byar(events, confidence)


def rate(
    events: float, person_years: float, per: float = 1.0, confidence: float = CONFIDENCE
) -> Interval:
    """Interval of a crude rate events / person_years × per."""
    if person_years <= 0:
        raise ValueError("a rate needs a positive denominator")
    return poisson(events, confidence).scaled(per / person_years)


@dataclass(frozen=True)
class Standardised:
    value: float
    interval: Interval
    events: float


def direct_standardisation(
    events: Sequence[float],
    populations: Sequence[float],
    standard: Sequence[float],
    per: float = 100_000.0,
    confidence: float = CONFIDENCE,
) -> Standardised:
    """Directly age-standardised rate with Dobson's interval.

    *events* and *populations* are the territory's, per age band; *standard* is the standard
    population in the same bands (any scale: it is normalised to weights).
    """
    if not len(events) == len(populations) == len(standard) or not standard:
        raise ValueError("events, populations and the standard need the same age bands")
    if any(p <= 0 for p in populations):
        raise ValueError("every age band needs a positive population")
    total_standard = float(sum(standard))
    weights = [s / total_standard for s in standard]
    value = sum(w * e / p for w, e, p in zip(weights, events, populations, strict=True))
    variance = sum(
        w * w * e / (p * p) for w, e, p in zip(weights, events, populations, strict=True)
    )
    observed = float(sum(events))
    if observed == 0:
        return Standardised(0.0, Interval(0.0, 0.0), 0.0)
    count = poisson(observed, confidence)
    spread = math.sqrt(variance / observed)
    low = value + spread * (count.low - observed)
    high = value + spread * (count.high - observed)
    return Standardised(value * per, Interval(max(0.0, low) * per, high * per), observed)
