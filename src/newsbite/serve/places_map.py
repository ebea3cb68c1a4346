"""A small map of places as inline SVG: no tiles, no script, so it works offline and under a strict CSP.

Places are dots on an equirectangular projection, framed to the places shown (a story in Nepal
shows the Himalaya, not the world), over the land and borders (serve/land.py) and a graticule every
5, 10 or 30 degrees. Each dot is a link to its place page, named by its <title> for screen readers
and hover; the map itself is a group of those links, not an image, since an image's content is
not reachable (axe-core's nested-interactive), and the land and grid are hidden from screen readers.
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from newsbite.serve.land import Frame, land_paths

WIDTH = 640
# The least span shown, in degrees, so that one place is framed with its region around it.
MIN_SPAN = 12.0
# The least and the most height of a frame for its width: a band of places along one latitude still
# shows the land around it and stays tall enough to tap on a phone, and places from Colombia to
# Uruguay make a square map with the land beside them rather than one ten screens tall.
FLATTEST = 0.25
TALLEST = 1.0
# Labels are 12 units tall on a desktop and 22 on a phone, where the map is drawn at a little over
# half its size (reader.css). They are placed for the phone's size, roughly this wide a character
# and this tall, so that on neither does a label run off the map or over another.
LABEL_CHAR_WIDTH = 12.5
LABEL_HEIGHT = 22.0
Box = tuple[float, float, float, float]  # left, top, right, bottom of a label or a dot


def places_map(places: list[dict[str, Any]], width: int = WIDTH) -> Markup | None:
    """An SVG map of the places that have coordinates; None when none has."""
    located = [p for p in places if p.get("lat") is not None and p.get("lon") is not None]
    if not located:
        return None
    west, east, south, north = _frame([p["lon"] for p in located], [p["lat"] for p in located])
    height = round(width * (north - south) / (east - west))
    frame = Frame(west, east, south, north, width, height)
    land = land_paths(frame)
    parts = [
        f'<svg class="map" viewBox="0 0 {width} {height}" role="group" aria-labelledby="map-title" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="map-title">Map of {len(located)} places</title>',
        f'<g aria-hidden="true"><rect class="sea" width="{width}" height="{height}"/>',
        f'<path class="land" fill-rule="evenodd" d="{land.land}"/>' if land.land else "",
        f'<path class="border" d="{land.borders}"/>' if land.borders else "",
        *_graticule(frame),
        "</g>",
        *_dots(located, frame),
        "</svg>",
    ]
    return Markup("".join(parts))


def _dots(located: list[dict[str, Any]], frame: Frame) -> list[str]:
    """Each place's dot as a link, the bigger first, labelled where the label covers no other dot
    or label: a crowded map names the places most stories mention."""
    sized = []
    most = max(int(p.get("articles", p.get("mentions", 1)) or 1) for p in located)
    for place in sorted(located, key=lambda p: -(p.get("articles") or p.get("mentions") or 1)):
        weight = int(place.get("articles", place.get("mentions", 1)) or 1)
        sized.append((place, frame.x(place["lon"]), frame.y(place["lat"]), 4 + 6 * math.sqrt(weight / most)))
    taken: list[Box] = [(cx - r, cy - r, cx + r, cy + r) for _, cx, cy, r in sized]
    links = []
    for place, cx, cy, radius in sized:
        name = escape(place["name"])
        links.append(
            f'<a href="/places/{escape(quote(place["name"], safe=""))}"><title>{name}</title>'
            f'<circle class="hit" cx="{cx}" cy="{cy}" r="{max(radius, 14)}"/>'
            f'<circle class="place" cx="{cx}" cy="{cy}" r="{radius:.1f}"/>'
            f"{_label(place['name'], cx, cy, radius, frame.width, taken)}</a>"
        )
    return links


def _label(name: str, cx: float, cy: float, radius: float, width: int, taken: list[Box]) -> str:
    """The place's name beside its dot, right if it fits there, else left; none where neither fits."""
    text_width = LABEL_CHAR_WIDTH * len(name)
    gap = radius + 3
    for anchor, x, left_edge in (("start", cx + gap, cx + gap), ("end", cx - gap, cx - gap - text_width)):
        box = (left_edge, cy - LABEL_HEIGHT / 2, left_edge + text_width, cy + LABEL_HEIGHT / 2)
        if box[0] >= 0 and box[2] <= width and not any(_overlap(box, other) for other in taken):
            taken.append(box)
            return (
                f'<text class="label" x="{x:.1f}" y="{cy:.1f}" text-anchor="{anchor}">{escape(name)}</text>'
            )
    return ""


def _overlap(one: Box, other: Box) -> bool:
    return one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]


def _frame(lons: list[float], lats: list[float]) -> tuple[float, float, float, float]:
    """West, east, south and north edges around the points, padded and at least MIN_SPAN wide.

    A frame flatter than FLATTEST is made taller about its middle, and one taller than TALLEST
    wider, so that the map, drawn at its frame's own proportions, is never stretched.
    """
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad_x = max((east - west) * 0.15, (MIN_SPAN - (east - west)) / 2, 2.0)
    pad_y = max((north - south) * 0.15, (MIN_SPAN / 2 - (north - south)) / 2, 2.0)
    west, east = max(-180.0, west - pad_x), min(180.0, east + pad_x)
    south, north = max(-90.0, south - pad_y), min(90.0, north + pad_y)
    least_height = (east - west) * FLATTEST
    if north - south < least_height:
        middle = min(max((north + south) / 2, least_height / 2 - 90), 90 - least_height / 2)
        south, north = middle - least_height / 2, middle + least_height / 2
    least_width = (north - south) / TALLEST
    if east - west < least_width:
        middle = min(max((east + west) / 2, least_width / 2 - 180), 180 - least_width / 2)
        west, east = middle - least_width / 2, middle + least_width / 2
    return west, east, south, north


def _graticule(frame: Frame) -> list[str]:
    """Lines every 5, 10 or 30 degrees, by the frame's width, labelled along the top and left."""
    west, east, south, north = frame.west, frame.east, frame.south, frame.north
    x, y = frame.x, frame.y
    step = 30 if east - west > 90 else 10 if east - west > 20 else 5
    lines = []
    for lon in range(math.ceil(west / step) * step, math.floor(east / step) * step + 1, step):
        lines.append(f'<line class="grid" x1="{x(lon)}" y1="0" x2="{x(lon)}" y2="{frame.height}"/>')
        lines.append(f'<text class="grid-label" x="{x(lon) + 2}" y="12">{abs(lon)}°{"EW"[lon < 0]}</text>')
    for lat in range(math.ceil(south / step) * step, math.floor(north / step) * step + 1, step):
        lines.append(f'<line class="grid" x1="0" y1="{y(lat)}" x2="{frame.width}" y2="{y(lat)}"/>')
        if y(lat) > 24:  # clear of the longitude labels along the top
            lines.append(f'<text class="grid-label" x="2" y="{y(lat) - 2}">{abs(lat)}°{"NS"[lat < 0]}</text>')
    return lines
