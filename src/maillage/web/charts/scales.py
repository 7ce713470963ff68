"""What every chart shares: scales from values to pixels, padded domains, round ticks and
the labels of an axis, and the SVG element that holds a drawing.

Numbers are written with ``number``: no more digits than the reader needs, with the
separators of the reader's language.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from markupsafe import Markup, escape

from maillage.i18n import format_decimal


def number(value: float | None) -> str:
    if value is None:
        return "—"
    digits = 0 if abs(value) >= 1000 else 1 if abs(value) >= 10 else 2
    return format_decimal(value, digits)


def marker(
    shape: str,
    x: float,
    y: float,
    colour: str,
    title: str = "",
    size: float = 4,
    outline: str | None = None,
) -> str:
    """A point drawn as *shape* (circle, square, diamond, triangle, triangle-down, cross),
    so that series and judgements read without colour; *outline* gives light fills the
    contrast against white that a coloured mark alone may lack."""
    tip = f"<title>{escape(title)}</title>" if title else ""
    edge = f' stroke="{outline}" stroke-width="1"' if outline else ""
    r, big = size, size * 1.25
    if shape == "square":
        return (
            f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:g}" height="{2 * r:g}" '
            f'fill="{colour}"{edge}>{tip}</rect>'
        )
    if shape == "diamond":
        return (
            f'<polygon points="{x:.1f},{y - big:.1f} {x + big:.1f},{y:.1f} {x:.1f},'
            f'{y + big:.1f} {x - big:.1f},{y:.1f}" fill="{colour}"{edge}>{tip}</polygon>'
        )
    if shape == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - big:.1f} {x + big:.1f},{y + r:.1f} '
            f'{x - big:.1f},{y + r:.1f}" fill="{colour}"{edge}>{tip}</polygon>'
        )
    if shape == "triangle-down":
        return (
            f'<polygon points="{x:.1f},{y + big:.1f} {x + big:.1f},{y - r:.1f} '
            f'{x - big:.1f},{y - r:.1f}" fill="{colour}"{edge}>{tip}</polygon>'
        )
    if shape == "cross":
        return (
            f'<path d="M{x - r:.1f},{y - r:.1f}L{x + r:.1f},{y + r:.1f}M{x - r:.1f},'
            f'{y + r:.1f}L{x + r:.1f},{y - r:.1f}" stroke="{colour}" stroke-width="2.5">'
            f"{tip}</path>"
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:g}" fill="{colour}"{edge}>{tip}</circle>'


def svg(width: float, height: float, body: str, label: str, css: str = "chart") -> Markup:
    """A drawing of *width* × *height* pixels; *label* is what screen readers say."""
    return Markup(
        f'<svg class="{css}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} '
        f'{height:g}" width="{width:g}" height="{height:g}" role="img" '
        f'aria-label="{escape(label)}">{body}</svg>'
    )


@dataclass(frozen=True)
class Scale:
    """A linear scale: the value *start* is drawn at *origin*, and each *span* of value
    takes *length* pixels (a negative span runs the other way, as a vertical axis whose
    highest value is at the top).

    Values are divided by the span before they are multiplied by the length. A scale of
    *counts* multiplies first: with whole numbers the product is exact, so a bar of 25
    out of 96 over 120 pixels is 31.25 pixels, not 31.250000000000004, and a count on the
    edge of a class stays in it.
    """

    start: float
    span: float
    origin: float
    length: float
    counts: bool = False

    @classmethod
    def between(cls, low: float, high: float, origin: float, length: float) -> Scale:
        """*low* at *origin*, *high* *length* pixels further."""
        return cls(low, high - low, origin, length)

    @classmethod
    def upward(cls, low: float, high: float, top: float, height: float) -> Scale:
        """A vertical axis: *high* at *top*, *low* *height* pixels below it."""
        return cls(high, low - high, top, height)

    @classmethod
    def steps(cls, origin: float, step: float) -> Scale:
        """Evenly spaced things (periods, meetings, cells): the n-th is n steps along."""
        return cls(0, 1, origin, step)

    @classmethod
    def of_counts(cls, total: float, length: float) -> Scale:
        """Counts out of *total* over *length* pixels (bars, shares, classes)."""
        return cls(0, total, 0, length, counts=True)

    def offset(self, value: float) -> float:
        """How far *value* is from the start, in pixels."""
        if self.counts:
            return (value - self.start) * self.length / self.span
        return (value - self.start) / self.span * self.length

    def __call__(self, value: float) -> float:
        return self.origin + self.offset(value)


def padded(
    low: float, high: float, fraction: float, flat: tuple[float, float]
) -> tuple[float, float, float]:
    """The domain of values from *low* to *high* with a margin of *fraction* of it on
    each side, and that margin; equal ends are first moved by *flat* (so a flat series
    still has a height)."""
    if high == low:
        low, high = low + flat[0], high + flat[1]
    pad = (high - low) * fraction
    return low - pad, high + pad, pad


def ticks(low: float, high: float) -> Iterator[float]:
    """Round values from *low* to *high* (1, 2 or 5 times a power of ten apart), at most
    about five of them, for the labels of an axis."""
    spacing = 10 ** math.floor(math.log10((high - low) / 4))
    tick = next(spacing * m for m in (1, 2, 5, 10) if (high - low) / (spacing * m) <= 5)
    first = math.ceil(low / tick)
    # Counted, not accumulated: at large magnitudes « value += tick » may never advance.
    for value in (k * tick for k in range(first, first + 7)):
        if value > high:
            return
        yield value


def value_label(x: float, y: float, value: float) -> str:
    """A value of an axis written left of it, its baseline at *y*."""
    return (
        f'<text x="{x}" y="{y:.1f}" text-anchor="end" font-size="9">{escape(number(value))}</text>'
    )
