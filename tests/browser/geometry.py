"""What a person sees of a page's layout, measured in the browser.

Each check returns the problems it found as short sentences (an empty list when there are
none), so a test asserts `== []` and its failure says what went wrong where.
`check_layout` runs those that hold on every page at every width; `keep_screenshot`
leaves a picture of the page in var/test-results/pages/ for people to look through.
"""

import re
from pathlib import Path

TAP = 44  # px: the smallest target a finger hits reliably (WCAG 2.5.5)

# Shown on screen: not hidden, not see-through (the roll call's radios are), not 1 px.
_VISIBLE = """
  const visible = (el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.visibility !== "hidden" && Number(style.opacity) > 0
      && box.width > 1 && box.height > 1;
  };
"""


def _function(arguments: str, body: str) -> str:
    """A JavaScript function for page.evaluate, with `visible(el)` at hand."""
    return f"({arguments}) => {{{_VISIBLE}{body}}}"


def horizontal_overflow(page) -> list[str]:
    """The page is no wider than the screen: nothing to scroll sideways."""
    width, screen = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return [f"the page is {width} px wide on a {screen} px screen"] if width > screen else []


_CHOICES = """
  const problems = [];
  for (const input of document.querySelectorAll("input[type=radio], input[type=checkbox]")) {
    if (!visible(input) || !input.labels || !input.labels.length) continue;
    const label = input.labels[0];
    // The label's words, without the box when the label wraps it.
    const words = [...label.childNodes].filter((node) => node !== input && node.textContent.trim());
    if (!words.length) continue;
    const range = document.createRange();
    range.setStartBefore(words[0]);
    range.setEndAfter(words[words.length - 1]);
    const firstLine = range.getClientRects()[0];
    const text = range.getBoundingClientRect();
    const box = input.getBoundingClientRect();
    const name = `"${label.textContent.trim().slice(0, 30)}"`;
    const middle = box.top + box.height / 2;
    if (box.right > firstLine.left + 1) {
      problems.push(`the box of ${name} is not left of its label`);
    } else if (middle < text.top || middle > text.bottom || firstLine.left - box.right > 48) {
      problems.push(`the box of ${name} is not on its label's row`);
    }
    // The label is the target (a tap on it ticks the box): with the box, at least 44 × 44.
    const area = label.getBoundingClientRect();
    const width = Math.max(area.right, box.right) - Math.min(area.left, box.left);
    const height = Math.max(area.bottom, box.bottom) - Math.min(area.top, box.top);
    if (width < tap - 0.5 || height < tap - 0.5) {
      problems.push(`${name} is ${Math.round(width)}×${Math.round(height)} px to tap`);
    }
  }
  return problems;
"""


def misplaced_choices(page) -> list[str]:
    """Every visible radio and checkbox sits left of its label on the label's row, and the
    row (label and box together) is at least 44 × 44 px to tap."""
    return page.evaluate(_function("tap", _CHOICES), TAP)


_SMALL = """
  return elements.filter(visible).map((el) => [el, el.getBoundingClientRect()])
    .filter(([, box]) => box.width < tap - 0.5 || box.height < tap - 0.5)
    .map(([el, box]) => `"${(el.textContent.trim() || el.name || el.type).slice(0, 30)}" is `
      + `${Math.round(box.width)}×${Math.round(box.height)} px`);
"""


def small_tap_targets(page, selector: str) -> list[str]:
    """Every visible element the selector names is at least 44 × 44 px."""
    return page.eval_on_selector_all(selector, _function("elements, tap", _SMALL), TAP)


_CHART_TEXT = """
  const problems = [];
  for (const svg of document.querySelectorAll("svg[viewBox]")) {
    const view = svg.viewBox.baseVal;
    // The nearest box that would hide what sticks out (a scroller), else the screen.
    let clip = svg.parentElement;
    while (clip && getComputedStyle(clip).overflowX === "visible") clip = clip.parentElement;
    const shown = clip ? clip.getBoundingClientRect() : {left: 0, right: innerWidth};
    const left = Math.max(shown.left, 0) - 0.5;
    const right = Math.min(shown.right, innerWidth) + 0.5;
    for (const text of svg.querySelectorAll("text")) {
      const b = text.getBBox();
      const name = `"${text.textContent.trim().slice(0, 30)}"`;
      if (b.x < view.x - 0.5 || b.y < view.y - 0.5 || b.x + b.width > view.x + view.width + 0.5
          || b.y + b.height > view.y + view.height + 0.5) {
        problems.push(`${name} runs outside its chart`);
      } else if (visible(text)) {
        const box = text.getBoundingClientRect();
        if (box.left < left || box.right > right) problems.push(`${name} is cut off`);
      }
    }
  }
  return problems;
"""


def clipped_chart_text(page) -> list[str]:
    """No text of an SVG chart falls outside the chart's viewBox, nor outside the box that
    shows the chart (a scroller hides it until someone thinks of scrolling)."""
    return page.evaluate(_function("", _CHART_TEXT))


_KOREAN = """
  const problems = [];
  const style = getComputedStyle(document.body);
  if (style.wordBreak !== "keep-all") problems.push(`the body's word-break is ${style.wordBreak}`);
  const hangul = /[\\uac00-\\ud7a3]/;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent;
    if (!hangul.test(text)) continue;
    if (node.parentElement.closest("script, style, svg, .visually-hidden")) continue;
    let before = null;
    for (let i = 0; i < text.length; i++) {
      if (!hangul.test(text[i])) { before = null; continue; }
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      if (!box.height) { before = null; continue; }
      if (before && box.top >= before.bottom - 1) {
        problems.push(`a line breaks inside "${text.slice(Math.max(0, i - 6), i + 6).trim()}"`);
      }
      before = box;
    }
  }
  return problems;
"""


def broken_korean_words(page) -> list[str]:
    """Korean breaks between words: keep-all on the body, and no line anywhere on the page
    ends between two syllables of one word."""
    return page.evaluate(_function("", _KOREAN))


_CAPTIONS = """
  const problems = [];
  for (const caption of document.querySelectorAll("caption")) {
    if (!visible(caption)) continue;
    // The nearest box that would hide what sticks out (a scroller), else the screen.
    let clip = caption.parentElement;
    while (clip && getComputedStyle(clip).overflowX === "visible") clip = clip.parentElement;
    const shown = clip ? clip.getBoundingClientRect() : {left: 0, right: innerWidth};
    const left = Math.max(shown.left, 0) - 0.5;
    const right = Math.min(shown.right, innerWidth) + 0.5;
    const range = document.createRange();
    range.selectNodeContents(caption);
    const lines = [...range.getClientRects()].filter((line) => line.width > 1);
    if (lines.some((line) => line.left < left || line.right > right)) {
      problems.push(`the caption "${caption.textContent.trim().slice(0, 30)}" is cut off`);
    }
  }
  return problems;
"""


def cut_off_captions(page) -> list[str]:
    """A table's caption is read whole where the page opens: a table wider than the screen
    scrolls sideways, but its caption never runs past the scroller's edge."""
    return page.evaluate(_function("", _CAPTIONS))


def check_layout(page) -> list[str]:
    """The checks that hold on every page at every width."""
    return (
        horizontal_overflow(page)
        + misplaced_choices(page)
        + clipped_chart_text(page)
        + cut_off_captions(page)
        + broken_korean_words(page)
    )


def keep_screenshot(page, request, name: str) -> Path:
    """Save the whole page beside the run's other results (var/test-results/pages/)."""
    folder = Path(request.config.getoption("--output")) / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^\w-]+", "-", name)
    path = folder / f"{slug}-{page.viewport_size['width']}.png"
    page.screenshot(path=path, full_page=True)
    return path
