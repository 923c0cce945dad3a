"""An analysis result shaped for the editor's panel: statistics rows, notes, typography fixes
and the highlights drawn over the text. Pure: no Reflex, no database."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from writers_app.analysis import describe

MAX_FINDINGS = 150
MAX_HIGHLIGHTS = 500
SNIPPET_CHARS = 160
HIGHLIGHT_TEXT_CHARS = 80
KEYWORDS_SHOWN = 8
# Checks whose findings are drawn over the text itself, and the colour class of each.
HIGHLIGHTED = {"en.very_hard_sentences": "very-hard", "en.hard_sentences": "hard", "style.long_sentences": "hard",
               "en.passive_voice": "passive", "en.adverbs": "adverb"}
# The editor's plain text joins its blocks with a blank line.
BLOCK_SEPARATOR = 2


@dataclass
class StatRow:
    lang: str
    key: str  # a translation key
    value: str
    heading: bool = False


@dataclass
class FindingRow:
    check: str
    snippet: str
    en: str
    fa: str
    title_en: str = ""  # the check's title, in both languages
    title_fa: str = ""
    first: bool = False  # the first of its check's findings: the panel puts the title above it


@dataclass
class FixRow:
    index: int  # the fix's place in the targets list, which `apply_fix` receives back
    original: str
    replacement: str
    en: str
    fa: str


@dataclass
class AnalysisDisplay:
    stats: list[StatRow] = field(default_factory=list)
    findings: list[FindingRow] = field(default_factory=list)
    fixes: list[FixRow] = field(default_factory=list)
    # What the editor applies for each fix, and the highlights it draws: both plain dicts
    # because they go to the editor component as they are.
    targets: list[dict] = field(default_factory=list)
    highlights: list[dict] = field(default_factory=list)


_SPACE = re.compile(r"\s")


def word_around(text: str, start: int, end: int, reach: int = 24) -> tuple[str, str]:
    """The rest of the word(s) around a tiny fix, so "ی → ی‌" reads "میخواهم → می‌خواهم"."""
    left = start - 1 if start > 0 and _SPACE.match(text[start - 1]) else start  # a fix after a space
    while left > 0 and start - left < reach and not _SPACE.match(text[left - 1]):
        left -= 1
    right = end
    while right < len(text) and right - end < reach and not _SPACE.match(text[right]):
        right += 1
    return text[left:start], text[end:right]


class _BlockMap:
    """Where a position of the plain text falls: (block index, offset inside the block)."""

    def __init__(self, block_texts: Sequence[str]):
        self.starts: list[int] = []
        self.blocks: list[int] = []
        pos = 0
        for index, block_text in enumerate(block_texts):
            if block_text:  # empty blocks have no text to point into
                self.starts.append(pos)
                self.blocks.append(index)
                pos += len(block_text) + BLOCK_SEPARATOR

    def locate(self, position: int) -> tuple[int, int] | None:
        slot = bisect.bisect_right(self.starts, position) - 1
        return (self.blocks[slot], position - self.starts[slot]) if slot >= 0 else None


def stat_rows(result: dict) -> list[StatRow]:
    rows: list[StatRow] = []
    for lang, section in result.get("sections", {}).items():
        s = section["statistics"]
        pairs = [("analysis.ui.words", s["words"]), ("analysis.ui.sentences", s["sentences"]),
                 ("analysis.ui.paragraphs", s["paragraphs"]), ("analysis.ui.reading_minutes", s["reading_minutes"]),
                 ("analysis.ui.speaking_minutes", s["speaking_minutes"]),
                 ("analysis.ui.mean_sentence", s["mean_words_per_sentence"]),
                 ("analysis.ui.long_share", round(100 * s["long_sentence_share"]))]
        if section.get("readability"):
            r = section["readability"]
            pairs += [("analysis.ui.flesch", r["flesch_reading_ease"]),
                      ("analysis.ui.fk_grade", r["flesch_kincaid_grade"]),
                      ("analysis.ui.ari", r["automated_readability_index"])]
        rows.append(StatRow(lang=lang, key=f"lang.{lang}", value="", heading=True))
        rows += [StatRow(lang=lang, key=k, value=str(v)) for k, v in pairs]
        rows.append(StatRow(lang=lang, key="analysis.ui.keywords",
                            value="، ".join(k["term"] for k in section.get("keywords", [])[:KEYWORDS_SHOWN])))
    return rows


def check_titles(result: dict) -> dict[str, tuple[str, str]]:
    """Each check's title (English, Persian) from the result's summaries; a title key missing
    from the table (a check since removed) reads as the check's id."""
    titles: dict[str, tuple[str, str]] = {}
    for summary in result.get("checks", []):
        key, check_id = summary.get("title") or "", summary["check_id"]
        en, fa = describe(key, None, "en"), describe(key, None, "fa")
        titles[check_id] = (en, fa) if key and en != key else (check_id, check_id)
    return titles


def display_rows(result: dict, *, text: str, block_texts: Sequence[str], stale: bool) -> AnalysisDisplay:
    """Shape `result` for the panel. A stale result (the text changed since) keeps its notes
    but points at nothing in the text: no snippets, highlights or fixes."""
    out = AnalysisDisplay(stats=stat_rows(result))
    blocks = _BlockMap(block_texts)
    titles = check_titles(result)
    for finding in result.get("findings", []):
        span = finding.get("span") if not stale else None
        where = blocks.locate(span[0]) if span else None
        kind = HIGHLIGHTED.get(finding["check_id"])
        if kind and where and len(out.highlights) < MAX_HIGHLIGHTS:
            out.highlights.append({"block": where[0], "offset": where[1], "length": span[1] - span[0], "kind": kind,
                                   "text": text[span[0]:span[1]][:HIGHLIGHT_TEXT_CHARS]})
        params = finding.get("params") or {}
        en, fa = describe(finding["message"], params, "en"), describe(finding["message"], params, "fa")
        if finding.get("replacement") is not None and span:
            if where:
                original = finding.get("original") or ""
                before, after = word_around(text, span[0], span[1])
                out.fixes.append(FixRow(index=len(out.fixes), original=before + original + after,
                                        replacement=before + finding["replacement"] + after, en=en, fa=fa))
                out.targets.append({"block": where[0], "offset": where[1], "original": original,
                                    "replacement": finding["replacement"]})
        elif len(out.findings) < MAX_FINDINGS:
            snippet = text[span[0]:span[1]] if span else ""
            check = finding["check_id"]
            title_en, title_fa = titles.get(check, (check, check))
            first = not out.findings or out.findings[-1].check != check
            out.findings.append(FindingRow(check=check, snippet=snippet[:SNIPPET_CHARS], en=en, fa=fa,
                                           title_en=title_en, title_fa=title_fa, first=first))
    out.fixes, out.targets = out.fixes[:MAX_FINDINGS], out.targets[:MAX_FINDINGS]
    return out
