"""Links and attachments that ask the reader to sign in, download or run something.

A brand's first offer needs none of these; credential phishing ("log in with your Instagram to
confirm") and malware ("download the press kit: launcher inside") need one. The automatic-send
gate holds a reply to such mail as a draft, whatever the engine read. The check looks at the
shape of URLs and file names, so it needs no language.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from repflow.mail.models import InboundEmail

__all__ = ["risky_links"]

#: URLs in text or HTML attributes (bounded: linear on any input).
_URL = re.compile(r"(?i)\b(?:https?|hxxps?)://[^\s\"'<>()\[\]{}]{1,2000}")
#: Files that run, install or hide what they carry.
_RISKY_FILE = re.compile(
    r"(?i)\.(?:exe|msi|scr|bat|cmd|pif|vbs|js|jar|apk|aab|ipa|dmg|pkg|app|iso|img|"
    r"zip|rar|7z|tar|gz|tgz|xz|cab|ps1|sh|lnk|hta|docm|xlsm|pptm)$"
)
#: Path or host words of sign-in and account-confirmation pages.
_SIGN_IN = re.compile(
    r"(?i)(?:^|[/._=?&-])(?:log-?in|sign-?in|signon|auth|oauth2?|sso|verify|verification|"
    r"validate|account|accounts|password|wallet|connect|authorize|confirm)(?:$|[/._=?&-])"
)
_MAX_SCAN = 500_000


def _urls(text: str) -> list[str]:
    return [match.group(0) for match in _URL.finditer(text[:_MAX_SCAN])]


def risky_links(email: InboundEmail) -> tuple[str, ...]:
    """What in ``email`` asks the reader to sign in, download or run something.

    Args:
        email: The parsed message (text, HTML and attachment names are read).

    Returns:
        Short reasons (no full URLs), empty when nothing was found.
    """
    reasons: list[str] = []
    for url in dict.fromkeys((*_urls(email.text), *_urls(email.html or ""))):
        rest = url.split("://", 1)[1]
        host, _, path = rest.partition("/")
        path = unquote(path.split("#", 1)[0])
        file_part = path.split("?", 1)[0].rstrip("/")
        if _RISKY_FILE.search(file_part):
            reasons.append(f"a link to a {file_part.rpartition('.')[2].lower()} file")
        elif _SIGN_IN.search(f"/{path}") or _SIGN_IN.search(host.split(":", 1)[0].lower()):
            reasons.append(f"a sign-in link on {host.lower()[:80]}")
    for attachment in email.attachments:
        name = (attachment.filename or "").strip().lower()
        if _RISKY_FILE.search(name):
            reasons.append(f"an attached {name.rpartition('.')[2]} file")
    return tuple(dict.fromkeys(reasons))
