"""A small map of places as inline SVG: no tiles, no script, so it works offline and under a strict CSP.

Places are dots on an equirectangular projection, framed to the places shown (a story in Nepal
shows the Himalaya, not the world), over a graticule every 10 or 30 degrees. Each dot links to
its place page and is named in a <title> for screen readers and hover.
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

WIDTH = 640
# The least span shown, in degrees, so that one place is framed with its region around it.
MIN_SPAN = 12.0
# Roughly how wide one character of a 12px label is, to keep labels from covering each other.
LABEL_CHAR_WIDTH = 7.0
Box = tuple[float, float, float, float]  # left, top, right, bottom of a label


def places_map(places: list[dict[str, Any]], width: int = WIDTH) -> Markup | None:
    """An SVG map of the places that have coordinates; None when none has."""
    located = [p for p in places if p.get("lat") is not None and p.get("lon") is not None]
    if not located:
        return None
    west, east, south, north = _frame([p["lon"] for p in located], [p["lat"] for p in located])
    height = max(120, round(width * (north - south) / (east - west)))

    def x(lon: float) -> float:
        return round((lon - west) / (east - west) * width, 1)

    def y(lat: float) -> float:
        return round((north - lat) / (north - south) * height, 1)

    most = max(int(p.get("articles", p.get("mentions", 1)) or 1) for p in located)
    parts = [
        f'<svg class="map" viewBox="0 0 {width} {height}" role="img" aria-labelledby="map-title" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="map-title">Map of {len(located)} places</title>',
        f'<rect class="sea" width="{width}" height="{height}"/>',
        *_graticule(west, east, south, north, x, y),
    ]
    labelled: list[Box] = []
    for place in sorted(located, key=lambda p: -(p.get("articles") or p.get("mentions") or 1)):
        weight = int(place.get("articles", place.get("mentions", 1)) or 1)
        radius = 4 + 6 * math.sqrt(weight / most)
        cx, cy = x(place["lon"]), y(place["lat"])
        name = escape(place["name"])
        parts.append(
            f'<a href="/places/{escape(quote(place["name"], safe=""))}">'
            f'<circle class="hit" cx="{cx}" cy="{cy}" r="{max(radius, 14)}"/>'
            f'<circle class="place" cx="{cx}" cy="{cy}" r="{radius:.1f}"><title>{name}</title></circle>'
            f"{_label(place['name'], cx, cy, radius, width, labelled)}</a>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _label(
    name: str,
    cx: float,
    cy: float,
    radius: float,
    width: int,
    placed: list[tuple[float, float, float, float]],
) -> str:
    """The place's name beside its dot, on whichever side fits; none where it would cover another.

    Bigger places are labelled first, so a crowded map names the places most stories mention.
    """
    text_width = LABEL_CHAR_WIDTH * len(name)
    right = cx + radius + 3 + text_width <= width
    left_edge = cx + radius + 3 if right else cx - radius - 3 - text_width
    box = (left_edge, cy - 10, left_edge + text_width, cy + 5)
    if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
        return ""
    placed.append(box)
    anchor = "start" if right else "end"
    x = cx + radius + 3 if right else cx - radius - 3
    return f'<text class="label" x="{x:.1f}" y="{cy + 4:.1f}" text-anchor="{anchor}">{escape(name)}</text>'


def _frame(lons: list[float], lats: list[float]) -> tuple[float, float, float, float]:
    """West, east, south and north edges around the points, padded and at least MIN_SPAN wide."""
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad_x = max((east - west) * 0.15, (MIN_SPAN - (east - west)) / 2, 2.0)
    pad_y = max((north - south) * 0.15, (MIN_SPAN / 2 - (north - south)) / 2, 2.0)
    return (
        max(-180.0, west - pad_x),
        min(180.0, east + pad_x),
        max(-90.0, south - pad_y),
        min(90.0, north + pad_y),
    )


def _graticule(west: float, east: float, south: float, north: float, x: Any, y: Any) -> list[str]:
    step = 30 if east - west > 90 else 10 if east - west > 20 else 5
    lines = []
    for lon in range(math.ceil(west / step) * step, math.floor(east / step) * step + 1, step):
        lines.append(f'<line class="grid" x1="{x(lon)}" y1="0" x2="{x(lon)}" y2="{y(south)}"/>')
        lines.append(f'<text class="grid-label" x="{x(lon) + 2}" y="12">{abs(lon)}°{"EW"[lon < 0]}</text>')
    for lat in range(math.ceil(south / step) * step, math.floor(north / step) * step + 1, step):
        lines.append(f'<line class="grid" x1="0" y1="{y(lat)}" x2="{x(east)}" y2="{y(lat)}"/>')
        if y(lat) > 24:  # clear of the longitude labels along the top
            lines.append(f'<text class="grid-label" x="2" y="{y(lat) - 2}">{abs(lat)}°{"NS"[lat < 0]}</text>')
    return lines
