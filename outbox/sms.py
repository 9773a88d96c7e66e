"""Text messages through NHN Cloud's SMS service (its HTTP API v3.0), the one provider
the school speaks to.

Nothing is sent unless the service is configured (`NHN_SMS_APP_KEY`, `NHN_SMS_SECRET_KEY`
and `NHN_SMS_SENDER`, a sending number registered with NHN Cloud) and the person gave a
mobile number with its own consent (My account → 알림 설정). The outbox queues each text
as it queues e-mail and the worker sends it here, with the same retries.

The protocol, as NHN Cloud publishes it (TOAST-DOCS/SMS, ko/api-guide.md, "API v3.0"):
POST {base}/sms/v3.0/appKeys/{appKey}/sender/sms (or /sender/mms for a long text, with a
title), header X-Secret-Key, a JSON body with `body`, `sendNo` and
`recipientList[].recipientNo`; the answer's `header.isSuccessful` and `resultCode` say
whether the request was taken, and `body.data.sendResultList[].resultCode` whether each
recipient was.
"""

import json
import urllib.error
import urllib.request

from django.conf import settings

# A short message holds 90 bytes in EUC-KR (45 Hangul); longer ones go as a long message.
SHORT_BYTES = 90
TIMEOUT = 10


class SmsError(Exception):
    """The provider refused or could not be reached: the outbox retries later."""


def configured() -> bool:
    return bool(
        settings.NHN_SMS_APP_KEY and settings.NHN_SMS_SECRET_KEY and settings.NHN_SMS_SENDER
    )


def normalise(number: str) -> str:
    """Digits only, as the provider takes a Korean number (010-1234-5678 → 01012345678)."""
    return "".join(c for c in number if c.isdigit())


def _fits_short(text: str) -> bool:
    return len(text.encode("euc-kr", errors="replace")) <= SHORT_BYTES


def send(number: str, text: str, *, title: str = "") -> str:
    """Send one text; return the provider's request id, or raise SmsError."""
    if not configured():
        raise SmsError("Text messages are not configured.")
    short = _fits_short(text)
    payload = {
        "body": text,
        "sendNo": normalise(settings.NHN_SMS_SENDER),
        "recipientList": [{"recipientNo": normalise(number)}],
    }
    if not short:
        payload["title"] = title[:20] or settings.WAGTAIL_SITE_NAME
    url = (
        f"{settings.NHN_SMS_URL.rstrip('/')}/sms/v3.0/appKeys/{settings.NHN_SMS_APP_KEY}"
        f"/sender/{'sms' if short else 'mms'}"
    )
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json;charset=UTF-8",
            "X-Secret-Key": settings.NHN_SMS_SECRET_KEY,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            answer = json.load(response)
    except (urllib.error.URLError, TimeoutError, ValueError) as error:
        raise SmsError(f"NHN Cloud SMS could not be reached: {error}") from error
    header = answer.get("header") or {}
    if not header.get("isSuccessful"):
        raise SmsError(
            f"NHN Cloud SMS refused: {header.get('resultCode')} {header.get('resultMessage')}"
        )
    data = (answer.get("body") or {}).get("data") or {}
    for result in data.get("sendResultList") or []:
        if result.get("resultCode") != 0:
            raise SmsError(
                f"NHN Cloud SMS refused {result.get('recipientNo')}: "
                f"{result.get('resultCode')} {result.get('resultMessage')}"
            )
    return str(data.get("requestId", ""))
