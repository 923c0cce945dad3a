"""Rebuild the self-hosted Vazirmatn files in assets/fonts/ (run by hand; the app never needs it).

    python3 -m venv /tmp/fonts && /tmp/fonts/bin/pip install fonttools==4.60.1 brotli==1.1.0
    /tmp/fonts/bin/python docs/subset_fonts.py SOURCE_DIR

SOURCE_DIR holds @fontsource's variable `vazirmatn-{latin,arabic}-wght-normal.woff2` (as first
committed: `git show b45cd1f:assets/fonts/vazirmatn-latin-wght-normal.woff2 > ...`). Each file
keeps its unicode-range (the @font-face rules in assets/styles.css) but loses the stylistic
alternates (pyftsubset's default layout features only) and the weights below 400 and above 700,
which no page uses: latin 34.5 -> ~20 KB, arabic 46 -> ~32 KB. `writers-lang-fa.woff2` holds only
the glyphs of "فارسی" at weight 500: the language switch of an English page draws its label with
it instead of fetching the whole Arabic file.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "assets" / "fonts"
BIN = Path(sys.executable).parent
LATIN = ("U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,"
         "U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD")


def run(*args: str) -> None:
    subprocess.run([str(a) for a in args], check=True)


def main(source: Path) -> None:
    tmp = OUT / "_tmp.woff2"
    for script, unicodes in (("latin", LATIN), ("arabic", "*")):
        run(BIN / "pyftsubset", source / f"vazirmatn-{script}-wght-normal.woff2", f"--unicodes={unicodes}",
            "--flavor=woff2", f"--output-file={tmp}")
        run(BIN / "fonttools", "varLib.instancer", tmp, "wght=400:700", "-o",
            OUT / f"vazirmatn-{script}-wght400-700.woff2")
    run(BIN / "pyftsubset", source / "vazirmatn-arabic-wght-normal.woff2", "--text=فارسی", "--flavor=woff2",
        f"--output-file={tmp}")
    run(BIN / "fonttools", "varLib.instancer", tmp, "wght=500", "-o", OUT / "writers-lang-fa.woff2")
    tmp.unlink()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
