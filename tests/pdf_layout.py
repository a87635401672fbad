#!/usr/bin/env python3
"""pdf_layout.py - what a reader would see as a broken page, measured on the
text poppler extracts (pdftotext -bbox): every page but the last uses at
least a third of the body height (so no footnote or pair of bullets sits
alone on a page), and every page with body text has more than a lone
heading or footnote line on it.
    python3 tests/pdf_layout.py FILE.pdf...
Exit 1 with one line per broken page."""
import re
import subprocess
import sys

PAGE_H, TOP, BOTTOM = 842.0, 50.0, 62.0   # A4 points; report_draw.h margins
FOOTER_TOP = PAGE_H - 45.0                # the running footer's band
MIN_USED = 1.0 / 3.0


def pages(path):
    out = subprocess.run(["pdftotext", "-bbox", path, "-"], capture_output=True,
                         text=True, check=True).stdout
    for chunk in out.split("<page ")[1:]:
        words = [(float(m.group(1)), float(m.group(2)))
                 for m in re.finditer(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', chunk)]
        yield [w for w in words if w[1] < FOOTER_TOP]


def main(paths):
    bad = 0
    for path in paths:
        ps = list(pages(path))
        for k, words in enumerate(ps):
            if not words:
                continue   # a page of drawing only (a chart page, a cover)
            used = (max(y1 for _, y1 in words) - TOP) / (PAGE_H - TOP - BOTTOM)
            lines = len({round(y0) for y0, _ in words})
            if k + 1 < len(ps) and used < MIN_USED:
                print(f"{path}: página {k + 1} usa {used:.0%} de su alto", file=sys.stderr)
                bad = 1
            if lines < 3:
                print(f"{path}: página {k + 1} tiene solo {lines} línea(s)", file=sys.stderr)
                bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
