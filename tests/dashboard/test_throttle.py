"""Sign-in throttling per account and per client address; a known device keeps its way in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx2

from repflow.api.dashboard.auth import DEVICE_COOKIE
from tests.dashboard.conftest import BASE, Dash
from tests.dashboard.helpers import ADMIN, MAYA, OTHER, PASSWORD, csrf_of


@asynccontextmanager
async def browser(dash: Dash, address: str) -> AsyncIterator[httpx2.AsyncClient]:
    """Another browser, on another client address, of the same app."""
    app = dash.client._transport.app  # type: ignore[attr-defined]
    transport = httpx2.ASGITransport(app=app, client=(address, 40000))
    async with httpx2.AsyncClient(transport=transport, base_url=BASE) as client:
        yield client


async def signin(client: httpx2.AsyncClient, email: str, password: str) -> int:
    page = await client.get("/dashboard/signin")
    response = await client.post(
        "/dashboard/signin",
        data={"csrf_token": csrf_of(page.text), "email": email, "password": password},
    )
    return response.status_code


async def test_failures_from_one_address_are_throttled_across_accounts(dash: Dash) -> None:
    dash.dashboard.address_throttle._max = 4
    async with browser(dash, "203.0.113.7") as attacker:
        for email in ("a@example.com", "b@example.com", MAYA, OTHER):
            assert await signin(attacker, email, "wrong password") == 401
        # the address is spent, even for an account it never tried, even with the password
        assert await signin(attacker, ADMIN, PASSWORD) == 429
    async with browser(dash, "198.51.100.2") as elsewhere:
        assert await signin(elsewhere, ADMIN, PASSWORD) == 303  # other addresses are not


async def test_wrong_passwords_elsewhere_do_not_lock_the_owner_out_of_a_known_device(
    dash: Dash,
) -> None:
    dash.dashboard.throttle._max = 3
    async with browser(dash, "192.0.2.10") as owner:
        assert await signin(owner, MAYA, PASSWORD) == 303
        assert owner.cookies.get(DEVICE_COOKIE)
        await owner.post(
            "/dashboard/signout",
            data={"csrf_token": csrf_of((await owner.get("/dashboard/signin")).text)},
        )
        for number in range(3):
            async with browser(dash, f"203.0.113.{number + 1}") as attacker:
                assert await signin(attacker, MAYA, "guess guess") == 401
        async with browser(dash, "203.0.113.50") as attacker:
            assert await signin(attacker, MAYA, PASSWORD) == 429  # the account is locked...
        assert await signin(owner, MAYA, PASSWORD) == 303  # ...but not on the owner's device
        assert (await owner.get("/dashboard/c/maya/inbox")).status_code == 200
        async with browser(dash, "203.0.113.51") as attacker:
            assert await signin(attacker, MAYA, PASSWORD) == 429  # and still locked elsewhere


async def test_a_device_cookie_of_another_account_or_forged_does_not_exempt(dash: Dash) -> None:
    dash.dashboard.throttle._max = 2
    async with browser(dash, "192.0.2.20") as other:
        assert await signin(other, OTHER, PASSWORD) == 303
        sams_device = other.cookies.get(DEVICE_COOKIE)
    assert sams_device
    async with browser(dash, "203.0.113.9") as attacker:
        for _ in range(2):
            assert await signin(attacker, MAYA, "nope nope") == 401
    for cookie in (sams_device, sams_device[:-3] + "abc", "garbage"):
        async with browser(dash, "192.0.2.21") as client:
            client.cookies.set(DEVICE_COOKIE, cookie, path="/dashboard/")
            assert await signin(client, MAYA, PASSWORD) == 429


async def test_the_device_cookie_is_httponly_and_scoped(dash: Dash) -> None:
    response = await dash.signin()
    cookies = [v for k, v in response.headers.multi_items() if k == "set-cookie"]
    device = next(c for c in cookies if c.startswith(f"{DEVICE_COOKIE}="))
    lowered = device.lower()
    assert "httponly" in lowered
    assert "samesite=lax" in lowered
    assert "path=/dashboard/" in lowered
    assert MAYA not in device


async def test_the_owners_device_is_not_locked_by_its_address_nor_by_the_account(
    dash: Dash,
) -> None:
    dash.dashboard.throttle._max = 3
    dash.dashboard.address_throttle._max = 3
    shared = "192.0.2.77"  # the owner and an attacker behind the same address (NAT, proxy)
    async with browser(dash, shared) as owner:
        assert await signin(owner, MAYA, PASSWORD) == 303
        async with browser(dash, shared) as attacker:
            for _ in range(3):
                assert await signin(attacker, MAYA, "guess guess") == 401
            assert await signin(attacker, MAYA, PASSWORD) == 429
        assert await signin(owner, MAYA, PASSWORD) == 303


async def test_a_known_devices_own_failures_are_limited(dash: Dash) -> None:
    dash.dashboard.throttle._max = 3
    async with browser(dash, "192.0.2.88") as device:
        assert await signin(device, MAYA, PASSWORD) == 303
        for _ in range(3):
            assert await signin(device, MAYA, "typo typo") == 401
        assert await signin(device, MAYA, PASSWORD) == 429
    async with browser(dash, "192.0.2.89") as elsewhere:
        assert await signin(elsewhere, MAYA, PASSWORD) == 303  # the account itself is not locked
