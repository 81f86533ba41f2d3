from django.urls import reverse


def test_the_trials_urlconf_serves_the_floor_beside_the_project(caseworker, client, settings):
    settings.ROOT_URLCONF = "casework.benchmark_urls"
    client.force_login(caseworker)
    assert client.get("/benchmark/floor/").status_code == 200
    assert client.get(reverse("home")).status_code == 200


def test_productions_urlconf_has_no_floor(caseworker, client):
    client.force_login(caseworker)
    assert client.get("/benchmark/floor/").status_code == 404
