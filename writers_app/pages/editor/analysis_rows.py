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
NOTES_PER_SENTENCE = 6
# Checks whose findings are drawn over the text itself, and the colour class of each.
HIGHLIGHTED = {"en.very_hard_sentences": "very-hard", "en.hard_sentences": "hard", "style.long_sentences": "hard",
               "en.passive_voice": "passive", "en.adverbs": "adverb"}
# The editor's plain text joins its blocks with a blank line.
BLOCK_SEPARATOR = 2


@dataclass
class StatRow:
    lang: str
    key: str  # a translation key
    value: str  # a number (the panel writes it in the reader's digits) or, for keywords, words
    heading: bool = False
    # A duration: the translation key of its wording ("{n} min", "under a minute"); `value`
    # holds the minutes and `hours` the hours.
    value_key: str = ""
    hours: str = "0"


@dataclass
class NoteRow:
    title_en: str  # the check's title, in both languages
    title_fa: str
    en: str
    fa: str


@dataclass
class FindingRow:
    """The notes on one sentence (or, without a snippet, one note on the whole text)."""
    check: str  # the first note's check
    snippet: str
    notes: list[NoteRow] = field(default_factory=list)


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


def duration(minutes: float) -> tuple[str, int, int]:
    """A reading or speaking time as a writer reads it: (translation key, hours, minutes)."""
    if minutes < 1:
        return "analysis.ui.under_minute", 0, 0
    whole = round(minutes)
    if whole < 60:
        return "analysis.ui.minutes", 0, whole
    return "analysis.ui.hours_minutes", whole // 60, whole % 60


def _number(value: float) -> str:
    """One decimal at most: 2.57 words per sentence reads 2.6."""
    rounded = round(float(value), 1)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


def stat_rows(result: dict) -> list[StatRow]:
    rows: list[StatRow] = []
    for lang, section in result.get("sections", {}).items():
        s = section["statistics"]
        rows.append(StatRow(lang=lang, key=f"lang.{lang}", value="", heading=True))
        rows += [StatRow(lang=lang, key=k, value=_number(v)) for k, v in (
            ("analysis.ui.words", s["words"]), ("analysis.ui.sentences", s["sentences"]),
            ("analysis.ui.paragraphs", s["paragraphs"]))]
        for key, minutes in (("analysis.ui.reading_time", s["reading_minutes"]),
                             ("analysis.ui.speaking_time", s["speaking_minutes"])):
            wording, hours, rest = duration(minutes)
            rows.append(StatRow(lang=lang, key=key, value=str(rest), value_key=wording, hours=str(hours)))
        if s["sentences"]:
            rows += [StatRow(lang=lang, key="analysis.ui.mean_sentence", value=_number(s["mean_words_per_sentence"])),
                     StatRow(lang=lang, key="analysis.ui.long_share", value=str(round(100 * s["long_sentence_share"])))]
        if section.get("readability"):
            r = section["readability"]
            rows += [StatRow(lang=lang, key=k, value=_number(v)) for k, v in (
                ("analysis.ui.flesch", r["flesch_reading_ease"]), ("analysis.ui.fk_grade", r["flesch_kincaid_grade"]),
                ("analysis.ui.ari", r["automated_readability_index"]))]
        terms = [k["term"] for k in section.get("keywords", [])[:KEYWORDS_SHOWN] if k.get("term")]
        if terms:  # a short text has none: no empty row
            rows.append(StatRow(lang=lang, key="analysis.ui.keywords", value="، ".join(terms) if lang == "fa"
                                else ", ".join(terms)))
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
    by_span: dict[tuple[int, int], FindingRow] = {}
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
        else:
            check = finding["check_id"]
            title_en, title_fa = titles.get(check, (check, check))
            note = NoteRow(title_en=title_en, title_fa=title_fa, en=en, fa=fa)
            where_in_text = finding.get("span")  # kept when stale too: notes still merge
            key = (where_in_text[0], where_in_text[1]) if where_in_text else None
            if key is not None and key in by_span:  # another note on the same sentence
                if len(by_span[key].notes) < NOTES_PER_SENTENCE and note not in by_span[key].notes:
                    by_span[key].notes.append(note)
            elif len(out.findings) < MAX_FINDINGS:
                row = FindingRow(check=check, snippet=(text[span[0]:span[1]] if span else "")[:SNIPPET_CHARS],
                                 notes=[note])
                out.findings.append(row)
                if key is not None:
                    by_span[key] = row
    out.fixes, out.targets = out.fixes[:MAX_FINDINGS], out.targets[:MAX_FINDINGS]
    # Notes on the whole text first, then sentence by sentence in reading order.
    order = {id(row): span for span, row in by_span.items()}
    out.findings.sort(key=lambda row: order.get(id(row), (-1, -1)))
    return out
