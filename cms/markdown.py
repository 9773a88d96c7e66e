"""Render lesson Markdown to HTML that can carry no script.

Raw HTML is off (it is escaped, not passed through) and every link and image URL must be
relative or use an allowed scheme, so `javascript:` and `data:` URLs never become links.
"""

from urllib.parse import urlsplit

from markdown_it import MarkdownIt

ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}


def is_safe_url(url: str) -> bool:
    # Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
    cleaned = "".join(ch for ch in url if ch > " " and ch != "\x7f").lower()
    scheme = urlsplit(cleaned).scheme
    if not scheme:
        return ":" not in cleaned.split("/", 1)[0]
    return scheme in ALLOWED_SCHEMES


def _build() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = is_safe_url

    def link_open(renderer, tokens, idx, options, env):
        token = tokens[idx]
        if urlsplit(token.attrGet("href") or "").scheme in {"http", "https"}:
            token.attrSet("rel", "noopener noreferrer nofollow")
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    return md


_markdown = _build()


def render_markdown(text: str) -> str:
    return _markdown.render(text or "")
