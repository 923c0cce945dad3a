"""The hostile-input corpus: strings for every text field, ids, cursors and limits for every
query parameter, and files for every upload type. Big inputs (zip bombs, billion laughs, the
decompression-bomb PDF, deep nesting) are generated here, never committed as binaries.

Every channel counts what it feeds through `tried(channel, n)`; the session's summary line
(tests/hostile/conftest.py) prints the totals, e.g. for the issue's closing note.
"""

from __future__ import annotations

import base64
import functools
import io
import json
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass

# --------------------------------------------------------------------------------- counting

COUNTS: Counter[str] = Counter()


def tried(channel: str, n: int = 1) -> None:
    """Record that `n` hostile inputs went through `channel` ("api", "handlers", "worker"...)."""
    COUNTS[channel] += n


# --------------------------------------------------------------------------------- XSS

CANARY = "window.__xss"
# Every payload, if it ever ran, sets window.__xss (the browser test's canary) or opens a dialog.
XSS = [
    '<script>window.__xss=1</script>',
    '<img src=x onerror="window.__xss=1">',
    '<IMG SRC=x OnErRoR=window.__xss=1>',
    '<svg onload="window.__xss=1"></svg>',
    '<svg><script>window.__xss=1</script></svg>',
    '<svg><animate onbegin="window.__xss=1" attributeName=x dur=1s>',
    '"><img src=x onerror="window.__xss=1">',
    "'><img src=x onerror='window.__xss=1'>",
    '</textarea><img src=x onerror="window.__xss=1">',
    '</title><img src=x onerror="window.__xss=1">',
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    '<iframe src="javascript:parent.__xss=1"></iframe>',
    '<a href="javascript:window.__xss=1">click</a>',
    '<a href="JaVaScRiPt&colon;window.__xss=1">click</a>',
    '<a href="&#106;avascript:window.__xss=1">click</a>',
    'javascript:window.__xss=1',
    '<details open ontoggle="window.__xss=1"><summary>x</summary></details>',
    '<input autofocus onfocus="window.__xss=1">',
    '<body onload="window.__xss=1">',
    '<object data="javascript:window.__xss=1"></object>',
    '<embed src="javascript:window.__xss=1">',
    '<base href="javascript:window.__xss=1//">',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
    '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=1">',
    '<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">',
    '<style>@import "javascript:window.__xss=1";</style>',
    '<div style="background:url(javascript:window.__xss=1)">x</div>',
    '<video><source onerror="window.__xss=1"></video>',
    '<form action="javascript:window.__xss=1"><button>go</button></form>',
    '<scr<script>ipt>window.__xss=1</scr</script>ipt>',
    '&lt;img src=x onerror="window.__xss=1"&gt;',
    '{{constructor.constructor("window.__xss=1")()}}',
    '${window.__xss=1}',
    '[click](javascript:window.__xss=1)',
    '![x](x" onerror="window.__xss=1)',
    '<p dir="rtl" onclick="window.__xss=1" onmouseover="window.__xss=1">سلام</p>',
    '<template><img src=x onerror="window.__xss=1"></template>',
    '<x contenteditable onblur="window.__xss=1">',
    '\u202e<img src=x onerror="window.__xss=1">',
]

# --------------------------------------------------------------------------------- other text

OVERLONG = ["a" * 10_000, "ب" * 5_000, "word " * 20_000, "\U0001f600" * 3_000, "e\u0301" * 2_000]
CONTROL = [
    "a\x00b", "\x00", "line\r\nbreak\rreturn", "\t\v\f", "\x1b[31mred\x1b[0m", "\x7f\x08",
    "\ud800", "x\udfffy",  # lone surrogates: what a "string" of invalid UTF-8 becomes in JSON
]
RTL = [
    "\u202egnp.exe", "\u2066isolate\u2069", "\u202bembed\u202c", "\u200f\u200e\u200b\u200c\u200d", "\ufeffbom",
    "متن فارسی \u202eدرون\u202c", "\u061c\u0600\u06dd",
]
SQL = [
    "' OR 1=1 --", "'; DROP TABLE task; --", '" OR ""="', "%", "_", "\\", "%' UNION SELECT password_hash FROM "
    "\"user\" --", "1; SELECT pg_sleep(30)", "$$; DELETE FROM task; $$", "\\x00\\'",
]
ODD = [
    "", " ", "   \n\t  ", "null", "undefined", "NaN", "-1", "0", "1e400", "9" * 30, "٣", "１２", "%s%s%n",
    "{0}{1}", "../../../etc/passwd", "C:\\con\\aux", "file:///etc/passwd", "<", "&amp;&#x0;&#0;",
]
TEXTS = XSS + OVERLONG + CONTROL + RTL + SQL + ODD

# --------------------------------------------------------------------------------- ids, cursors, limits

IDS = ["0", "-1", "abc", "1e3", "1.5", " 1", "1 ", "+1", "0x10", "1_000", "٣", "１", "", "null", "9" * 20,
       str(2**63), str(2**63 - 1), str(2**64 + 5), "9" * 400, "1,2", "[1]", "true", "\x00", "1\x00"]
# Not strings: what a hand-made websocket event can carry instead of the id.
ID_VALUES = [None, 0, -1, 2**63, 2**70, 1.5, float("inf"), True, [], {}, ["1"]]


def _b64(raw: str | bytes) -> str:
    return base64.urlsafe_b64encode(raw if isinstance(raw, bytes) else raw.encode()).decode()


CURSORS = [
    "", "!!!", "a" * 5000, "====", _b64("not json"), _b64("{}"), _b64("[]"), _b64("[1]"), _b64("null"),
    _b64("[[1],[2]]"), _b64('["a","b","c"]'), _b64(b"\xff\xfe\x00"), _b64("[1e400, 1]"), _b64(f"[{2**70}, 1]"),
    _b64(f"[1, {2**64}]"), _b64(f"[1, -{2**64}]"), _b64("[1.5, 1]"), _b64("[NaN, 1]"), _b64("[Infinity, 1]"),
    _b64('["2024-01-01T00:00:00", 1.5]'), _b64('["99999-01-01", 1]'), _b64("[true, 1]"), _b64("[null, null]"),
    _b64("[" * 5000 + "]" * 5000), _b64('"' + "x" * 30_000 + '"'), _b64("[1, 1]") + "%00", "%ZZ",
]
LIMITS = ["0", "-1", "1e9", "abc", "", str(2**64), "1.5", "NaN", "100000", " 5", "٥"]
SORTS = ["", "updated", "words", "title", "; DROP", "x" * 300, "updated desc", "\x00"]
STATUS_FILTERS = ["", "queued", "analyzed", "nope", "' OR 1=1", "\x00"]

# --------------------------------------------------------------------------------- files

KB, MB = 1024, 1024 * 1024
XXE_MARK = "root:x:0:0"  # what /etc/passwd would leak into a body


@dataclass(frozen=True)
class Upload:
    label: str
    filename: str
    data: bytes
    # What must happen: "refused" (an upload.* code, at upload or in the worker) or "either"
    # (refused, or analysed with the hostile part neutralised).
    expect: str = "either"


def docx_bytes(paragraphs: list[str] | None = None, *, document_xml: str | None = None,
               extra: dict[str, bytes] | None = None) -> bytes:
    """A real .docx from python-docx, optionally with word/document.xml replaced (XXE, laughs)."""
    import docx

    document = docx.Document()
    for text in paragraphs or ["Hello."]:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    if document_xml is None and not extra:
        return out.getvalue()
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "word/document.xml" and document_xml is not None:
                body = document_xml.encode()
            target.writestr(item.filename, body)
        for name, body in (extra or {}).items():
            target.writestr(name, body)
    return rebuilt.getvalue()


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _document_xml(body: str, doctype: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
            f'<w:document {_W}><w:body><w:p><w:r><w:t>{body}</w:t></w:r></w:p></w:body></w:document>')


def xxe_docx() -> bytes:
    doctype = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return docx_bytes(document_xml=_document_xml("Leak: &xxe; end", doctype))


def xxe_remote_docx() -> bytes:
    doctype = '<!DOCTYPE w:document [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>'
    return docx_bytes(document_xml=_document_xml("Remote DTD", doctype))


def billion_laughs_docx() -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    return docx_bytes(document_xml=_document_xml("&lol9;", f"<!DOCTYPE w:document [{entities}]>"))


def _zip_of_zeros(name: str, size: int, *, docx: bool) -> bytes:
    """A zip whose `name` member is `size` bytes of spaces, streamed in (never held whole)."""
    base = docx_bytes() if docx else None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        if base is not None:
            source = zipfile.ZipFile(io.BytesIO(base))
            for item in source.infolist():
                if item.filename != name:
                    target.writestr(item.filename, source.read(item.filename))
        with target.open(name, "w") as member:
            chunk = b" " * MB
            for _ in range(size // MB):
                member.write(chunk)
    return out.getvalue()


@functools.cache
def zip_bomb_docx() -> bytes:
    """A Word document whose document.xml unpacks to 200 MB (packs to ~200 KB)."""
    return _zip_of_zeros("word/document.xml", 200 * MB, docx=True)


@functools.cache
def ratio_bomb_docx() -> bytes:
    """Under the 100 MB cap but packed ~1000:1: a sizeable file with a bomb's ratio."""
    return _zip_of_zeros("word/media/padding.bin", 40 * MB, docx=True)


def lying_zip_docx() -> bytes:
    """A docx whose member headers claim 10 bytes for a member that really unpacks to 150 MB."""
    data = bytearray(_zip_of_zeros("word/media/pad.bin", 150 * MB, docx=True))
    # Patch every header's declared size of the big member down (the data stays, so it lies).
    name = b"word/media/pad.bin"
    at = 0
    while (at := data.find(name, at + 1)) != -1:
        for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            header = data.rfind(signature, 0, at)
            if header != -1 and at - header in (30, 46):
                data[header + size_offset: header + size_offset + 4] = (10).to_bytes(4, "little")
    return bytes(data)


@functools.cache
def many_members_docx() -> bytes:
    return docx_bytes(extra={f"word/media/m{i}.xml": b"<x/>" for i in range(10_050)})


def nested_zip_docx() -> bytes:
    inner = zip_bomb_docx()
    return docx_bytes(extra={"word/embeddings/inner.zip": inner})


def pdf_bytes(content: bytes, *, compress: bool = False, pages: int = 1, packed: bytes | None = None) -> bytes:
    """A small, valid PDF whose page(s) draw `content` (a content stream; or `packed`, already
    deflated), built by hand."""
    stream = packed if packed is not None else zlib.compress(content, 9) if compress else content
    filters = b"/Filter /FlateDecode " if compress or packed is not None else b""
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(pages).encode() + b" >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    content_ref = 4 + pages
    for _ in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >>"
                       b" /Contents " + str(content_ref).encode() + b" 0 R >>")
    objects.append(b"<< " + filters + b"/Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream
                   + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _text_ops(text: str) -> bytes:
    return b"BT /F1 12 Tf 72 720 Td (" + text.encode("latin-1") + b") Tj ET"


@functools.cache
def pdf_bomb() -> bytes:
    """A PDF whose one content stream inflates to 200 MB of spaces (packs to ~200 KB)."""
    compressor = zlib.compressobj(9)
    chunk = b" " * MB
    packed = b"".join(compressor.compress(chunk) for _ in range(200)) + compressor.compress(_text_ops("end"))
    return pdf_bytes(b"", packed=packed + compressor.flush())


def pdf_many_pages() -> bytes:
    return pdf_bytes(_text_ops("Page text."), pages=2_000)


def pdf_xref_loop() -> bytes:
    """Pages that are their own kids, and an xref pointing into itself."""
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [2 0 R] /Count 1 >> endobj\n"
            b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000009 00000 n \n"
            b"trailer << /Size 3 /Root 1 0 R /Prev 120 >>\nstartxref\n120\n%%EOF\n")


def deep_html(depth: int = 40_000) -> bytes:
    return ("<div>" * depth + "deep" + "</div>" * depth).encode()


def deep_markdown(depth: int = 20_000) -> bytes:
    return ("> " * depth + "deep quote\n\n" + "- " * depth + "deep list\n").encode()


def deep_json(depth: int = 100_000) -> str:
    return "[" * depth + "]" * depth


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64


def uploads(max_bytes: int) -> list[Upload]:
    """Every hostile upload for a server whose limit is `max_bytes`."""
    xss_html = "<!doctype html><html><body>" + "".join(f"<p>{p}</p>" for p in XSS) + "<p>End.</p></body></html>"
    xss_md = "# Title <script>window.__xss=1</script>\n\n" + "\n\n".join(XSS) + "\n\nEnd.\n"
    files = [
        Upload("empty txt", "empty.txt", b"", "refused"),
        Upload("empty docx", "empty.docx", b"", "refused"),
        Upload("empty pdf", "empty.pdf", b"", "refused"),
        Upload("whitespace only", "blank.md", b" \n\t\n ", "refused"),
        Upload("oversized", "big.txt", b"a " * (max_bytes // 2 + 8), "refused"),
        Upload("png named docx", "photo.docx", PNG, "refused"),
        Upload("elf named md", "notes.md", ELF, "refused"),
        Upload("pdf named txt", "notes.txt", pdf_bytes(_text_ops("Hidden PDF."))),
        Upload("docx named pdf", "draft.pdf", docx_bytes(["Word in disguise."]), "refused"),
        Upload("html named pdf", "page.pdf", b"<html><body><p>x</p></body></html>", "refused"),
        Upload("plain zip named docx", "archive.docx", _plain_zip(), "refused"),
        Upload("invalid utf-8", "bad.txt", b"Valid start \xff\xfe\xfa\xc3\x28 end", "refused"),
        Upload("latin-1 text", "latin.txt", "café naïve".encode("latin-1"), "refused"),
        Upload("nul bytes", "nul.txt", b"text\x00with\x00nuls " * 50, "refused"),
        Upload("utf-16 with bom", "u16.txt", "Hello \u202e world".encode("utf-16")),
        Upload("rtl override text", "rtl.txt", "safe \u202egnp.exe\u202c and \u2066iso\u2069 فارسی".encode()),
        Upload("sql text", "sql.md", "\n\n".join(SQL).encode()),
        Upload("xss html", "xss.html", xss_html.encode()),
        Upload("xss markdown", "xss.md", xss_md.encode()),
        Upload("xss text", "xss.txt", "\n\n".join(XSS).encode()),
        Upload("xss docx", "xss.docx", docx_bytes(XSS)),
        Upload("xss file name", '<img src=x onerror="window.__xss=1">.md', b"# Named badly\n\nBody text."),
        Upload("rtl override file name", "\u202etxt.exe.md", b"Reversed name."),
        Upload("overlong file name", "n" * 2_000 + ".md", b"Long name."),
        Upload("traversal file name", "../../../../etc/passwd.md", b"Traversal name."),
        Upload("nul in file name", "a\x00b.md", b"Nul name."),
        Upload("control chars in file name", "a\r\nSet-Cookie: x=1.md", b"Header split."),
        Upload("xxe docx", "xxe.docx", xxe_docx()),
        Upload("xxe remote dtd docx", "xxe2.docx", xxe_remote_docx()),
        Upload("billion laughs docx", "laughs.docx", billion_laughs_docx()),
        Upload("zip bomb docx", "bomb.docx", zip_bomb_docx(), "refused"),
        Upload("ratio bomb docx", "ratio.docx", ratio_bomb_docx(), "refused"),
        Upload("lying sizes docx", "lying.docx", lying_zip_docx(), "refused"),
        Upload("10k members docx", "members.docx", many_members_docx(), "refused"),
        Upload("truncated docx", "cut.docx", docx_bytes(["Cut short."])[:700], "refused"),
        Upload("malformed pdf", "broken.pdf", b"%PDF-1.7\n" + b"garbage " * 200, "refused"),
        Upload("truncated pdf", "cut.pdf", pdf_bytes(_text_ops("Cut short."))[:120], "refused"),
        Upload("pdf xref loop", "loop.pdf", pdf_xref_loop(), "refused"),
        Upload("pdf decompression bomb", "bomb.pdf", pdf_bomb()),
        Upload("pdf 2000 pages", "pages.pdf", pdf_many_pages()),
        Upload("deep html", "deep.html", deep_html(), "refused"),
        Upload("deep markdown", "deep.md", deep_markdown()),
    ]
    return [f for f in files if len(f.data) <= max_bytes or f.label == "oversized"]


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "not a word document")
    return out.getvalue()


def body_payloads() -> list[str]:
    """HTML bodies for the editor and the API: every text, plus markup-shaped hostility."""
    shaped = [f"<p>{x}</p>" for x in XSS] + [deep_html(5_000).decode(), "<p>" * 3_000, "</p>" * 3_000,
                                           "<p>" + "x" * 200_000 + "</p>", json.dumps({"a": 1})]
    return TEXTS + shaped


# --------------------------------------------------------------------------------- checks

_ACTIVE_TAGS = {"script", "iframe", "object", "embed", "base", "meta", "form", "input", "svg", "math", "style",
                "template", "link", "video", "source", "body", "details"}


def assert_inert(fragment: str) -> None:
    """Stored HTML that no browser could run: no active element, no on* handler, no script URL
    (payloads left as visible text are fine)."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Checker(HTMLParser):
        def handle_starttag(self, tag, attrs):  # noqa: ANN001, ANN202
            if tag in _ACTIVE_TAGS:
                found.append(f"<{tag}>")
            for name, value in attrs:
                squashed = "".join((value or "").split()).lower()
                if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                    found.append(f"{tag}[{name}]")
                elif name in ("href", "src", "action", "data", "xlink:href") and squashed.startswith(
                        ("javascript:", "data:", "vbscript:")):
                    found.append(f"{tag}[{name}={value}]")

    Checker(convert_charrefs=True).feed(fragment)
    assert not found, f"active markup survived: {found} in {fragment[:300]!r}"
