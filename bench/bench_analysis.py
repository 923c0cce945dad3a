"""Benchmark of the analysis engine: words per second per core, against plain tokenising.

Run: python bench/bench_analysis.py [--sizes 10000,100000,1000000] [--fix-all-only]

Texts are generated from a built-in vocabulary with a fixed seed, so runs are comparable.
Times are CPU seconds of this one process (time.process_time), i.e. per core. The "tokenise"
floor is count_words (mask code/URLs, find every word): no analysis can be faster than
reading the words once. Linearity shows as a flat time per word across sizes.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from writers_app.analysis import Document, analyse_text, count_words  # noqa: E402

SEED = 1404

ENGLISH_WORDS = """
the a of and to in is was it that he she they we you with for on as at by from this but not
his her their an be have had has are were been will would could should there which when what
writer story chapter morning river village garden window letter mother father children friend
house city road night light voice water table book paper music teacher doctor market winter
summer evening answer question silence memory dream journey family reason moment language
walked opened looked started asked decided smiled remembered answered carried followed waited
wrote read said found took gave knew thought made told saw came went left kept held brought
quickly slowly really quietly suddenly finally carefully nearly simply clearly gently softly
old new long small large bright dark warm cold quiet strange simple beautiful important early
written taken given seen known shown built sold sent broken chosen forgotten hidden stolen
""".split()

PERSIAN_WORDS = """
و در به از که این آن را با است برای تا بر هم نیز یا اما اگر هر همه یک دو چند
نویسنده داستان فصل صبح رودخانه روستا باغ پنجره نامه مادر پدر کودکان دوست خانه شهر جاده شب
نور صدا آب میز کتاب کاغذ موسیقی آموزگار پزشک بازار زمستان تابستان غروب پاسخ پرسش سکوت یاد
خواب سفر خانواده دلیل لحظه زبان کتاب‌ها خانه‌ها نامه‌ها دوستان درختان روزها شب‌ها
رفت آمد گفت نوشت خواند دید شنید گرفت داد ماند نشست ایستاد برگشت
می‌رود می‌آید می‌گوید می‌نویسد می‌خواند می‌بیند می‌خواهم می‌دانم نمی‌دانم می‌توانم
نوشته‌است رفته‌اند آمده‌ام بزرگ‌تر کوچک‌ترین زیبا بزرگ کوچک روشن تاریک گرم سرد آرام ساده
آهسته تند ناگهان سرانجام دوباره هنوز همیشه گاهی
""".split()

# A few slips a real draft has, so the typography rules have work to do.
PERSIAN_SLIPS = ["می خواهم", "كتاب", "کتاب ها", "1402", "بزرگ تر", "خوبـــی"]
# A rough draft: a slip of every rule family after Virastar.
DRAFT_SLIPS = PERSIAN_SLIPS + ["چرا؟؟!!", "صبر ...", "--", "ـ", "خانه ی", "'سلام'", "96%", "۳.۵", "کتابے",
                               "ﻛﺘﺎﺏ", "خانه\u200cیی", "این\u200c\u200cها", "کتابََ", "سلام ,", "آن ها", "درد\u200cها"]


def generate(language: str, words: int, seed: int = SEED, slip_rate: float = 0.2, slips: list[str] | None = None) -> str:
    rng = random.Random(seed)
    slips = slips or PERSIAN_SLIPS
    vocabulary = ENGLISH_WORDS if language == "en" else PERSIAN_WORDS
    full_stop, comma, question = (".", ",", "?") if language == "en" else (".", "،", "؟")
    paragraphs: list[str] = []
    written = 0
    while written < words:
        sentences = []
        for _ in range(rng.randint(2, 7)):
            length = rng.randint(4, 28)
            sentence = [rng.choice(vocabulary) for _ in range(length)]
            if language == "fa" and rng.random() < slip_rate:
                sentence[rng.randrange(length)] = rng.choice(slips)
            if language == "en":
                sentence[0] = sentence[0].capitalize()
            if length > 12:
                sentence[length // 2] += comma
            ending = full_stop if rng.random() < 0.9 else question
            sentences.append(" ".join(sentence) + ending)
            written += length
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def cpu_seconds(function, text: str, repeats: int) -> float:
    """Best of `repeats` runs, in CPU seconds of this process."""
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        started = time.process_time()
        function(text)
        best = min(best, time.process_time() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--fix-all-only", action="store_true", help="only the fix_all figures")
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",")]
    began = time.perf_counter()
    if arguments.fix_all_only:
        fix_all_speed(sizes)
        return
    print(f"{'lang':4} {'words':>9} | {'tokenise w/s':>13} {'parse w/s':>11} {'analyse w/s':>12} "
          f"{'ratio':>6} | {'µs/word':>8} {'findings':>9}")
    for language in ("en", "fa"):
        per_word: dict[int, float] = {}
        for size in sizes:
            text = generate(language, size)
            words = count_words(text)
            repeats = max(1, 200_000 // size)
            tokenise = cpu_seconds(count_words, text, repeats)
            parse = cpu_seconds(Document.from_text, text, repeats)
            analyse = cpu_seconds(analyse_text, text, repeats)
            findings = sum(check.count for check in analyse_text(text).checks) if size <= 100_000 else -1
            per_word[size] = analyse / words
            print(f"{language:4} {words:>9,} | {words / tokenise:>13,.0f} {words / parse:>11,.0f} "
                  f"{words / analyse:>12,.0f} {analyse / tokenise:>6.1f} | {1e6 * analyse / words:>8.2f} "
                  f"{findings if findings >= 0 else '-':>9}")
        smallest, largest = min(per_word), max(per_word)
        print(f"{language}: time per word at {largest:,} words / at {smallest:,} words = "
              f"{per_word[largest] / per_word[smallest]:.2f} (1.00 = perfectly linear)")
    fix_all_speed(sizes)
    pathological()
    print(f"total {time.perf_counter() - began:.0f} s")


def fix_all_speed(sizes: list[int]) -> None:
    """fix_all on Persian text, in characters per second per core, next to tokenising alone
    (count_words) and parsing (Document.from_text); a flat µs/char across sizes is linear."""
    from writers_app.analysis import fix_all

    print(f"{'fix_all fa':10} {'chars':>10} | {'tokenise c/s':>13} {'parse c/s':>11} {'fix_all c/s':>12} "
          f"{'ratio':>6} | {'µs/char':>8}")
    per_char: dict[int, float] = {}
    for size, (kind, text) in ((size, kind_text) for size in sizes for kind_text in (
            ("prose", generate("fa", size)), ("draft", generate("fa", size, slip_rate=1.0, slips=DRAFT_SLIPS)))):
        repeats = max(1, 200_000 // size)
        tokenise = cpu_seconds(count_words, text, repeats)
        parse = cpu_seconds(Document.from_text, text, repeats)
        fixing = cpu_seconds(fix_all, text, repeats)
        if kind == "prose":
            per_char[size] = fixing / len(text)
        print(f"{kind:10} {len(text):>10,} | {len(text) / tokenise:>13,.0f} {len(text) / parse:>11,.0f} "
              f"{len(text) / fixing:>12,.0f} {fixing / tokenise:>6.1f} | {1e6 * fixing / len(text):>8.3f}")
    # The test vectors' inputs, one a line, repeated: a slip in almost every short line.
    vectors = json.loads((Path(__file__).resolve().parents[1] / "tests" / "unit" / "vectors" /
                          "persian_vectors.json").read_text())
    dense = "\n".join(v["input"] for v in vectors if v["family"] != "latin") + "\n"
    dense *= max(1, 500_000 // len(dense))
    tokenise, parse, fixing = (cpu_seconds(f, dense, 3) for f in (count_words, Document.from_text, fix_all))
    print(f"{'vectors':10} {len(dense):>10,} | {len(dense) / tokenise:>13,.0f} {len(dense) / parse:>11,.0f} "
          f"{len(dense) / fixing:>12,.0f} {fixing / tokenise:>6.1f} | {1e6 * fixing / len(dense):>8.3f}")
    smallest, largest = min(per_char), max(per_char)
    print(f"fix_all prose: time per char at {largest:,} words / at {smallest:,} words = "
          f"{per_char[largest] / per_char[smallest]:.2f} (1.00 = perfectly linear)")


def pathological() -> None:
    """Inputs built to trigger catastrophic backtracking, per character against prose of the
    same length: a ratio near 1 means linear work (the test suite only checks they finish)."""
    from tests.unit.test_analysis_engine import PATHOLOGICAL
    from writers_app.analysis import fix_all

    def both(text: str) -> None:
        analyse_text(text)
        fix_all(text)

    print(f"{'pathological input':28} {'chars':>8} | {'µs/char':>8} {'prose µs/char':>14} {'ratio':>6}")
    for text in PATHOLOGICAL:
        prose = generate("fa" if any("\u0600" <= c <= "\u06ff" for c in text[:4000]) else "en", len(text) // 6)
        per_char = cpu_seconds(both, text, 1) / len(text)
        prose_per_char = cpu_seconds(both, prose, 1) / len(prose)
        print(f"{repr(text[:12]) + '...':28} {len(text):>8,} | {1e6 * per_char:>8.2f} {1e6 * prose_per_char:>14.2f} "
              f"{per_char / prose_per_char:>6.2f}")


if __name__ == "__main__":
    main()
