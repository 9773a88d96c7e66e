"""One list of hostile inputs, run through every place that shows user-written text."""

from bs4 import BeautifulSoup

XSS_PAYLOADS = [
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="javascript:alert(1)"></iframe>',
    "[link](javascript:alert(1))",
    "[link](JAVASCRIPT:alert(1))",
    "[link](java\tscript:alert(1))",
    "[link](vbscript:msgbox(1))",
    "[link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![pic](data:image/png;base64,iVBORw0KGgo=)",
    "![pic](javascript:alert(1))",
    '<div onmouseover="alert(1)">hover</div>',
    "<a href='data:text/html,<script>alert(1)</script>'>x</a>",
]

_DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")


def assert_inert(html: str) -> None:
    """Fail if the HTML could run script: script tags, handlers, or script-bearing URLs."""
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "iframe", "object", "embed", "svg"]), html
    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            assert not attribute.lower().startswith("on"), f"{attribute} in {element}"
            if attribute in {"href", "src", "action", "formaction", "xlink:href"}:
                compact = "".join(str(value).split()).lower()
                assert not compact.startswith(_DANGEROUS_SCHEMES), f"{attribute}={value!r}"
