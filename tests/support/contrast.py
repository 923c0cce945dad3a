"""WCAG 2.x AA contrast of every visible text on a page, measured in the page itself.

`CONTRAST_CHECK` is a JS function for `page.evaluate(CONTRAST_CHECK)`: it returns how many texts
it measured and the ones below the minimum ratio (4.5, or 3 for large text: >= 24px, or
>= 18.66px bold). A text is an element's own non-blank text node, or a form field's typed value.
Its colour is composited over its effective background: the element's and its ancestors'
background colours up to the first opaque one, over the page's canvas. Colours are composited
on a 1x1 sRGB canvas, so any CSS colour syntax (display-p3, oklch, color-mix) reads alike.

Not measured, as WCAG 1.4.3 exempts them or cannot see them:
* disabled controls (`:disabled`, `[aria-disabled="true"]`, `[data-disabled]`, or inside one):
  "part of an inactive user interface component";
* placeholder text (only text nodes and typed values are read, never `::placeholder`);
* text that is not visible: `display: none`, `visibility: hidden`, opacity under 0.1, no box, or
  clipped to 1px or less (screen-reader-only labels);
* while a modal dialog is open, the text under its overlay (covered, and inert for the reader):
  only the dialog's own text, and any menu or popover open above it, is measured;
* text over a background image or gradient is measured against the colour under the image
  (reported with `image: true`), which is the best the browser can tell without pixels.
"""

from __future__ import annotations

CONTRAST_CHECK = r"""() => {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const alphaOf = (css) => {
    ctx.clearRect(0, 0, 1, 1); ctx.fillStyle = '#000'; ctx.fillStyle = css; ctx.fillRect(0, 0, 1, 1);
    return ctx.getImageData(0, 0, 1, 1).data[3] / 255;
  };
  // The colour seen when `layers` (CSS colours, outermost first) are painted over `base`.
  const composite = (base, layers) => {
    ctx.globalCompositeOperation = 'source-over';
    ctx.fillStyle = base; ctx.fillRect(0, 0, 1, 1);
    for (const css of layers) { ctx.fillStyle = css; ctx.fillRect(0, 0, 1, 1); }
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2]];
  };
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const hex = (c) => '#' + c.map((v) => v.toString(16).padStart(2, '0')).join('');
  // The page's canvas: what shows through where nothing paints (depends on color-scheme).
  const probe = document.createElement('div');
  probe.style.cssText = 'position:absolute;width:0;height:0;background:Canvas;color:CanvasText';
  document.documentElement.appendChild(probe);
  const canvasColour = getComputedStyle(probe).backgroundColor;
  probe.remove();

  const disabled = (el) => !!el.closest(':disabled, [aria-disabled="true"], [data-disabled]');
  const visible = (el, cs) => {
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) return false;
    let opacity = 1;
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) opacity *= parseFloat(getComputedStyle(n).opacity);
    return opacity >= 0.1 && cs.visibility === 'visible';
  };
  const backgroundLayers = (el) => {
    const layers = []; let image = false;
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      const cs = getComputedStyle(n);
      if (cs.backgroundImage && cs.backgroundImage !== 'none') image = true;
      const bg = cs.backgroundColor;
      const a = alphaOf(bg);
      if (a > 0) { layers.unshift(bg); if (a >= 1) break; }
    }
    return { layers, image };
  };
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    const cls = (typeof el.className === 'string' ? el.className : '').trim().split(/\s+/).filter(Boolean).slice(0, 3);
    if (cls.length) s += '.' + cls.join('.');
    const parent = el.parentElement && el.parentElement.closest('[id]');
    return parent ? parent.tagName.toLowerCase() + '#' + parent.id + ' ' + s : s;
  };
  const FIELDS = 'input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=range]):not([type=color]):not([type=file]), textarea, select';
  const texts = [];
  for (const el of document.querySelectorAll('body *')) {
    if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'svg', 'SVG'].includes(el.tagName) || el.closest('svg')) continue;
    let text = '';
    if (el.matches(FIELDS)) text = el.value || '';
    else for (const node of el.childNodes) if (node.nodeType === 3) text += node.textContent;
    text = text.trim();
    if (text) texts.push([el, text]);
  }
  const modal = document.querySelector('[role="dialog"][data-state="open"], [role="alertdialog"][data-state="open"]');
  const onTop = (el) => !modal || modal.contains(el) || !!el.closest('[data-radix-popper-content-wrapper]');
  const failures = []; let checked = 0;
  for (const [el, text] of texts) {
    const cs = getComputedStyle(el);
    if (disabled(el) || !onTop(el) || !visible(el, cs)) continue;
    const { layers, image } = backgroundLayers(el);
    const bg = composite(canvasColour, layers);
    const fg = composite(hex(bg), [cs.color]);
    const size = parseFloat(cs.fontSize), weight = parseInt(cs.fontWeight, 10) || 400;
    const large = size >= 24 || (size >= 18.66 && weight >= 700);
    const need = large ? 3 : 4.5;
    const got = ratio(fg, bg);
    checked += 1;
    if (got < need) failures.push({ element: describe(el), text: text.slice(0, 60), color: cs.color,
      fg: hex(fg), bg: hex(bg), ratio: Math.round(got * 100) / 100, need, size, weight, image });
  }
  return { checked, failures };
}"""


def report(failures: list[dict]) -> str:
    """One line per offending text, for an assertion message."""
    return "\n".join(f"  {f['ratio']} < {f['need']}: {f['element']} {f['text']!r} fg {f['fg']} on {f['bg']}"
                     f" ({f['size']}px/{f['weight']}{', over an image' if f['image'] else ''})" for f in failures)
