"""Render resources/icons/voxprivacy.svg into the bitmap icons the bundle and the desktop use.

    .venv/bin/pip install pillow   # only for this script; not a dependency of voxprivacy
    .venv/bin/python packaging/make_icons.py

Writes voxprivacy-<size>.png (16 … 256 px, drawn by Qt's SVG renderer offscreen),
voxprivacy.ico (Windows, all six sizes) and voxprivacy.icns (macOS, from a 1024 px render).
The results are committed; run this again only when the SVG changes.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, side: int) -> QImage:
    image = QImage(side, side, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(QByteArray((ICONS / "voxprivacy.svg").read_bytes()))
    if not renderer.isValid():
        print("voxprivacy.svg does not render", file=sys.stderr)
        return 1
    for side in SIZES:
        path = ICONS / f"voxprivacy-{side}.png"
        if not render(renderer, side).save(str(path)):
            print(f"cannot write {path}", file=sys.stderr)
            return 1
    pngs = [Image.open(ICONS / f"voxprivacy-{side}.png").convert("RGBA") for side in SIZES]
    pngs[-1].save(
        ICONS / "voxprivacy.ico",
        format="ICO",
        sizes=[(s, s) for s in SIZES],
        append_images=pngs[:-1],
    )
    with tempfile.TemporaryDirectory() as work:
        big = Path(work) / "1024.png"
        render(renderer, 1024).save(str(big))
        Image.open(big).convert("RGBA").save(ICONS / "voxprivacy.icns", format="ICNS")
    del app
    print(f"wrote {len(SIZES)} PNGs, voxprivacy.ico and voxprivacy.icns to {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
