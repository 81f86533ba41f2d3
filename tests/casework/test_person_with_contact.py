"""Adding a caller who is not on the system and logging their contact, on one page."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework import contact_views
from contacts.forms import ServiceUserForm
from contacts.models import Contact, ServiceUser
from tests.contacts.factories import ServiceUserFactory
from tests.contacts.test_views import contact_post
from tests.musuc.factories import UserFactory

URL = reverse("contacts:service-user-create-with-contact")


def _post(caseworker, *, person=None, **contact):
    """The page's two forms as posted: the person's fields prefixed ``person-``."""
    details = {"first_name": "Nia", "last_name": "Howells", "preferred_language": "en"}
    details |= {"preferred_format": "standard", **(person or {})}
    return {
        **{f"person-{name}": value for name, value in details.items()},
        **contact_post(caseworker, **{"channel": "phone", **contact}),
    }


@pytest.mark.parametrize(
    ("query", "initial"),
    [
        ("jo smith", {"first_name": "Jo", "last_name": "Smith"}),
        ("  Jo   Smith ", {"first_name": "Jo", "last_name": "Smith"}),
        ("rhian morgan-hughes", {"first_name": "Rhian", "last_name": "Morgan-Hughes"}),
        ("mary ann jones", {"first_name": "Mary", "last_name": "Ann Jones"}),
        ("Ffion McDonald", {"first_name": "Ffion", "last_name": "McDonald"}),
        ("smith", {"last_name": "Smith"}),
        ("Jo.Smith@Example.com", {"email": "Jo.Smith@Example.com"}),
        ("+44 7700 900123", {"phone": "+44 7700 900123"}),
        ("07700 900123", {"phone": "07700 900123"}),
        ("cf10 1aa", {"postcode": "CF10 1AA"}),
        ("SU-ABC234", {}),
        ("", {}),
    ],
)
def test_what_was_searched_for_is_read_as_the_search_read_it(query, initial):
    assert ServiceUserForm.initial_from_search(query) == initial


def test_a_single_word_is_taken_for_the_last_name(caseworker_client):
    body = caseworker_client.get(URL, {"q": "howells"}).content.decode()
    assert re.search(r'name="person-last_name"[^>]*value="Howells"', body)
    assert not re.search(r'name="person-first_name"[^>]*value=', body)


def test_the_name_searched_for_is_already_filled_in(caseworker_client):
    body = caseworker_client.get(URL, {"q": "nia howells"}).content.decode()
    assert re.search(r'name="person-first_name"[^>]*value="Nia"', body)
    assert re.search(r'name="person-last_name"[^>]*value="Howells"', body)


def test_a_postcode_searched_for_unfolds_the_address(caseworker_client):
    folded = caseworker_client.get(URL, {"q": "nia howells"}).content.decode()
    unfolded = caseworker_client.get(URL, {"q": "cf10 1aa"}).content.decode()
    assert re.search(r'data-testid="person-folded"\s*>', folded)
    assert re.search(r'data-testid="person-folded"\s+open>', unfolded)


@time_machine.travel(dt.datetime(2026, 5, 4, 9, 30, tzinfo=dt.UTC), tick=False)
def test_the_contact_starts_as_on_log_a_contact(caseworker_client, caseworker):
    person = ServiceUserFactory()
    logging = caseworker_client.get(reverse("contacts:contact-create", args=[person.reference]))
    response = caseworker_client.get(URL)
    form = response.context["form"]
    # The same, less where to go after logging: the new person's case file, always.
    assert form.initial == {
        name: value
        for name, value in logging.context["form"].initial.items()
        if name != "after_logging"
    }
    assert form.initial["received_by"] == [caseworker]
    assert form.initial["teams"] == [caseworker.team]
    assert form["direction"].value() == "inbound"
    assert form.initial["occurred_time"] == dt.time(10, 30)  # Europe/London in summer


def test_the_person_and_the_contact_are_saved_and_the_case_file_says_so(
    caseworker_client, caseworker
):
    response = caseworker_client.post(URL, _post(caseworker), follow=True)
    person = ServiceUser.objects.get()
    contact = person.contacts.get()
    assert response.redirect_chain[-1][0] == person.get_absolute_url()
    assert (person.created_by, contact.logged_by, contact.channel) == (
        caseworker,
        caseworker,
        "phone",
    )
    [message] = [str(m) for m in response.context["messages"]]
    assert f"Service user added: reference {person.reference}." in message
    assert "Contact logged: Phone," in message


def test_an_unacceptable_contact_points_to_the_warnings(caseworker_client, caseworker):
    data = _post(
        caseworker,
        assessment="unacceptable",
        behaviours=["harassment"],
        impacts=["staff_harmed"],
    )
    response = caseworker_client.post(URL, data, follow=True)
    person = ServiceUser.objects.get()
    body = response.content.decode()
    assert "It was unacceptable." in body
    assert reverse("restrictions:case-file", args=[person.reference]) in body


def test_likely_matches_are_shown_before_anyone_is_added(caseworker_client, caseworker):
    existing = ServiceUserFactory(first_name="Nia", last_name="Howells")
    response = caseworker_client.post(URL, _post(caseworker))
    assert response.status_code == 200
    assert [match.person for match in response.context["duplicates"]] == [existing]
    assert ServiceUser.objects.count() == 1
    assert not Contact.objects.exists()
    body = response.content.decode()
    assert "Add as a new service user and log the contact" in body
    # What was typed is kept, and the check is not made twice for the same details.
    assert "Asked for an update on their complaint." in body
    person_form = response.context["person_form"]
    assert person_form["duplicates_checked"].value() == person_form.duplicate_signature()


def test_after_the_matches_the_same_details_add_the_person(caseworker_client, caseworker):
    ServiceUserFactory(first_name="Nia", last_name="Howells")
    shown = caseworker_client.post(URL, _post(caseworker)).context["person_form"]
    data = _post(caseworker, person={"duplicates_checked": shown.duplicate_signature()})
    response = caseworker_client.post(URL, data)
    added = ServiceUser.objects.latest("created_at")
    assert response.url == added.get_absolute_url()
    assert added.contacts.count() == 1


def test_changed_details_are_checked_again(caseworker_client, caseworker):
    ServiceUserFactory(first_name="Nia", last_name="Howells")
    ServiceUserFactory(first_name="Nia", last_name="Howell")
    shown = caseworker_client.post(URL, _post(caseworker)).context["person_form"]
    data = _post(
        caseworker,
        person={"last_name": "Howell", "duplicates_checked": shown.duplicate_signature()},
    )
    response = caseworker_client.post(URL, data)
    assert [match.person.last_name for match in response.context["duplicates"]] == ["Howell"]


def test_each_match_can_have_the_contact_logged_for_them_instead(caseworker_client, caseworker):
    existing = ServiceUserFactory(first_name="Nia", last_name="Howells")
    body = caseworker_client.post(URL, _post(caseworker)).content.decode()
    button = re.search(r"<button[^>]*name=\"carry_over\"[^>]*>([^<]*)</button>", body)
    assert f'formaction="{reverse("contacts:contact-create", args=[existing.reference])}"' in (
        button.group(0)
    )
    assert 'form="person-and-contact"' in button.group(0)
    assert button.group(1).strip() == f"Log the contact for {existing.full_name} instead"


def test_the_contact_carried_to_a_match_is_shown_as_typed_and_not_logged(
    caseworker_client, caseworker
):
    existing = ServiceUserFactory(first_name="Nia", last_name="Howells")
    response = caseworker_client.post(
        reverse("contacts:contact-create", args=[existing.reference]),
        {**_post(caseworker, summary="Rang about the letter."), "carry_over": "1"},
    )
    assert response.status_code == 200
    assert not response.context["form"].errors
    assert "Rang about the letter." in response.content.decode()
    assert not Contact.objects.exists()


def test_errors_in_both_parts_are_in_one_summary_and_nothing_typed_is_lost(
    caseworker_client, caseworker
):
    data = _post(caseworker, person={"first_name": "", "town": "Aberystwyth"}, channel="")
    response = caseworker_client.post(URL, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('class="govuk-error-summary"') == 1
    summary = body.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    assert '<a href="#id_person-first_name">Enter their first name</a>' in summary
    assert '<a href="#id_channel_0">Select the channel</a>' in summary
    assert summary.index("Enter their first name") < summary.index("Select the channel")
    assert "<title>Error:" in body
    assert re.search(r'name="person-last_name"[^>]*value="Howells"', body)
    assert "Asked for an update on their complaint." in body
    # The folded part holds something typed, so it is open.
    assert re.search(r'data-testid="person-folded"\s+open>', body)
    assert not ServiceUser.objects.exists()


def test_a_refused_form_asks_for_the_files_again(caseworker_client, caseworker):
    data = _post(caseworker, person={"last_name": ""})
    data["attachments"] = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 a letter")
    response = caseworker_client.post(URL, data)
    assert response.context["form"].errors["attachments"] == [
        "Select the files again: they were not kept"
    ]


def test_each_part_of_a_refusal_is_shown_beside_its_own_fields(
    caseworker_client, caseworker, monkeypatch
):
    def refuse(**kwargs):
        raise ValidationError({"email": ["Email refused"], "summary": ["Summary refused"]})

    monkeypatch.setattr(contact_views.intake, "service_user_add_with_contact", refuse)
    response = caseworker_client.post(URL, _post(caseworker))
    assert response.context["person_form"].errors["email"] == ["Email refused"]
    assert response.context["form"].errors["summary"] == ["Summary refused"]


def test_finding_staff_judges_neither_part(caseworker_client, caseworker):
    UserFactory(first_name="Zebedee")
    data = {**_post(caseworker, person={"first_name": ""}), "find": "received_by"}
    data["received_by_query"] = "Zeb"
    response = caseworker_client.post(URL, data)
    assert not response.context["form"].errors
    assert not response.context["person_form"].errors
    assert "Zebedee" in response.content.decode()
    assert not ServiceUser.objects.exists()


@pytest.mark.parametrize(
    ("codenames", "status"),
    [
        (["add_serviceuser", "add_contact"], 200),
        (["add_serviceuser"], 403),
        (["add_contact"], 403),
    ],
)
def test_the_page_needs_both_adding_a_person_and_logging_a_contact(db, client, codenames, status):
    # Permissions come from a role's group only: a group holding just these.
    group = Group.objects.create(name="Holds " + " and ".join(codenames))
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="contacts", codename__in=codenames)
    )
    user = UserFactory()
    user.groups.add(group)
    client.force_login(user)
    assert client.get(URL).status_code == status


def test_a_search_that_finds_nobody_offers_to_add_them_with_the_contact(caseworker_client):
    body = caseworker_client.get(reverse("contacts:search"), {"q": "nia howells"}).content.decode()
    assert "No service users found" in body
    assert f'href="{URL}?q=nia+howells"' in body
    assert "Add this person and log the contact" in body


def test_a_search_that_finds_others_still_offers_to_add_them(caseworker_client):
    ServiceUserFactory(first_name="Nia", last_name="Howells-Price")
    body = caseworker_client.get(reverse("contacts:search"), {"q": "nia howells"}).content.decode()
    assert "1 service user found" in body
    assert f'href="{URL}?q=nia+howells"' in body


def test_staff_who_cannot_add_people_are_not_offered_it(client_for, qsr):
    body = client_for(qsr).get(reverse("contacts:search"), {"q": "nobody"}).content.decode()
    assert "No service users found" in body
    assert URL not in body


def test_the_typed_search_is_kept_for_the_way_back(caseworker_client, caseworker):
    response = caseworker_client.post(
        URL, {**_post(caseworker, person={"first_name": ""}), "q": "nia howells"}
    )
    body = response.content.decode()
    assert f'href="{reverse("contacts:search")}?q=nia%20howells"' in body
