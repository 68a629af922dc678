"""What a person notices on any web page, checked in the real browser: the page fits the screen
(no sideways scrolling), and every control can be seen, used and tapped (nothing covers it)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTHS = {"desktop": 1280, "phone": 390}

# every control a person can click, type into or tab to; hidden form fields are no controls
CONTROLS = ("a[href], button, input:not([type=hidden]), select, textarea:not([hidden]), summary")

_PROBLEMS = """(selector) => {
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    const closed = el.closest('details:not([open])');
    if (closed && el.tagName !== 'SUMMARY') continue;        // folded away on purpose
    if (el.closest('[hidden]')) continue;
    const name = (el.id ? '#' + el.id : el.tagName.toLowerCase()) + ' ' +
                 (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30);
    if (el.disabled) { out.push(name + ': disabled'); continue; }
    el.scrollIntoView({block: 'center', inline: 'center'});
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) { out.push(name + ': not visible'); continue; }
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.opacity === '0') { out.push(name + ': invisible'); continue; }
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    const label = hit && hit.closest('label');
    if (!hit || !(el.contains(hit) || hit.contains(el) || (label && label.control === el)))
      out.push(name + ': covered by ' + (hit ? hit.tagName.toLowerCase() + '.' + hit.className : 'nothing'));
  }
  return out;
}"""


def check_page(page, shots: Path | None = None, name: str = "") -> None:
    """At 1280 and 390 px: no wider than the viewport, every control visible, enabled and
    tappable; with ``shots``, a screenshot of each width (``name-desktop.png``, ``name-phone.png``)."""
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        if shots is not None:     # first, so a page that fails below is still seen
            page.screenshot(path=str(shots / f"{name}-{label}.png"), full_page=True)
        wide = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert wide[0] <= wide[1], f"{page.url} at {width} px is {wide[0]} px wide"
        problems = page.evaluate(_PROBLEMS, CONTROLS)
        assert not problems, f"{page.url} at {width} px: {problems}"
        page.evaluate("window.scrollTo(0, 0)")
    page.set_viewport_size({"width": 1280, "height": 900})


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two CSS rgb() colours."""
    def luminance(css: str) -> float:
        channels = [int(float(x)) / 255 for x in css[css.index("(") + 1:css.index(")")].split(",")[:3]]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def sign_in(browser, base: str, key: str, **context):
    """A new browser context at 1280 px signed in with ``key`` through the login form."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True,
                               **context).new_page()
    page.goto(f"{base}/web/")
    page.fill("#key", key)
    page.click("#login")
    return page


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's chromium (/usr/bin/chromium), headless, driven by Playwright."""
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()
