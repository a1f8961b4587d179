"""A picture of one cluster: applicants as nodes, shared identifiers as labelled edges (inline SVG).

Self-contained (no scripts, fonts or links), every text escaped, and the layout is a pure
function of the cluster: applicants on a circle in member order; a value shared by two
applicants is a labelled line, a value shared by more is a small diamond on an inner circle with
spokes to each of them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from html import escape

from scanner.model import Cluster, ClusterLink

__all__ = ["cluster_svg"]

_COLOURS = {
    "phone": "#c0392b",
    "email": "#8e44ad",
    "address": "#d35400",
    "linkedin": "#2471a3",
    "github": "#1c2833",
    "resume": "#117a65",
    "photo": "#b7950b",
    "document": "#5d6d7e",
    "reference": "#7d3c98",
}
_LABEL_MAX = 48


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _short(text: str, limit: int = _LABEL_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _label(link: ClusterLink) -> str:
    return f"{link.kind}: {_short(link.value)}"


def cluster_svg(cluster: Cluster, names: Mapping[str, str]) -> str:
    """An `<svg>` element (no XML declaration) for embedding in the HTML report."""
    members = list(dict.fromkeys(cluster.members))
    n = max(len(members), 1)
    radius = max(140.0, 48.0 * n / math.pi)
    margin = 150.0
    size = 2 * (radius + margin)
    cx = cy = size / 2
    pos: dict[str, tuple[float, float]] = {}
    for i, m in enumerate(members):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        pos[m] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))

    pairs: dict[tuple[str, str], list[ClusterLink]] = {}
    multi: list[ClusterLink] = []
    for link in cluster.links:
        ms = [m for m in dict.fromkeys(link.members) if m in pos]
        if len(ms) == 2:
            a, b = sorted(ms, key=members.index)
            pairs.setdefault((a, b), []).append(link)
        elif len(ms) > 2:
            multi.append(ClusterLink(link.kind, link.value, tuple(ms)))

    edges: list[str] = []
    labels: list[str] = []
    for (a, b), links in pairs.items():
        (x1, y1), (x2, y2) = pos[a], pos[b]
        colour = _COLOURS.get(links[0].kind, "#555")
        title = "; ".join(f"{x.kind}: {x.value}" for x in links)
        edges.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="2"><title>{_e(title)}</title></line>'
        )
        # a third of the way along, so labels clear the middle where shared-value diamonds sit
        mx, my = x1 + (x2 - x1) * 0.36, y1 + (y2 - y1) * 0.36
        # beside the line, on the side it leans away from, so two edges from one node do not collide
        slope = (x2 - x1) / (math.hypot(x2 - x1, y2 - y1) or 1.0)
        anchor = "end" if slope < -0.2 else "start" if slope > 0.2 else "middle"
        mx += -6 if anchor == "end" else 6 if anchor == "start" else 0
        spans = "".join(
            f'<tspan x="{mx:.1f}" dy="{0 if k == 0 else 13}">{_e(_label(x))}</tspan>'
            for k, x in enumerate(links)
        )
        labels.append(
            f'<text x="{mx:.1f}" y="{my - 6 * (len(links) - 1):.1f}" text-anchor="{anchor}" font-size="10" '
            f'fill="#222" stroke="#fff" stroke-width="3" paint-order="stroke">{spans}</text>'
        )
    inner = radius * 0.45
    for k, link in enumerate(multi):
        sx = sum(pos[m][0] - cx for m in link.members)
        sy = sum(pos[m][1] - cy for m in link.members)
        spread = math.hypot(sx, sy) / (radius * len(link.members))
        if spread < 0.2:  # shared by (nearly) everyone: the centre, or a small ring around it
            angle = -math.pi / 2 + 2 * math.pi * k / max(len(multi), 1)
            dist = 0.0 if len(multi) == 1 else inner * 0.5
        else:
            angle = math.atan2(sy, sx) + 0.35 * k
            dist = inner
        hx, hy = cx + dist * math.cos(angle), cy + dist * math.sin(angle)
        colour = _COLOURS.get(link.kind, "#555")
        title = f"{link.kind}: {link.value} (shared by {len(link.members)})"
        for m in link.members:
            x, y = pos[m]
            edges.append(
                f'<line x1="{hx:.1f}" y1="{hy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="{colour}" '
                f'stroke-width="1.5" stroke-dasharray="4 2"><title>{_e(title)}</title></line>'
            )
        d = 7
        labels.append(
            f'<g><title>{_e(title)}</title><polygon points="{hx:.1f},{hy - d:.1f} {hx + d:.1f},{hy:.1f} '
            f'{hx:.1f},{hy + d:.1f} {hx - d:.1f},{hy:.1f}" fill="{colour}"/>'
            f'<text x="{hx:.1f}" y="{hy - 11:.1f}" text-anchor="middle" font-size="10" fill="#222" '
            f'stroke="#fff" stroke-width="3" paint-order="stroke">{_e(_label(link))}</text></g>'
        )

    nodes: list[str] = []
    for m in members:
        x, y = pos[m]
        name = names.get(m, "")
        # labels sit outside the circle, away from the edges in the middle
        ux, uy = (x - cx) / radius, (y - cy) / radius
        lx, ly = x + ux * 28, y + uy * 28 + (8 if uy > 0.3 else -6 if uy < -0.3 else 0)
        anchor = "start" if ux > 0.3 else "end" if ux < -0.3 else "middle"
        nodes.append(
            f"<g><title>{_e(m)}{(' – ' + _e(name)) if name else ''}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="18" fill="#fdfefe" stroke="#34495e" stroke-width="2"/>'
            f'<text x="{lx:.1f}" y="{ly - 7:.1f}" text-anchor="{anchor}" font-size="11" font-weight="bold" '
            f'fill="#1b2631">{_e(_short(name or m, 26))}</text>'
            f'<text x="{lx:.1f}" y="{ly + 6:.1f}" text-anchor="{anchor}" font-size="10" fill="#566573">'
            f"{_e(_short(m, 26)) if name else ''}</text></g>"
        )
    title = f"Cluster {cluster.id}: {len(members)} applicants linked by {len(cluster.links)} shared values"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cluster" role="img" '
        f'viewBox="0 0 {size:.0f} {size:.0f}" width="{size:.0f}" height="{size:.0f}" '
        f'font-family="sans-serif" aria-label="{_e(title)}"><title>{_e(title)}</title>'
        f'<rect width="100%" height="100%" fill="#ffffff"/>'
        + "".join(edges)
        + "".join(nodes)
        + "".join(labels)
        + "</svg>"
    )
