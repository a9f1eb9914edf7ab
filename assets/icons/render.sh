#!/usr/bin/env bash
# Draws the app's icons from xenpilot.svg: the PNGs at every hicolor size (Linux packages, the
# window's icon), xenpilot.ico (Windows) and xenpilot.icns (macOS). The results are committed,
# so a build needs none of these tools; run this after changing the SVG, and look at them.
# Tools (Debian): librsvg2-bin (rsvg-convert), imagemagick (convert), icnsutils (png2icns).
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 22 24 32 48 64 128 256 512; do
    rsvg-convert -w "$size" -h "$size" xenpilot.svg -o "xenpilot-$size.png"
done
# Windows picks the nearest size from the .ico; 256 is the largest it shows.
convert xenpilot-16.png xenpilot-24.png xenpilot-32.png xenpilot-48.png xenpilot-64.png \
    xenpilot-256.png xenpilot.ico
# png2icns takes the sizes the format knows (16, 32, 48, 128, 256, 512).
png2icns xenpilot.icns xenpilot-16.png xenpilot-32.png xenpilot-48.png xenpilot-128.png \
    xenpilot-256.png xenpilot-512.png >/dev/null
