"""Find and replace on a generated 200,000-word manuscript (and the 10,000-word baseline), in
headless Chromium against the real prod server.

    python bench/bench_find.py                 # Persian and English
    python bench/bench_find.py --langs fa --keys 60

Measures, per language and size (figures of one run; compare within it):
- per key while typing in the middle, with the find bar closed and then open on a common word
  (bench_editor.py's probe: keydown to the next frame), median and p95, and open/closed;
- a search dispatched in the page: the first one (every block searched), the same search again
  (every block from the cache) and after a one-key edit (one block searched again);
- "replace all" of that word: click to the count saying nothing is left.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere: the project's packages import

from bench.bench_editor import CARET, Bench, _database, _p95  # noqa: E402

WORD = {"en": "letter", "fa": "نامه"}
# In the page: ms for a search of `query` dispatched to the plugin, cold, warm and after an edit.
SEARCH_TIMES = """(query) => {
  const ed = document.querySelector('.ProseMirror').editor;
  const key = ed.state.plugins.find((p) => p.key.startsWith('writersFind')).spec.key;
  const time = (fn) => { const t = performance.now(); fn(); return performance.now() - t; };
  const search = (meta) => ed.view.dispatch(ed.state.tr.setMeta(key, meta));
  const cold = time(() => search({ query }));  // a new query: nothing cached
  const warm = time(() => search({ recompute: true }));
  ed.commands.setTextSelection(ed.state.selection.to);
  ed.commands.insertContent('x');
  const edited = time(() => search({ recompute: true }));
  ed.commands.undo();
  return [cold, warm, edited, key.getState(ed.state).matches.length];
}"""


def _latency(samples: list[list[float]]) -> tuple[float, float]:
    frame = [s[0] for s in samples]
    return statistics.median(frame), _p95(frame)


def measure(bench: Bench, task_id: int, lang: str, last_text: str) -> dict[str, float]:
    page = bench.page
    bench.open(task_id, last_text)
    out: dict[str, float] = {}
    out["closed_median_ms"], out["closed_p95_ms"] = _latency(bench.type_measured("middle", lang))
    page.keyboard.press("Control+f")
    page.fill("#find-input", WORD[lang])
    page.wait_for_function("() => Number(document.querySelector('#find-count').dataset.total) > 0")
    out["open_median_ms"], out["open_p95_ms"] = _latency(bench.type_measured("middle", lang))
    cold, warm, edited, matches = page.evaluate(SEARCH_TIMES, WORD[lang])
    out.update({"search_cold_ms": cold, "search_cached_ms": warm, "search_after_edit_ms": edited, "matches": matches})
    page.evaluate(CARET, "middle")
    page.keyboard.press("Control+h")
    page.fill("#find-input", WORD[lang])
    page.wait_for_function("() => Number(document.querySelector('#find-count').dataset.total) > 0")
    page.fill("#replace-input", "X")
    started = page.evaluate("performance.now()")
    page.click("#replace-all")
    page.wait_for_function("() => document.querySelector('#find-count').dataset.total === '0'")
    out["replace_all_ms"] = page.evaluate("performance.now()") - started
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--langs", nargs="+", default=["fa", "en"], choices=["en", "fa"])
    parser.add_argument("--keys", type=int, default=60, help="keys measured per state of the bar")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import BROWSER_ARGS, start_server
    from tests.e2e.helpers import login_and_wait
    from tests.e2e.manuscript import BASELINE_WORDS, WORDS, paragraphs, seed_task

    tmp = Path(tempfile.mkdtemp(prefix="bench-find-"))
    database_url, drop = _database(tmp)
    server = start_server(tmp, database_url=database_url)
    results: dict[tuple[str, int], dict[str, float]] = {}
    try:
        email = server.create_user(name="Bench")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=BROWSER_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.set_default_timeout(120_000)
            login_and_wait(page, server.base_url, email)
            bench = Bench(page, server, args.keys, 1, 0)
            for lang in args.langs:
                for words in (WORDS, BASELINE_WORDS):
                    task_id = seed_task(server.settings.database_url, email, lang, words)
                    results[(lang, words)] = measure(bench, task_id, lang, paragraphs(lang, words)[-1][1])
            browser.close()
    finally:
        server.stop()
        drop()

    print(f"Find and replace on a generated manuscript (headless Chromium, prod server, {args.keys} keys per state)")
    for lang in args.langs:
        big, small = results[(lang, WORDS)], results[(lang, BASELINE_WORDS)]
        print(f"\n{lang}: {WORDS:,} words vs {BASELINE_WORDS:,} words, searching «{WORD[lang]}»")
        print(f"{'measure':<24}{'200k':>12}{'10k':>12}{'ratio':>8}")
        for name in big:
            b, s = big[name], small[name]
            print(f"{name:<24}{b:>12,.1f}{s:>12,.1f}{(b / s if s else 0):>8.2f}")
        for size, row in ((WORDS, big), (BASELINE_WORDS, small)):
            print(f"{size:,} words: per key with the bar open / closed: median "
                  f"{row['open_median_ms'] / row['closed_median_ms']:.2f}, p95 {row['open_p95_ms'] / row['closed_p95_ms']:.2f}")


if __name__ == "__main__":
    main()
