#!/usr/bin/env python3
"""Bar chart of the slowdown of tern and qemu relative to native execution.

usage: plot.py results.csv ratios.svg

Uses matplotlib when it is installed; otherwise writes the SVG by hand with
the standard library only, so `make bench` needs no extra packages.  The
y axis is logarithmic: slowdowns range from about 1x to well over 10x."""
import csv
import math
import sys

COLORS = {"tern": "#2b7bba", "qemu": "#d95f02"}


def number(text):
    try:
        v = float(text)
        return v if v > 0 else None
    except ValueError:
        return None


def load(path):
    rows = []
    with open(path) as f:
        for r in csv.DictReader(f):
            nat = number(r["native_s"])
            ratios = {}
            for emu in ("tern", "qemu"):
                t = number(r[emu + "_s"])
                ratios[emu] = t / nat if t and nat else None
            rows.append((r["program"], ratios))
    return rows


def plot_matplotlib(rows, out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(max(6, len(rows) * 0.9), 4))
    width = 0.38
    for k, emu in enumerate(("tern", "qemu")):
        xs = [i + (k - 0.5) * width for i in range(len(rows))]
        ys = [r[1][emu] or 0 for r in rows]
        ax.bar(xs, ys, width, label=emu + " / native", color=COLORS[emu])
    ax.set_yscale("log")
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_xticks(range(len(rows)))
    ax.set_xticklabels([r[0] for r in rows], rotation=30, ha="right")
    ax.set_ylabel("time relative to native (log)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out, format="svg")


def svg_text(x, y, text, size=11, anchor="middle", rotate=None):
    extra = ' transform="rotate(%d %.1f %.1f)"' % (rotate, x, y) if rotate else ""
    return '<text x="%.1f" y="%.1f" font-size="%d" text-anchor="%s"%s>%s</text>' % (
        x, y, size, anchor, extra, text)


def plot_plain(rows, out):
    values = [v for _, r in rows for v in r.values() if v]
    top = max([2.0] + values) * 1.3
    left, right, upper, lower = 60, 20, 40, 110
    group = 70
    width = left + right + group * max(1, len(rows))
    height = 380
    plot_h = height - upper - lower

    def y_of(v):
        return upper + plot_h * (1 - math.log(v) / math.log(top))

    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif">'
             % (width, height),
             '<rect width="100%" height="100%" fill="white"/>',
             svg_text(width / 2, 20, "slowdown relative to native (log scale)", 14)]
    tick = 1.0
    while tick <= top:
        for m in (1, 2, 5):
            v = tick * m
            if v <= top:
                y = y_of(v)
                parts.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>'
                             % (left, width - right, y, y))
                parts.append(svg_text(left - 6, y + 4, "%gx" % v, 10, "end"))
        tick *= 10
    for i, (name, r) in enumerate(rows):
        x0 = left + i * group + 10
        for k, emu in enumerate(("tern", "qemu")):
            x = x0 + k * 25
            v = r[emu]
            if v is None:
                parts.append(svg_text(x + 11, y_of(1) - 4, "n/a", 9))
                continue
            y = y_of(max(v, 1.0))
            parts.append('<rect x="%.1f" y="%.1f" width="22" height="%.1f" fill="%s"/>'
                         % (x, y, y_of(1) - y, COLORS[emu]))
            parts.append(svg_text(x + 11, y - 3, "%.1f" % v, 9))
        parts.append(svg_text(x0 + 24, height - lower + 14, name, 11, "end", -35))
    for k, emu in enumerate(("tern", "qemu")):
        x = left + k * 130
        parts.append('<rect x="%d" y="%d" width="12" height="12" fill="%s"/>' % (x, height - 22, COLORS[emu]))
        parts.append(svg_text(x + 16, height - 12, emu + " / native", 11, "start"))
    parts.append("</svg>")
    with open(out, "w") as f:
        f.write("\n".join(parts) + "\n")


def main():
    rows = load(sys.argv[1])
    try:
        plot_matplotlib(rows, sys.argv[2])
    except ImportError:
        plot_plain(rows, sys.argv[2])


main()
