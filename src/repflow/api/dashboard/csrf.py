"""CSRF protection: a per-session token, echoed by every form, checked on every POST.

The token lives in the signed session cookie (:class:`~repflow.api.dashboard.auth.Session`)
and is rendered into each form as a hidden ``csrf_token`` field; htmx requests may send it in
the ``X-CSRF-Token`` header instead. A POST whose token is missing or differs is refused with
403 before the route runs. The check is installed as a dependency of the whole dashboard
router, so no POST route can forget it. A new token is issued at sign-in.
"""

from __future__ import annotations

import hmac

from starlette.datastructures import FormData

__all__ = ["CSRF_FIELD", "CSRF_HEADER", "csrf_ok"]

#: The hidden form field.
CSRF_FIELD = "csrf_token"
#: The header alternative (htmx requests without a form).
CSRF_HEADER = "x-csrf-token"


def csrf_ok(expected: str | None, form: FormData, header: str | None) -> bool:
    """Whether a request carries the session's CSRF token.

    Args:
        expected: The session's token (None when the request has no valid session).
        form: The parsed form of the request.
        header: The ``X-CSRF-Token`` header, if any.

    Returns:
        True when the form field (or, failing that, the header) equals ``expected``,
        compared in constant time.
    """
    if not expected:
        return False
    submitted = form.get(CSRF_FIELD)
    if not isinstance(submitted, str) or not submitted:
        submitted = header or ""
    if not submitted:
        return False
    return hmac.compare_digest(submitted.encode("utf-8"), expected.encode("utf-8"))
