"""Keep secrets that travel in URLs out of the logs."""

import logging
import re

# A personal calendar feed's address carries its token: /calendar/u/<token>.ics
_FEED_TOKEN = re.compile(r"(/calendar/u/)[^/.\s\"'?]+")


def mask(text: str) -> str:
    return _FEED_TOKEN.sub(r"\1[token]", text)


class MaskFeedTokens(logging.Filter):
    """Rewrite a record's message with feed tokens masked (request lines, 404 warnings)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
