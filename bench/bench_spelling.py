"""Benchmark of the spelling checker: a 2,000-word piece in English and in Persian, warm
dictionaries, against plain tokenising of the same text in the same run.

Run: python bench/bench_spelling.py [--words 2000] [--repeats 7]

The texts come from bench_analysis's vocabulary with a fixed seed, with one word in fifty
misspelt. Times are CPU seconds of this process (best of the repeats). The floor is
count_words (mask code/URLs, find every word): checking reads every word once, so it cannot
be faster. The target is under 50 ms for 2,000 words; suggestions (asked for one word when
the writer clicks it) are timed separately.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_analysis import SEED, cpu_seconds, generate  # noqa: E402

from writers_app.analysis import count_words  # noqa: E402
from writers_app.analysis.spelling import check_blocks, lexicon, suggestions  # noqa: E402

TARGET_MS = 50.0


def misspell(text: str, rate: int = 50) -> str:
    rng = random.Random(SEED)
    words = text.split(" ")
    for i in range(0, len(words), rate):
        word = words[i]
        if len(word) > 2:
            j = rng.randrange(1, len(word) - 1)
            words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2:]
    return " ".join(words)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    start = time.perf_counter()
    for lang in ("en", "fa"):
        lexicon(lang)
    print(f"dictionaries loaded in {time.perf_counter() - start:.2f} s (once per process)")
    print(f"{'lang':<5}{'words':>7}{'blocks':>8}{'found':>7}{'check ms':>10}{'tokenise ms':>13}{'ratio':>7}  target")
    for lang in ("en", "fa"):
        text = misspell(generate(lang, args.words))
        blocks = text.split("\n\n") if "\n\n" in text else [text]
        found = len(check_blocks(blocks))
        check = cpu_seconds(lambda t: check_blocks(blocks), text, args.repeats) * 1000
        floor = cpu_seconds(lambda t: [count_words(b) for b in blocks], text, args.repeats) * 1000
        verdict = "ok" if check < TARGET_MS else "OVER"
        print(f"{lang:<5}{count_words(text):>7}{len(blocks):>8}{found:>7}{check:>10.1f}{floor:>13.1f}"
              f"{check / floor:>7.1f}  <{TARGET_MS:.0f} ms {verdict}")
    for word in ("recieve", "accomodation", "کتابب", "نویسندگانن"):
        t0 = time.process_time()
        result = suggestions(word)
        print(f"suggestions for {word!r}: {(time.process_time() - t0) * 1000:.1f} ms -> {result}")


if __name__ == "__main__":
    main()
