"""What to tell a writer when an upload cannot be read: key -> (English, Persian)."""

from __future__ import annotations

# \u200e (left-to-right mark) keeps ".docx" from showing as "docx." inside Persian text.
DOCUMENT_MESSAGES: dict[str, tuple[str, str]] = {
    "upload.empty": (
        "This file is empty. Please choose the file that holds your writing.",
        "این پرونده خالی است. لطفاً پرونده‌ای را انتخاب کنید که نوشته‌تان در آن است.",
    ),
    "upload.unsupported_type": (
        "We can't read this kind of file. Please upload a Word (.docx), PDF, Markdown, HTML or plain-text file.",
        "این نوع پرونده را نمی‌توانیم بخوانیم. لطفاً پرونده‌ای از نوع ورد (\u200e.docx\u200e)، PDF، مارک‌داون، HTML یا متن ساده بارگذاری کنید.",
    ),
    "upload.type_mismatch": (
        "This file's name says it is a Word or PDF document, but its contents are something else. "
        "Please save it again from your editor and upload the new file.",
        "نام این پرونده می‌گوید سند ورد یا PDF است، اما محتوایش چیز دیگری است. "
        "لطفاً آن را دوباره از ویرایشگرتان ذخیره و پروندهٔ تازه را بارگذاری کنید.",
    ),
    "upload.too_deep": (
        "This file nests its elements too deeply to be read. Please save it in a simpler form (for example as .docx or plain text) and try again.",
        "عناصر این پرونده بیش از اندازه تو در تو هستند و نمی‌توان آن را خواند. لطفاً آن را به شکلی ساده‌تر (مثلاً \u200e.docx\u200e یا متن ساده) ذخیره کنید و دوباره بکوشید.",
    ),
    "upload.corrupt": (
        "This file looks damaged and we couldn't read it. Please save it again and try once more.",
        "این پرونده آسیب دیده به نظر می‌رسد و نتوانستیم آن را بخوانیم. لطفاً دوباره ذخیره‌اش کنید و باز امتحان کنید.",
    ),
    "upload.docx_too_large": (
        "This Word document unpacks to more than 100 MB, which is too large to open. "
        "Please remove large images or split the document, then upload it again.",
        "این سند ورد پس از باز شدن بیش از ۱۰۰ مگابایت می‌شود و برای باز کردن بیش از حد بزرگ است. "
        "لطفاً تصویرهای بزرگ را بردارید یا سند را چند بخش کنید و دوباره بارگذاری کنید.",
    ),
    "upload.pdf_encrypted": (
        "This PDF is protected with a password. Please remove the protection and upload it again.",
        "این PDF با گذرواژه محافظت شده است. لطفاً محافظت را بردارید و دوباره بارگذاری کنید.",
    ),
    "upload.no_text": (
        "We found no text in this file. If it is a scanned PDF, please upload a version with selectable text.",
        "در این پرونده متنی پیدا نکردیم. اگر PDF اسکن‌شده است، لطفاً نسخه‌ای با متن قابل انتخاب بارگذاری کنید.",
    ),
}
