"""The charts of the review page, as inline SVG: facts per kind (against the gold, if any), the
dated facts on a timeline, the quantity dimensions. Each has a title and a description for
screen readers, and patterns as well as colours, so that no chart needs colour to be read."""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from typing import Iterable, Optional, Sequence

from pipeline.core.kinds import DATE, ENTITY, QUANTITY
from pipeline.evaluation.score import KINDS, Report

#: how a gold-checked fact fared
STATUSES = ("correct", "wrong", "spurious", "missed")

KIND_COLOURS = {ENTITY: "#0072B2", DATE: "#E69F00", QUANTITY: "#CC79A7"}  # Okabe-Ito
_TIMEX_YEAR = re.compile(r"^(\d{4})(?:-(\d{2}))?")
#: the widest a character of the charts' 12px text is, in SVG units (wide letters of a sans-serif font)
CHAR_WIDTH = 7.5
#: a bar's label is cut (with an ellipsis) after this many characters
LABEL_CHARS = 28


def _svg(title: str, description: str, width: int, height: int, body: list[str]) -> str:
    slug = re.sub(r"\W+", "-", title.lower()).strip("-")
    return (f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
            f'aria-labelledby="{slug}-t {slug}-d" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{slug}-t">{html.escape(title)}</title><desc id="{slug}-d">{html.escape(description)}</desc>'
            + "".join(body) + "</svg>")


def bar_chart(title: str, bars: Sequence[tuple[str, int]], colours: Optional[dict[str, str]] = None) -> str:
    """Horizontal bars, one per (name, count), each labelled with its count (no colour needed to read)."""
    names = [name if len(name) <= LABEL_CHARS else name[:LABEL_CHARS - 1] + "\u2026" for name, _ in bars]
    # the labels' column is as wide as the longest label, so that none is cut at the chart's edge
    row, left = 22, int(max((len(name) for name in names), default=0) * CHAR_WIDTH) + 12
    width = left + 290
    top = max((count for _, count in bars), default=0) or 1
    body = []
    for i, (name, (_, count)) in enumerate(zip(names, bars)):
        y, length = i * row + 4, (width - left - 60) * count / top
        colour = (colours or {}).get(name, "#56B4E9")
        body.append(f'<g><title>{html.escape(name)}: {count}</title>'
                    f'<text x="{left - 6}" y="{y + 13}" text-anchor="end">{html.escape(name)}</text>'
                    f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{row - 6}" fill="{colour}"/>'
                    f'<text x="{left + length + 4:.1f}" y="{y + 13}">{count:,}</text></g>')
    description = ", ".join(f"{name} {count}" for name, count in bars) or "nothing to show"
    return _svg(title, description, width, max(len(bars), 1) * row + 8, body)


def status_chart(report: Report, missed_by_kind: dict[str, int]) -> str:
    """Per kind, one bar stacked from correct, wrong, spurious and missed facts; each part has
    its own pattern as well as colour, and the counts are written beside the bar."""
    fills = {"correct": "url(#p-correct)", "wrong": "url(#p-wrong)", "spurious": "url(#p-spurious)",
             "missed": "url(#p-missed)"}
    defs = ('<defs>'
            '<pattern id="p-correct" width="6" height="6" patternUnits="userSpaceOnUse">'
            '<rect width="6" height="6" fill="#009E73"/></pattern>'
            '<pattern id="p-wrong" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            '<rect width="6" height="6" fill="#E69F00"/><rect width="2" height="6" fill="#7a4f00"/></pattern>'
            '<pattern id="p-spurious" width="6" height="6" patternUnits="userSpaceOnUse">'
            '<rect width="6" height="6" fill="#D55E00"/><circle cx="3" cy="3" r="1.2" fill="#fff"/></pattern>'
            '<pattern id="p-missed" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">'
            '<rect width="6" height="6" fill="#fff"/><rect width="2" height="6" fill="#555"/></pattern></defs>')
    width, row, left = 520, 26, 80
    parts_by_kind = {}
    for kind in KINDS:
        tally = report.tallies[kind]
        wrong = sum(1 for s, g in report.wrong if g.get("kind") == kind)
        spurious = tally.system - tally.relaxed
        parts_by_kind[kind] = [("correct", tally.relaxed - wrong), ("wrong", wrong),
                               ("spurious", spurious), ("missed", missed_by_kind.get(kind, 0))]
    top = max((sum(n for _, n in parts) for parts in parts_by_kind.values()), default=0) or 1
    body, legend_y = [defs], len(KINDS) * row + 6
    for i, (kind, parts) in enumerate(parts_by_kind.items()):
        y, x = i * row + 4, float(left)
        body.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{kind}</text>')
        for status, n in parts:
            length = (width - left - 150) * n / top
            body.append(f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{row - 8}" fill="{fills[status]}" '
                        f'stroke="#222" stroke-width="0.5"><title>{kind} {status}: {n}</title></rect>')
            x += length
        summary = " ".join(f"{s[0]}{n}" for s, n in parts)
        body.append(f'<text x="{x + 4:.1f}" y="{y + 14}">{summary}</text>')
    for j, status in enumerate(STATUSES):
        x = left + j * 100
        body.append(f'<rect x="{x}" y="{legend_y}" width="14" height="14" fill="{fills[status]}" stroke="#222" '
                    f'stroke-width="0.5"/><text x="{x + 18}" y="{legend_y + 12}">{status} ({status[0]})</text>')
    description = "; ".join(f"{kind}: " + ", ".join(f"{n} {s}" for s, n in parts)
                            for kind, parts in parts_by_kind.items())
    return _svg("Facts against the gold, per kind", description, width, legend_y + 22, body)


def timeline_chart(values: Iterable[str]) -> str:
    """The dated facts of the batch as a histogram over time, by month when the middle 95% of
    them span at most four years, by year up to 80 years, by decade beyond; the few far
    earlier or later dates are counted in a bar at either end rather than stretching the axis."""
    points = []
    for value in values:
        match = _TIMEX_YEAR.match(value or "")
        if match:
            points.append((int(match.group(1)), int(match.group(2)) if match.group(2) else None))
    if not points:
        return _svg("Dated facts over time", "no dated facts", 420, 30,
                    ['<text x="10" y="20">no dated facts</text>'])
    years = sorted(y for y, _ in points)
    first, last = years[int(len(years) * 0.025)], years[min(len(years) - 1, int(len(years) * 0.975))]
    if last - first < 4:
        unit, keys = "month", [(y, m) for y in range(first, last + 1) for m in range(1, 13)]
        bin_of = lambda y, m: (y, m or 1)
        name = lambda key: f"{key[0]}-{key[1]:02d}"
    elif last - first <= 80:
        unit, keys, bin_of, name = "year", list(range(first, last + 1)), (lambda y, m: y), str
    else:
        unit, keys = "decade", list(range(first // 10 * 10, last + 1, 10))
        bin_of, name = (lambda y, m: y // 10 * 10), (lambda key: f"{key}s")
    bins = Counter(bin_of(y, m) for y, m in points if first <= y <= last)
    before, after = sum(1 for y in years if y < first), sum(1 for y in years if y > last)
    columns = [("before", f"before {first}", before)] if before else []
    columns += [(name(key), name(key), bins.get(key, 0)) for key in keys]
    columns += [("after", f"after {last}", after)] if after else []
    width, height, left, bottom = 640, 200, 36, 34
    top = max(count for _, _, count in columns) or 1
    step = (width - left - 10) / len(columns)
    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#444"/>',
            f'<text x="{left - 4}" y="14" text-anchor="end">{top}</text>',
            f'<text x="{left - 4}" y="{height - bottom}" text-anchor="end">0</text>']
    label_every = max(1, math.ceil(len(columns) / 8))
    for i, (short, title, count) in enumerate(columns):
        bar = (height - bottom - 10) * count / top
        x = left + i * step
        outside = short in ("before", "after")
        if count:
            fill = "url(#p-outside)" if outside else KIND_COLOURS[DATE]
            body.append(f'<rect x="{x + step * 0.1:.1f}" y="{height - bottom - bar:.1f}" width="{max(step * 0.8, 1):.1f}" '
                        f'height="{bar:.1f}" fill="{fill}" stroke="#7a4f00" stroke-width="0.5">'
                        f'<title>{html.escape(title)}: {count}</title></rect>')
        if outside or i % label_every == 0:
            body.append(f'<text x="{x + step / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
                        f'{html.escape("earlier" if short == "before" else "later" if short == "after" else short)}</text>')
    body.insert(0, '<defs><pattern id="p-outside" width="6" height="6" patternUnits="userSpaceOnUse" '
                   'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fde9bd"/>'
                   '<rect width="2" height="6" fill="#E69F00"/></pattern></defs>')
    body.append(f'<text x="{width - 10}" y="14" text-anchor="end">by {unit}</text>')
    busiest = sorted(bins.items(), key=lambda kv: -kv[1])[:3]
    description = (f"{len(points)} dated facts, most between {first} and {last}, by {unit}"
                   + (f"; {before} earlier" if before else "") + (f"; {after} later" if after else "")
                   + "; most in " + ", ".join(f"{name(k)} ({n})" for k, n in busiest))
    return _svg("Dated facts over time", description, width, height, body)
