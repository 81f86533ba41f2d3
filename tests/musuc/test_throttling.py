"""Sign-in throttling: per username and address, per address, and the address behind a proxy."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.musuc.factories import PASSWORD

ATTACKER = "198.51.100.7"
COLLEAGUE = "198.51.100.8"
PROXY = "10.0.0.2"


def _sign_in(client, username, password, **meta):
    return client.post(reverse("sign-in"), {"username": username, "password": password}, **meta)


def _spray(client, failures, **meta):
    """Wrong passwords spread over usernames, each below the per-username limit."""
    per_username = settings.AXES_FAILURE_LIMIT - 1
    for attempt in range(failures):
        _sign_in(client, f"guess{attempt // per_username}", "wrong", **meta)


def test_an_address_spraying_many_usernames_is_locked_for_all_of_them(client, caseworker):
    _spray(client, settings.SIGN_IN_ADDRESS_FAILURE_LIMIT, REMOTE_ADDR=ATTACKER)
    response = _sign_in(client, "caseworker", PASSWORD, REMOTE_ADDR=ATTACKER)
    assert response.status_code == 429


def test_a_sprayed_address_does_not_lock_out_other_addresses(client, caseworker):
    _spray(client, settings.SIGN_IN_ADDRESS_FAILURE_LIMIT, REMOTE_ADDR=ATTACKER)
    response = _sign_in(client, "caseworker", PASSWORD, REMOTE_ADDR=COLLEAGUE)
    assert response.status_code == 302


def test_fewer_failures_than_the_address_limit_lock_no_one_else(client, caseworker):
    _spray(client, settings.SIGN_IN_ADDRESS_FAILURE_LIMIT - 1, REMOTE_ADDR=ATTACKER)
    response = _sign_in(client, "caseworker", PASSWORD, REMOTE_ADDR=ATTACKER)
    assert response.status_code == 302


def test_five_failures_for_one_username_still_lock_it_from_that_address(client, caseworker):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "caseworker", "wrong", REMOTE_ADDR=ATTACKER)
    assert _sign_in(client, "caseworker", PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 429


def test_the_limits_are_five_per_username_and_twenty_per_address():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.SIGN_IN_ADDRESS_FAILURE_LIMIT == 20


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_TLS_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1


def _via_proxy(client_address, sent_by_client=""):
    forwarded = f"{sent_by_client}, {client_address}" if sent_by_client else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


def test_behind_the_proxy_one_client_cannot_lock_a_user_out_for_everyone(
    client, caseworker, behind_proxy
):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "caseworker", "wrong", **_via_proxy(ATTACKER))
    assert _sign_in(client, "caseworker", PASSWORD, **_via_proxy(ATTACKER)).status_code == 429
    assert _sign_in(client, "caseworker", PASSWORD, **_via_proxy(COLLEAGUE)).status_code == 302


def test_behind_the_proxy_addresses_the_client_wrote_are_not_believed(
    client, caseworker, behind_proxy
):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        spoofed = f"203.0.113.{attempt}"
        _sign_in(client, "caseworker", "wrong", **_via_proxy(ATTACKER, sent_by_client=spoofed))
    assert _sign_in(client, "caseworker", PASSWORD, **_via_proxy(ATTACKER)).status_code == 429


def test_with_two_trusted_proxies_the_second_entry_from_the_right_is_the_client(rf, settings):
    from musuc.throttling import client_address

    settings.BEHIND_TLS_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 2
    request = rf.get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"203.0.113.9, {ATTACKER}, 10.0.0.1"
    )
    assert client_address(request) == ATTACKER


def test_behind_the_proxy_a_garbled_entry_falls_back_to_the_connection(rf, behind_proxy):
    from musuc.throttling import client_address

    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_address(request) == PROXY


def test_without_the_proxy_the_forwarded_header_is_ignored(client, caseworker, settings):
    settings.BEHIND_TLS_PROXY = False
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(
            client,
            "caseworker",
            "wrong",
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}",
        )
    response = _sign_in(
        client, "caseworker", PASSWORD, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=COLLEAGUE
    )
    assert response.status_code == 429


def test_administrators_see_a_sprayed_address_and_clear_it(client, administrator, caseworker):
    from axes.models import AccessAttempt

    from musuc.models import SecurityEvent

    _spray(client, settings.SIGN_IN_ADDRESS_FAILURE_LIMIT, REMOTE_ADDR=ATTACKER)
    client.force_login(administrator)
    page = client.get(reverse("admin:musuc_lockout_changelist")).content.decode()
    assert ATTACKER in page
    attempt = AccessAttempt.objects.filter(ip_address=ATTACKER).first()
    client.post(
        reverse("admin:musuc_lockout_changelist"),
        {"action": "clear", "_selected_action": [attempt.pk]},
    )
    assert not AccessAttempt.objects.filter(ip_address=ATTACKER).exists()
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOCK_CLEARED)
    assert (event.actor, event.detail) == (administrator, ATTACKER)
    client.logout()
    assert _sign_in(client, "caseworker", PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 302
