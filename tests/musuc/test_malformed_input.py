"""Input no form or page expects is a form error or a 400/404, never a server error."""

import pytest
from django.urls import reverse

from musuc.forms import GovukDateField
from tests.contacts.factories import ServiceUserFactory
from tests.disputes.factories import QSR
from tests.musuc.factories import UserFactory


@pytest.mark.parametrize(
    "year",
    [
        "99999999999999999999",  # too large for a C int: OverflowError, not ValueError
        "20_24",  # int() accepts underscores
        "٢٠٢٤",  # and digits from other scripts
        "+2024",
        "-2024",
        "10000",
    ],
)
def test_a_year_that_is_not_four_digits_is_a_form_error(year):
    field = GovukDateField()
    with pytest.raises(Exception, match="Enter a real date") as raised:
        field.clean(["1", "2", year])
    assert raised.typename == "ValidationError"


def test_the_date_field_still_accepts_a_real_date():
    assert GovukDateField().clean([" 7 ", "03", "1980"]).isoformat() == "1980-03-07"


def test_an_enormous_year_on_a_form_shows_the_error_summary(caseworker_client):
    response = caseworker_client.post(
        reverse("contacts:service-user-create"),
        {
            "first_name": "Aled",
            "last_name": "Rees",
            "date_of_birth_0": "1",
            "date_of_birth_1": "2",
            "date_of_birth_2": "99999999999999999999",
            "preferred_language": "en",
            "preferred_format": "standard",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter a real date" in body


def test_a_nul_byte_in_the_search_is_a_bad_request(caseworker_client):
    response = caseworker_client.get(reverse("contacts:search") + "?q=a%00b")
    assert response.status_code == 400
    assert "Sorry, there is a problem with your request" in response.content.decode()


def test_a_nul_byte_in_a_case_file_reference_is_a_bad_request(caseworker_client):
    ServiceUserFactory()
    assert caseworker_client.get("/service-users/SU%00X/").status_code == 400


def test_a_nul_byte_in_a_parameter_name_is_a_bad_request(caseworker_client):
    assert caseworker_client.get(reverse("contacts:search") + "?q%00=a").status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:disputes_dispute_add") + "?reference=SU%00",
        reverse("admin:disputes_dispute_changelist") + "?outcome=%00",
    ],
)
def test_a_nul_byte_in_the_dispute_admin_is_a_bad_request(client_for, db, url):
    client = client_for(UserFactory(role=QSR))
    assert client.get(url).status_code == 400


def test_a_nul_byte_in_a_posted_form_field_is_a_form_error(caseworker_client):
    response = caseworker_client.post(
        reverse("contacts:service-user-create"),
        {"first_name": "A\x00", "last_name": "Rees", "preferred_language": "en"},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
