"""The one translation table: every user-facing string, in English and Persian."""

from __future__ import annotations

LANGUAGES = ("en", "fa")
DEFAULT_LANGUAGE = "en"

# key: (English, Persian)
_TABLE: dict[str, tuple[str, str]] = {
    # App chrome
    "app.name": ("Writers", "نویسندگان"),
    "app.tagline": ("Write, upload drafts and get your work analysed, in Persian and English.",
                    "بنویسید، پیش‌نویس‌هایتان را بارگذاری کنید و تحلیل نوشته‌تان را به فارسی و انگلیسی ببینید."),
    "nav.dashboard": ("Dashboard", "پیشخوان"),
    "nav.settings": ("Account settings", "تنظیمات حساب"),
    "nav.admin": ("Admin", "مدیریت"),
    "nav.logout": ("Log out", "خروج"),
    "nav.login": ("Log in", "ورود"),
    "nav.register": ("Create account", "ساخت حساب"),
    "nav.language": ("Language", "زبان"),
    "nav.menu": ("Menu", "منو"),
    "lang.en": ("English", "English"),
    "lang.fa": ("فارسی", "فارسی"),
    "common.loading": ("Loading…", "در حال بارگذاری…"),
    "common.save": ("Save", "ذخیره"),
    "common.cancel": ("Cancel", "انصراف"),
    "common.back_home": ("Back to the start page", "بازگشت به صفحهٔ نخست"),
    # Landing
    "landing.get_started": ("Get started", "شروع کنید"),
    "landing.have_account": ("I already have an account", "حساب دارم"),
    "landing.feature_write": ("A calm editor for long pieces, right-to-left and left-to-right.",
                              "ویرایشگری آرام برای نوشته‌های بلند، راست‌به‌چپ و چپ‌به‌راست."),
    "landing.feature_analyse": ("Statistics, readability and style notes computed in the background.",
                                "آمار، خوانایی و نکته‌های سبک که در پس‌زمینه محاسبه می‌شوند."),
    "landing.feature_typography": ("Persian typography suggestions you can apply with one click.",
                                   "پیشنهادهای نگارشی فارسی که با یک کلیک اعمال می‌شوند."),
    # Auth forms
    "auth.email": ("Email", "ایمیل"),
    "auth.password": ("Password", "گذرواژه"),
    "auth.display_name": ("Your name", "نام شما"),
    "auth.new_password": ("New password", "گذرواژهٔ تازه"),
    "auth.current_password": ("Current password", "گذرواژهٔ کنونی"),
    "auth.login_title": ("Log in to Writers", "ورود به نویسندگان"),
    "auth.login_button": ("Log in", "ورود"),
    "auth.register_title": ("Create your account", "حساب خود را بسازید"),
    "auth.register_button": ("Create account", "ساخت حساب"),
    "auth.no_account": ("New here? Create an account", "تازه آمده‌اید؟ حساب بسازید"),
    "auth.have_account": ("Already have an account? Log in", "حساب دارید؟ وارد شوید"),
    "auth.forgot_link": ("Forgot your password?", "گذرواژه را فراموش کرده‌اید؟"),
    "auth.password_hint": ("At least 10 characters, and not your email.",
                           "دست‌کم ۱۰ نویسه، و نه خود ایمیل‌تان."),
    "auth.invalid_credentials": ("That email and password do not match an account.",
                                 "این ایمیل و گذرواژه با هیچ حسابی جور نیست."),
    "auth.email_invalid": ("Please enter a valid email address.", "لطفاً نشانی ایمیل درستی وارد کنید."),
    "auth.email_taken": ("An account with this email already exists. Try logging in.",
                         "حسابی با این ایمیل از پیش هست. وارد شوید."),
    "auth.name_required": ("Please tell us your name.", "لطفاً نام‌تان را بنویسید."),
    "auth.name_too_long": ("That name is too long (100 characters at most).",
                           "این نام بیش از اندازه بلند است (حداکثر ۱۰۰ نویسه)."),
    "auth.password_too_short": ("The password must be at least 10 characters long.",
                                "گذرواژه باید دست‌کم ۱۰ نویسه باشد."),
    "auth.password_too_long": ("The password is too long (1024 characters at most).",
                               "گذرواژه بیش از اندازه بلند است (حداکثر ۱۰۲۴ نویسه)."),
    "auth.password_is_email": ("The password must not be your email address.",
                               "گذرواژه نباید همان نشانی ایمیل شما باشد."),
    "auth.current_password_wrong": ("Your current password is not correct.",
                                    "گذرواژهٔ کنونی درست نیست."),
    "auth.session_expired": ("Please log in to continue.", "برای ادامه وارد شوید."),
    "auth.logged_out": ("You have been logged out.", "از حساب خود خارج شدید."),
    "auth.request_refused": ("This request was refused. Reload the page and try again.",
                             "این درخواست پذیرفته نشد. صفحه را دوباره بارگذاری کنید و باز بکوشید."),
    "auth.forgot_title": ("Reset your password", "بازنشانی گذرواژه"),
    "auth.forgot_intro": ("Enter your email and we will send you a link to choose a new password.",
                          "ایمیل‌تان را بنویسید تا پیوندی برای گزینش گذرواژهٔ تازه برایتان بفرستیم."),
    "auth.forgot_button": ("Send reset link", "فرستادن پیوند بازنشانی"),
    "auth.forgot_sent": ("If an account exists for that address, a reset link is on its way. It works once, within the hour.",
                         "اگر حسابی با این نشانی باشد، پیوند بازنشانی فرستاده شد. این پیوند یک بار و تا یک ساعت کار می‌کند."),
    "auth.reset_title": ("Choose a new password", "گذرواژهٔ تازه برگزینید"),
    "auth.reset_button": ("Set new password", "ثبت گذرواژهٔ تازه"),
    "auth.reset_done": ("Your password was changed. Log in with the new one.",
                        "گذرواژه‌تان عوض شد. با گذرواژهٔ تازه وارد شوید."),
    "auth.reset_link_invalid": ("This reset link is invalid, used or expired. Ask for a new one.",
                                "این پیوند بازنشانی نادرست، به‌کاررفته یا منقضی است. پیوند تازه بخواهید."),
    "auth.rate_limited": ("Too many attempts. Please wait a minute and try again.",
                          "تلاش‌ها بیش از اندازه بود. کمی صبر کنید و دوباره بکوشید."),
    # Dashboard
    "dashboard.title": ("Your writing", "نوشته‌های شما"),
    "dashboard.welcome": ("Welcome, {name}", "{name}، خوش آمدید"),
    "dashboard.empty_title": ("Nothing here yet", "هنوز چیزی اینجا نیست"),
    "dashboard.empty_body": ("Your pieces will appear here once you start writing or upload a draft.",
                             "وقتی شروع به نوشتن کنید یا پیش‌نویسی بارگذاری کنید، نوشته‌هایتان اینجا دیده می‌شوند."),
    "dashboard.words": ("words", "واژه"),
    "status.draft": ("Draft", "پیش‌نویس"),
    "status.queued": ("Queued", "در صف"),
    "status.processing": ("Processing", "در حال پردازش"),
    "status.analyzed": ("Analysed", "تحلیل‌شده"),
    "status.failed": ("Failed", "ناموفق"),
    # Settings
    "settings.title": ("Account settings", "تنظیمات حساب"),
    "settings.profile": ("Profile", "نمایه"),
    "settings.language_pref": ("Preferred language", "زبان دلخواه"),
    "settings.change_password": ("Change password", "تغییر گذرواژه"),
    "settings.password_changed": ("Password changed. Your other sessions were logged out.",
                                  "گذرواژه عوض شد. نشست‌های دیگرتان بسته شدند."),
    "settings.sessions": ("Where you are logged in", "جاهایی که وارد شده‌اید"),
    "settings.this_device": ("This device", "همین دستگاه"),
    "settings.signed_in_at": ("Signed in", "ورود"),
    "settings.logout_others": ("Log out my other sessions", "خروج از نشست‌های دیگرم"),
    "settings.others_logged_out": ("Logged out of {n} other session(s).", "از {n} نشست دیگر خارج شدید."),
    "settings.unknown_device": ("Unknown device", "دستگاه ناشناخته"),
    "admin.role": ("Role", "نقش"),
    "role.writer": ("Writer", "نویسنده"),
    "role.admin": ("Admin", "مدیر"),
    "admin.created": ("Joined", "تاریخ پیوستن"),
    # Editor
    "editor.backup_discard": ("Discard", "دور بریز"),
    "editor.backup_found": ("Text that was not saved was kept in this browser.", "متنی که ذخیره نشده بود در این مرورگر نگه داشته شد."),
    "editor.backup_restore": ("Restore it", "بازگردانی"),
    "editor.bold": ("Bold", "پررنگ"),
    "editor.bullet_list": ("Bulleted list", "فهرست نشانه‌دار"),
    "editor.characters": ("characters", "نویسه"),
    "editor.conflict": ("Changed elsewhere", "جای دیگری تغییر کرد"),
    "editor.conflict_help": ("This piece was saved from another tab or device. Your text is kept here.",
                             "این نوشته از زبانه یا دستگاه دیگری ذخیره شده است. متن شما اینجا نگه داشته شده است."),
    "editor.conflict_keep": ("Keep my version", "نسخهٔ من بماند"),
    "editor.conflict_load": ("Load the saved version", "نسخهٔ ذخیره‌شده را بیاور"),
    "editor.dir_auto": ("Direction from the text", "جهت بر پایهٔ متن"),
    "editor.dir_ltr": ("Left to right", "چپ به راست"),
    "editor.dir_rtl": ("Right to left", "راست به چپ"),
    "editor.error": ("Not saved: reload the page", "ذخیره نشد: صفحه را دوباره بارگذاری کنید"),
    "editor.heading1": ("Heading 1", "سرتیتر ۱"),
    "editor.heading2": ("Heading 2", "سرتیتر ۲"),
    "editor.heading3": ("Heading 3", "سرتیتر ۳"),
    "editor.italic": ("Italic", "کج"),
    "editor.link": ("Link", "پیوند"),
    "editor.link_prompt": ("Link address (https://…)", "نشانی پیوند (https://…)"),
    "editor.loading": ("Loading…", "در حال بارگذاری…"),
    "editor.of_goal": ("of", "از"),
    "editor.offline": ("Offline: kept in this browser", "آفلاین: در این مرورگر نگه داشته شد"),
    "editor.ordered_list": ("Numbered list", "فهرست شماره‌دار"),
    "editor.quote": ("Quote", "نقل‌قول"),
    "editor.redo": ("Redo", "انجام دوباره"),
    "editor.saved": ("Saved", "ذخیره شد"),
    "editor.saving": ("Saving…", "در حال ذخیره…"),
    "editor.too_large": ("Too large to save", "برای ذخیره بیش از اندازه بزرگ است"),
    "editor.too_large_help": ("This piece is over the 16 MB limit. Split it into several pieces; your text is kept in this browser.",
                              "این نوشته از سقف ۱۶ مگابایت بزرگ‌تر است. آن را به چند نوشته بخش کنید؛ متن شما در این مرورگر نگه داشته شده است."),
    "editor.toolbar": ("Formatting", "قالب‌بندی"),
    "editor.undo": ("Undo", "واگرد"),
    "editor.unsaved": ("Unsaved changes", "تغییرهای ذخیره‌نشده"),
    "editor.words": ("words", "واژه"),
    "editor.resync": ("Sending the whole text again…", "فرستادن دوبارهٔ کل متن…"),
    "editor.title_placeholder": ("Untitled", "بی‌عنوان"),
    "editor.title_label": ("Title", "عنوان"),
    "editor.word_goal": ("Word goal", "هدف واژه‌ها"),
    "editor.due_date": ("Due date", "موعد"),
    "editor.back": ("All pieces", "همهٔ نوشته‌ها"),
    "editor.export": ("Export", "خروجی"),
    "editor.export_text": ("Plain text", "متن ساده"),
    "editor.history": ("History", "تاریخچه"),
    "revisions.title": ("Earlier versions", "نسخه‌های پیشین"),
    "revisions.none": ("No earlier versions yet. Press Ctrl+S to keep one.", "هنوز نسخهٔ پیشینی نیست. برای نگه‌داشتن یکی Ctrl+S را بزنید."),
    "revisions.preview": ("Preview", "پیش‌نمایش"),
    "revisions.compare": ("Compare with now", "مقایسه با اکنون"),
    "revisions.restore": ("Restore this version", "بازگرداندن این نسخه"),
    "revisions.same": ("Same text as now.", "همان متن کنونی است."),
    "revisions.pick": ("Pick a version to preview it.", "نسخه‌ای را برای پیش‌نمایش برگزینید."),
    "revisions.restored": ("Version restored. The text it replaced is kept in the history.", "نسخه بازگردانده شد. متنی که جایگزین شد در تاریخچه می‌ماند."),
    "revisions.reason_explicit": ("saved", "ذخیرهٔ دستی"),
    "revisions.reason_autosave": ("autosave", "ذخیرهٔ خودکار"),
    "revisions.reason_restore": ("before a restore", "پیش از بازگردانی"),
    "revisions.reason_upload": ("uploaded", "بارگذاری"),
    "common.close": ("Close", "بستن"),
    "task.goal_invalid": ("The word goal must be a positive number.", "هدف واژه‌ها باید عددی مثبت باشد."),
    "dashboard.total_words": ("Words written", "واژه‌های نوشته‌شده"),
    "dashboard.total_pieces": ("Pieces", "نوشته‌ها"),
    "dashboard.words_per_day": ("Words per day, last 30 days", "واژه در روز، ۳۰ روز گذشته"),
    "dashboard.search": ("Search titles and text", "جست‌وجو در عنوان‌ها و متن"),
    "dashboard.all_statuses": ("All statuses", "همهٔ وضعیت‌ها"),
    "dashboard.sort_updated": ("Last edited", "آخرین ویرایش"),
    "dashboard.sort_created": ("Newest", "تازه‌ترین"),
    "dashboard.sort_title": ("Title", "عنوان"),
    "dashboard.sort_words": ("Most words", "بیشترین واژه"),
    "dashboard.delete_selected": ("Delete", "حذف"),
    "dashboard.select": ("Select", "گزینش"),
    "dashboard.edited": ("Edited", "ویرایش"),
    "dashboard.due": ("Due", "موعد"),
    "dashboard.no_match": ("No piece matches", "نوشته‌ای پیدا نشد"),
    "dashboard.load_more": ("Show more", "بیشتر"),
    "dashboard.new_piece": ("New piece", "نوشتهٔ تازه"),
    "dashboard.untitled": ("Untitled", "بی‌عنوان"),
    "upload.drop_here": ("Upload drafts: drop files here or click", "بارگذاری پیش‌نویس: پرونده‌ها را اینجا رها کنید یا کلیک کنید"),
    "upload.hint": (".txt .md .docx .pdf .html, several at once, up to {mb} MB each",
                    ".txt .md .docx .pdf .html، چند پرونده با هم، هر کدام تا {mb} مگابایت"),
    "upload.queued": ("added, waiting to be processed", "افزوده شد، در صف پردازش"),
    "upload.too_large": ("is larger than the upload limit.", "از سقف اندازهٔ بارگذاری بزرگ‌تر است."),
    "upload.too_many": ("was not sent: too many files at once.", "فرستاده نشد: پرونده‌ها بیش از اندازه زیاد بودند."),
    "upload.refused_before_sending": ("was not sent: only .txt, .md, .docx, .pdf and .html files within the size limit.",
                                      "فرستاده نشد: فقط پرونده‌های .txt، .md، .docx، .pdf و .html در سقف اندازه."),
    # Errors
    "error.not_found": ("Not found.", "پیدا نشد."),
    "error.not_found_body": ("The page you are looking for does not exist or is not yours.",
                             "صفحه‌ای که می‌خواهید وجود ندارد یا از آنِ شما نیست."),
    "error.bad_input": ("Some of the input was not valid.", "بخشی از ورودی درست نبود."),
    "error.server": ("Something went wrong on our side. Please try again.",
                     "مشکلی در سمت ما پیش آمد. لطفاً دوباره بکوشید."),
    # Mail
    "mail.reset_subject": ("Reset your Writers password", "بازنشانی گذرواژهٔ نویسندگان"),
    "mail.reset_body": (
        "Hello {name},\n\nSomeone (hopefully you) asked to reset your Writers password.\n"
        "Open this link within {minutes} minutes to choose a new one; it works once:\n\n{link}\n\n"
        "If you did not ask for this, ignore this message; your password stays as it is.\n",
        "سلام {name}،\n\nکسی (امیدواریم خودتان) خواسته است گذرواژهٔ نویسندگان شما بازنشانی شود.\n"
        "برای گزینش گذرواژهٔ تازه این پیوند را تا {minutes} دقیقهٔ دیگر باز کنید؛ فقط یک بار کار می‌کند:\n\n{link}\n\n"
        "اگر شما این را نخواسته‌اید، این پیام را نادیده بگیرید؛ گذرواژه‌تان همان می‌ماند.\n",
    ),
}

def _merge(extra: dict[str, tuple[str, str]]) -> None:
    clash = extra.keys() & _TABLE.keys()
    if clash:
        raise RuntimeError(f"translation keys defined twice: {sorted(clash)}")
    _TABLE.update(extra)


# Modules that own their own messages keep them beside their code.
from writers_app.analysis import ANALYSIS_MESSAGES  # noqa: E402  (after its checks registered)
from writers_app.services.document_messages import DOCUMENT_MESSAGES  # noqa: E402

_merge(DOCUMENT_MESSAGES)
_merge(ANALYSIS_MESSAGES)

MESSAGES: dict[str, dict[str, str]] = {
    lang: {key: pair[i] for key, pair in _TABLE.items()} for i, lang in enumerate(LANGUAGES)
}


def translate(key: str, lang: str) -> str:
    """The text for `key` in `lang`; the key itself if missing (visible, never a crash)."""
    table = MESSAGES.get(lang) or MESSAGES[DEFAULT_LANGUAGE]
    return table.get(key, key)


def normalise_language(value: str | None) -> str:
    return value if value in LANGUAGES else DEFAULT_LANGUAGE
