"""The PDF export against the DOCX export of the same pieces, in process: seconds per piece,
words per second and the PDF/DOCX ratio, for English, Persian and mixed pieces of N words.

    python bench/bench_export.py --words 2000,10000

Both formats are timed alternately in one run (the machines are shared: compare the ratio).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from writers_app.formats.docx_export import export_docx  # noqa: E402
from writers_app.formats.pdf_export import export_pdf  # noqa: E402

WORDS = {
    "en": "The writer walked along the river and wrote a careful sentence about the quiet town".split(),
    "fa": "نویسنده کنار رودخانه قدم زد و جمله‌ای سنجیده دربارهٔ شهرِ آرام و مردمانش نوشت".split(),
}


def _piece(kind: str, words: int) -> str:
    paragraphs, per_paragraph = [], 120
    for index in range(max(1, words // per_paragraph)):
        vocabulary = WORDS["fa" if kind == "fa" or (kind == "mixed" and index % 2) else "en"]
        text = " ".join(vocabulary[(index + n) % len(vocabulary)] for n in range(per_paragraph))
        paragraphs.append(f"<h2>{index + 1}</h2>" if index % 10 == 0 else "")
        paragraphs.append(f"<p>{text.replace(vocabulary[3], '<strong>' + vocabulary[3] + '</strong>', 1)}</p>")
    return "".join(paragraphs)


def _time(export, body: str, runs: int) -> tuple[float, int]:  # noqa: ANN001
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        size = len(export("Bench", body))
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", default="2000,10000", help="piece sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'piece':>8} {'words':>7} {'pdf s':>8} {'pdf w/s':>9} {'pdf KB':>7} {'docx s':>8} {'pdf/docx':>8}")
    for words in (int(n) for n in args.words.split(",")):
        for kind in ("en", "fa", "mixed"):
            body = _piece(kind, words)
            pdf_s, pdf_size = _time(export_pdf, body, args.runs)
            docx_s, _ = _time(export_docx, body, args.runs)
            print(f"{kind:>8} {words:>7} {pdf_s:>8.2f} {words / pdf_s:>9.0f} {pdf_size // 1024:>7} "
                  f"{docx_s:>8.2f} {pdf_s / docx_s:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
