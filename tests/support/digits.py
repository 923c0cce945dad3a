"""Latin digits in a Persian page's own text: the check every per-page browser test shares.

`latin_digits(page)` walks the visible text of a Playwright page (text nodes, plus the
placeholder, title and aria-label attributes people read) and returns each piece of interface
text that holds a Latin digit 0-9. What the writer wrote, or what is not prose, is skipped:
- anything inside an element marked `data-user-content` (titles, bodies, names, e-mail
  addresses, file names the writer chose), the editor (`.ProseMirror`), and
- `code`, `pre`, `kbd`, `samp` (tokens, API examples, commands), `script`, `style`, `svg`,
- anything inside an element marked `data-latin` (a URL, an e-mail address, a version string
  that is Latin by nature; keep these rare and say why where you set it).

A Persian page should pass with an empty list; the test's failure message lists what was found.
"""

from __future__ import annotations

_SCRIPT = r"""
() => {
  const SKIP = 'script,style,noscript,svg,code,pre,kbd,samp,.ProseMirror,[data-user-content],[data-latin]';
  const visible = (el) => {
    if (!el) return false;
    if (el.closest('[hidden],[aria-hidden="true"]')) return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    return el.getClientRects().length > 0;
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!/[0-9]/.test(node.nodeValue) || !el || el.closest(SKIP) || !visible(el)) continue;
    found.push(`${el.tagName.toLowerCase()}: ${node.nodeValue.trim().slice(0, 80)}`);
  }
  for (const el of document.body.querySelectorAll('[placeholder],[title],[aria-label]')) {
    if (el.closest(SKIP) || !visible(el)) continue;
    for (const attr of ['placeholder', 'title', 'aria-label']) {
      const value = el.getAttribute(attr);
      if (value && /[0-9]/.test(value)) found.push(`${el.tagName.toLowerCase()}[${attr}]: ${value.slice(0, 80)}`);
    }
  }
  return found;
}
"""


def latin_digits(page) -> list[str]:
    """Interface text on `page` (Playwright, sync API) that holds a Latin digit."""
    return page.evaluate(_SCRIPT)
