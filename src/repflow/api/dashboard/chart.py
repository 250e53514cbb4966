"""A server-rendered SVG chart: offers per week (bars) and acceptance rate (line).

Plain SVG, no script and no inline styles (the dashboard's Content-Security-Policy allows
neither): colours come from classes in ``dashboard.css``. Every text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from repflow.api.dashboard.views import WeekStat

__all__ = ["offers_chart"]

_WIDTH = 640
_HEIGHT = 260
_LEFT = 40
_RIGHT = 44
_TOP = 16
_BOTTOM = 40


def _nice_max(value: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000):
        if value <= step * 4:
            return step * 4
    return ((value // 1000) + 1) * 1000


def offers_chart(weeks: Sequence[WeekStat]) -> Markup:
    """The chart as inline SVG markup.

    Args:
        weeks: One entry per week, oldest first.

    Returns:
        ``<svg>`` markup (safe to insert into a template); a short note when there is no data.
    """
    if not weeks:
        return Markup('<p class="muted">No offers yet.</p>')
    plot_w = _WIDTH - _LEFT - _RIGHT
    plot_h = _HEIGHT - _TOP - _BOTTOM
    top = _nice_max(max(w.offers for w in weeks))
    slot = plot_w / len(weeks)
    bar_w = max(4.0, slot * 0.56)
    total = sum(w.offers for w in weeks)
    accepted = sum(w.accepted for w in weeks)
    parts: list[str] = [
        f'<svg class="chart" viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" '
        'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">',
        '<title id="chart-title">Offers per week and acceptance rate</title>',
        f'<desc id="chart-desc">{total} offers over {len(weeks)} weeks, {accepted} accepted.'
        "</desc>",
    ]
    # grid and left axis (offers)
    for tick in range(5):
        value = top * tick // 4
        y = _TOP + plot_h - plot_h * tick / 4
        parts.append(
            f'<line class="grid" x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        parts.append(
            f'<text class="axis" x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{value}</text>'
        )
        parts.append(
            f'<text class="axis rate-axis" x="{_WIDTH - _RIGHT + 6}" y="{y + 4:.1f}">'
            f"{25 * tick}%</text>"
        )
    points: list[str] = []
    dots: list[str] = []
    for index, week in enumerate(weeks):
        x = _LEFT + slot * index + (slot - bar_w) / 2
        height = plot_h * week.offers / top
        y = _TOP + plot_h - height
        label = escape(week.start.strftime("%d %b"))
        tip = escape(
            f"Week of {week.start:%d %b %Y}: {week.offers} offers, {week.accepted} accepted"
        )
        if week.offers:
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                f'height="{height:.1f}"><title>{tip}</title></rect>'
            )
            parts.append(
                f'<text class="value" x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" '
                f'text-anchor="middle">{week.offers}</text>'
            )
        parts.append(
            f'<text class="axis" x="{x + bar_w / 2:.1f}" y="{_HEIGHT - _BOTTOM + 16}" '
            f'text-anchor="middle">{label}</text>'
        )
        if week.rate is not None:
            cx = x + bar_w / 2
            cy = _TOP + plot_h - plot_h * week.rate
            points.append(f"{cx:.1f},{cy:.1f}")
            dots.append(
                f'<circle class="rate-dot" cx="{cx:.1f}" cy="{cy:.1f}" r="4">'
                f"<title>{escape(f'{week.rate:.0%} accepted')}</title></circle>"
            )
    if len(points) > 1:
        parts.append(f'<polyline class="rate" points="{" ".join(points)}"/>')
    parts.extend(dots)
    legend_y = _HEIGHT - 8
    parts.append(
        f'<rect class="bar" x="{_LEFT}" y="{legend_y - 9}" width="10" height="10"/>'
        f'<text class="axis" x="{_LEFT + 14}" y="{legend_y}">offers per week</text>'
        f'<circle class="rate-dot" cx="{_LEFT + 135}" cy="{legend_y - 4}" r="4"/>'
        f'<text class="axis" x="{_LEFT + 144}" y="{legend_y}">acceptance rate (right axis)</text>'
    )
    parts.append("</svg>")
    # Every interpolated text above went through escape(); numbers are formatted floats.
    return Markup("".join(parts))  # noqa: S704
