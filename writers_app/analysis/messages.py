"""Every user-facing string of the analysis, in English and Persian; the app merges it into
its translation table. Placeholders ({words}) are filled from Finding.params."""

from __future__ import annotations

# key: (English, Persian)
ANALYSIS_MESSAGES: dict[str, tuple[str, str]] = {
    # Panel labels
    "analysis.panel.title": ("Analysis", "تحلیل"),
    "analysis.panel.empty": ("Nothing to analyse yet.", "هنوز متنی برای تحلیل نیست."),
    "analysis.panel.no_findings": ("No remarks: well done.", "نکته‌ای نیست: آفرین."),
    "analysis.language.fa": ("Persian", "فارسی"),
    "analysis.language.en": ("English", "انگلیسی"),
    "analysis.language.mixed": ("Persian and English", "فارسی و انگلیسی"),
    "analysis.stats.words": ("Words", "واژه‌ها"),
    "analysis.stats.characters": ("Characters", "نویسه‌ها"),
    "analysis.stats.characters_no_spaces": ("Characters without spaces", "نویسه‌ها بی فاصله"),
    "analysis.stats.sentences": ("Sentences", "جمله‌ها"),
    "analysis.stats.paragraphs": ("Paragraphs", "بندها"),
    "analysis.stats.reading_time": ("Reading time: {minutes} min", "زمان خواندن: {minutes} دقیقه"),
    "analysis.stats.speaking_time": ("Speaking time: {minutes} min", "زمان بلندخوانی: {minutes} دقیقه"),
    "analysis.stats.mean_sentence": ("Average sentence length", "میانگین درازی جمله"),
    "analysis.stats.median_sentence": ("Median sentence length", "میانهٔ درازی جمله"),
    "analysis.stats.max_sentence": ("Longest sentence", "بلندترین جمله"),
    "analysis.stats.long_sentences": ("Sentences over {limit} words", "جمله‌های بیش از {limit} واژه"),
    "analysis.readability.title": ("Readability", "خوانایی"),
    "analysis.readability.flesch": ("Flesch reading ease", "آسانی خواندن فلش"),
    "analysis.readability.fk_grade": ("Flesch-Kincaid grade", "پایهٔ فلش-کینکید"),
    "analysis.readability.ari": ("Automated readability index", "شاخص خودکار خوانایی (ARI)"),
    "analysis.readability.fa_none": (
        "No readability formula is computed for Persian; sentence length is the guide.",
        "برای فارسی فرمول خوانایی محاسبه نمی‌شود؛ درازی جمله‌ها راهنمای شماست.",
    ),
    "analysis.keywords.title": ("Keywords", "کلیدواژه‌ها"),
    "analysis.severity.info": ("Suggestion", "پیشنهاد"),
    "analysis.severity.warning": ("Warning", "هشدار"),
    "analysis.fix.apply": ("Apply", "اعمال"),
    "analysis.fix.apply_all": ("Apply all fixes", "اعمال همهٔ اصلاح‌ها"),
    # Check titles
    "analysis.check.en.hard_sentences": ("Hard-to-read sentences", "جمله‌های دشوارخوان"),
    "analysis.check.en.very_hard_sentences": ("Very hard-to-read sentences", "جمله‌های بسیار دشوارخوان"),
    "analysis.check.en.adverbs": ("Adverbs", "قیدها"),
    "analysis.check.en.passive_voice": ("Passive voice", "ساخت مجهول"),
    "analysis.check.style.long_paragraphs": ("Long paragraphs", "بندهای بلند"),
    "analysis.check.style.long_sentences": ("Sentence length", "درازی جمله‌ها"),
    "analysis.check.style.repeated_beginnings": ("Repeated sentence beginnings", "آغاز تکراری جمله‌ها"),
    "analysis.check.fa.arabic_letters": ("Arabic letters", "حروف عربی"),
    "analysis.check.fa.digits": ("Persian digits", "رقم‌های فارسی"),
    "analysis.check.fa.punctuation": ("Persian punctuation marks", "نشانه‌های نگارشی فارسی"),
    "analysis.check.fa.quotes": ("Persian quotation marks", "گیومهٔ فارسی"),
    "analysis.check.fa.punctuation_spacing": ("Spacing around punctuation", "فاصله‌گذاری نشانه‌ها"),
    "analysis.check.fa.bracket_spacing": ("Spacing around brackets", "فاصله‌گذاری کمانک‌ها"),
    "analysis.check.fa.prefix_zwnj": ("Half-space after «می»", "نیم‌فاصله پس از «می»"),
    "analysis.check.fa.suffix_zwnj": ("Half-space before suffixes", "نیم‌فاصله پیش از پسوندها"),
    "analysis.check.fa.repeated_spaces": ("Repeated spaces", "فاصله‌های تکراری"),
    "analysis.check.fa.kashida": ("Kashida", "کشیده"),
    "analysis.check.fa.extra_marks": ("Repeated question and exclamation marks", "علامت‌های پرسش و تعجب تکراری"),
    "analysis.check.fa.ellipsis": ("Ellipsis", "سه‌نقطه"),
    "analysis.check.fa.dashes": ("Dashes", "خط تیره"),
    "analysis.check.fa.kashida_dash": ("Kashida used as a dash", "کشیده به‌جای خط تیره"),
    "analysis.check.fa.ezafe": ("The ezafe after «ه»", "کسرهٔ اضافه پس از «ه»"),
    "analysis.check.fa.single_quotes": ("Single quotation marks", "نقل‌قول با ' '"),
    "analysis.check.fa.numerals": ("Percent sign and number separators", "نشانهٔ درصد و جداکننده‌های عدد"),
    "analysis.check.fa.other_letters": ("Non-Persian letters", "حروف غیرفارسی"),
    "analysis.check.fa.glyphs": ("Presentation forms", "شکل‌های نمایشی حروف"),
    "analysis.check.fa.yeh_suffix": ("«ای» after «ه»", "«ای» پس از «ه»"),
    "analysis.check.fa.zwnj": ("Half-space cleanup", "پاک‌سازی نیم‌فاصله"),
    "analysis.check.fa.diacritics": ("Diacritics", "اعراب"),
    "analysis.check.fa.line_breaks": ("Blank lines and line ends", "خط‌های خالی و پایان خط"),
    # Findings
    "analysis.en.hard_sentence": (
        "Hard to read: {words} words at grade {grade}. Try splitting it.",
        "دشوارخوان: {words} واژه در سطح پایهٔ {grade}. آن را به دو جمله بشکنید.",
    ),
    "analysis.en.very_hard_sentence": (
        "Very hard to read: {words} words at grade {grade}. Split it or simplify it.",
        "بسیار دشوارخوان: {words} واژه در سطح پایهٔ {grade}. آن را بشکنید یا ساده‌تر کنید.",
    ),
    "analysis.en.adverb": (
        "Adverb “{word}”: a stronger verb may do without it.",
        "قید «{word}»: شاید فعلی رساتر جای آن را بگیرد.",
    ),
    "analysis.en.passive": (
        "Passive voice: “{phrase}”. Would the active voice be clearer?",
        "ساخت مجهول: «{phrase}». آیا ساخت معلوم روشن‌تر نیست؟",
    ),
    "analysis.style.long_paragraph": (
        "This paragraph has {words} words; over {limit} is hard to follow.",
        "این بند {words} واژه دارد؛ بیش از {limit} واژه دنبال‌کردن را دشوار می‌کند.",
    ),
    "analysis.style.long_sentence_share": (
        "{percent}% of the sentences have more than {limit} words; keep it under {max_percent}%.",
        "{percent}٪ جمله‌ها بیش از {limit} واژه دارند؛ بهتر است زیر {max_percent}٪ بماند.",
    ),
    "analysis.style.long_sentence": ("{words} words in one sentence.", "{words} واژه در یک جمله."),
    "analysis.style.repeated_beginning": (
        "{count} sentences in a row start with “{word}”.",
        "{count} جملهٔ پشت سر هم با «{word}» آغاز می‌شوند.",
    ),
    "analysis.fa.arabic_letters": (
        "Use the Persian letters «ی» and «ک», not the Arabic «ي» and «ك».",
        "به‌جای «ي» و «ك» عربی، «ی» و «ک» فارسی بنویسید.",
    ),
    "analysis.fa.digits": ("Write Persian digits in Persian text.", "در متن فارسی رقم‌های فارسی بنویسید."),
    "analysis.fa.punctuation": ("Use the Persian mark «{mark}».", "نشانهٔ فارسی «{mark}» را به کار ببرید."),
    "analysis.fa.quotes": ("Use Persian quotation marks « ».", "از گیومهٔ فارسی « » استفاده کنید."),
    "analysis.fa.punctuation_spacing": (
        "No space before a punctuation mark, one space after it.",
        "پیش از نشانه‌های نگارشی فاصله نگذارید و پس از آن‌ها یک فاصله بگذارید.",
    ),
    "analysis.fa.bracket_spacing": (
        "One space outside brackets and quotation marks, none inside.",
        "بیرون کمانک و گیومه یک فاصله بگذارید و درون آن‌ها هیچ.",
    ),
    "analysis.fa.prefix_zwnj": (
        "Join «{prefix}» to the verb with a half-space (ZWNJ).",
        "«{prefix}» را با نیم‌فاصله به فعل بچسبانید.",
    ),
    "analysis.fa.suffix_zwnj": (
        "Join «{suffix}» to the word before it with a half-space (ZWNJ).",
        "«{suffix}» را با نیم‌فاصله به واژهٔ پیش از آن بچسبانید.",
    ),
    "analysis.fa.suffix_zwnj_ambiguous": (
        "«{suffix}» here may be a separate word («چشم تر»: a wet eye); join it with a half-space "
        "only if it is the comparative.",
        "«{suffix}» در این‌جا شاید واژه‌ای جدا باشد («چشم تر» یعنی چشم خیس)؛ اگر پسوند صفت برتر است "
        "آن را با نیم‌فاصله بچسبانید.",
    ),
    "analysis.fa.extra_marks": (
        "One question mark and one exclamation mark are enough, in the order «؟!».",
        "یک علامت پرسش و یک علامت تعجب بس است، به ترتیب «؟!».",
    ),
    "analysis.fa.ellipsis": ("Write the ellipsis as one character «…», with no space before it.",
                             "سه‌نقطه را یک نویسهٔ «…» و بی فاصله پیش از آن بنویسید."),
    "analysis.fa.dashes": ("Use a real dash («–» or «—») instead of «--».",
                           "به‌جای دو یا سه خط فاصلهٔ پیاپی، خط تیرهٔ واقعی («–» یا «—») بگذارید."),
    "analysis.fa.kashida_dash": (
        "A kashida is not a dash: use «–» between words and nothing at a word's edge.",
        "کشیده خط تیره نیست: میان واژه‌ها «–» بگذارید و در لبهٔ واژه هیچ.",
    ),
    "analysis.fa.ezafe": ("Write the ezafe after «ه» as «{form}».", "کسرهٔ اضافه پس از «ه» را «{form}» بنویسید."),
    "analysis.fa.other_letters": (
        "Use the Persian letters «ی»، «ه» and «ک», not their Urdu or Kurdish look-alikes.",
        "به‌جای حروف اردو و کردیِ هم‌شکل، «ی»، «ه» و «ک» فارسی بنویسید.",
    ),
    "analysis.fa.glyphs": ("Replace presentation forms with ordinary letters.",
                           "شکل‌های نمایشی حروف را با حروف معمولی جایگزین کنید."),
    "analysis.fa.numerals": (
        "Use the Persian percent sign «٪» and number separators «٫» and «٬».",
        "نشانهٔ درصد «٪» و جداکننده‌های عدد «٫» و «٬» فارسی را به کار ببرید.",
    ),
    "analysis.fa.yeh_suffix": ("After «ه» the suffix is «ای», not «یی».", "پس از «ه» پسوند «ای» می‌آید، نه «یی»."),
    "analysis.fa.zwnj": (
        "A half-space belongs only between two letters that would join: one, not two, and none "
        "before a space or a mark.",
        "نیم‌فاصله فقط میان دو حرفی جا دارد که به هم می‌چسبند: یکی، نه دو، و نه پیش از فاصله یا نشانه.",
    ),
    "analysis.fa.diacritics": ("One diacritic, written right after its letter.",
                               "یک اعراب، درست پس از حرف خودش."),
    "analysis.fa.line_breaks": ("One blank line between paragraphs is enough, and no spaces at a line's end.",
                                "میان دو بند یک خط خالی بس است و پایان خط فاصله نمی‌خواهد."),
    "analysis.fa.repeated_spaces": ("One space is enough between words.", "میان دو واژه یک فاصله بس است."),
    "analysis.fa.kashida": ("Remove the kashida (ـ) stretching this word.", "کشیدهٔ (ـ) این واژه را بردارید."),
}


def describe(message: str, params: dict | None = None, language: str = "en") -> str:
    """A finding's message in one language: a table key is translated and formatted; any
    other message is a check's own text and is returned as it is."""
    pair = ANALYSIS_MESSAGES.get(message)
    if pair is None:
        return message
    text = pair[1] if language == "fa" else pair[0]
    try:
        return text.format(**(params or {}))
    except (KeyError, IndexError, ValueError):
        return text
