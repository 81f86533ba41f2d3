"""The Log a contact form: its defaults, what it reveals and sets aside, and where it goes next."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts.choices import AfterLogging, Behaviour, Channel, Impact
from contacts.forms import ContactForm
from contacts.models import Contact, LoggingPreference
from tests.contacts.factories import ContactFactory, ServiceUserFactory
from tests.contacts.test_views import PDF, contact_post

pytestmark = pytest.mark.django_db

# What the page's script posts once it has hidden what the answers hide.
SCRIPTED = {ContactForm.HID_UNCHOSEN: "1"}


@pytest.fixture
def person():
    return ServiceUserFactory()


def _form_url(person):
    return reverse("contacts:contact-create", args=[person.reference])


def _initial(client, person):
    return client.get(_form_url(person)).context["form"].initial


def test_the_channel_is_the_one_this_member_of_staff_last_used(
    caseworker_client, caseworker, person
):
    assert _initial(caseworker_client, person)["channel"] == ""
    ContactFactory(logged_by=caseworker, channel=Channel.SECURE_VOICEMAIL)
    ContactFactory(channel=Channel.POST)  # someone else's
    assert _initial(caseworker_client, person)["channel"] == Channel.SECURE_VOICEMAIL


def test_the_other_defaults_are_now_from_the_service_user_to_the_person_logging(
    caseworker_client, caseworker, person
):
    response = caseworker_client.get(_form_url(person))
    form = response.context["form"]
    assert form["direction"].value() == "inbound"
    assert form.initial["received_by"] == [caseworker]
    assert form.initial["teams"] == [caseworker.team]
    assert form.initial["occurred_on"] is not None
    assert form.initial["occurred_time"] is not None
    # Who received it is summed up in the closed details, so the common case needs no click.
    assert f"Received by {caseworker.get_full_name()}" in response.content.decode()


def test_the_details_of_an_unacceptable_contact_are_revealed_under_unacceptable(
    caseworker_client, person
):
    html = caseworker_client.get(_form_url(person)).content.decode()
    revealed = re.search(
        r'id="conditional-id_assessment_1">(.*?)<input[^>]+name="after_logging"', html, re.S
    )
    assert revealed, "the Unacceptable option reveals a block"
    for name in ("behaviours", "impacts", "extremely_unacceptable", "reported_to_police"):
        assert f'name="{name}"' in revealed.group(1)
    assert 'name="handling"' in revealed.group(1)


def test_the_call_length_and_attachments_are_shown_for_their_channels(caseworker_client, person):
    html = caseworker_client.get(_form_url(person)).content.decode()
    assert re.search(
        r'data-shown-for="channel" data-shown-values="phone text_relay">\s*'
        r'<div class="govuk-form-group">\s*<label[^>]+for="id_call_minutes"',
        html,
    )
    attachments = re.search(
        r'data-shown-values="([^"]+)">\s*<div class="govuk-warning-text">', html
    )
    assert attachments
    assert set(attachments.group(1).split()) == {
        "email",
        "post",
        "online_form",
        "secure_voicemail",
        "in_person",
        "social_media",
        "other",
    }


def test_what_the_script_hid_under_unacceptable_is_set_aside_for_an_acceptable_contact(
    caseworker_client, caseworker, person
):
    caseworker_client.post(
        _form_url(person),
        contact_post(
            caseworker,
            behaviours=[Behaviour.THREATS],
            impacts=[Impact.SERVICE_REDUCED],
            extremely_unacceptable="on",
            reported_to_police="on",
            police_force="",
            handling="call_terminated",
            **SCRIPTED,
        ),
    )
    contact = Contact.objects.get()
    assert contact.assessment == "acceptable"
    assert (contact.behaviours, contact.impacts, contact.extremely_unacceptable) == ([], [], False)
    assert (contact.reported_to_police, contact.handling) == (False, "")


def test_without_the_script_every_rule_judges_what_was_posted(
    caseworker_client, caseworker, person
):
    response = caseworker_client.post(
        _form_url(person),
        contact_post(caseworker, behaviours=[Behaviour.THREATS], impacts=[Impact.SERVICE_REDUCED]),
    )
    html = response.content.decode()
    assert "An acceptable contact has no unacceptable behaviours" in html
    assert "An acceptable contact has no impacts" in html
    response = caseworker_client.post(_form_url(person), contact_post(caseworker, call_minutes=5))
    assert "Only a phone or text relay call has a length" in response.content.decode()
    assert not Contact.objects.exists()


def test_the_script_hiding_the_call_length_sets_it_aside(caseworker_client, caseworker, person):
    caseworker_client.post(_form_url(person), contact_post(caseworker, call_minutes=5, **SCRIPTED))
    assert Contact.objects.get().call_minutes is None


def test_what_an_unacceptable_contact_needs_is_still_required_with_the_script(
    caseworker_client, caseworker, person
):
    response = caseworker_client.post(
        _form_url(person), contact_post(caseworker, assessment="unacceptable", **SCRIPTED)
    )
    assert "Select at least one behaviour" in response.content.decode()
    assert not Contact.objects.exists()


def test_a_call_carries_no_attachments(caseworker_client, caseworker, person):
    response = caseworker_client.post(
        _form_url(person),
        contact_post(
            caseworker,
            channel="phone",
            attachments=[SimpleUploadedFile("letter.pdf", PDF)],
            **SCRIPTED,
        ),
    )
    assert response.context["form"].errors["channel"] == [
        "A phone contact carries no attachments: choose the channel the files came by, or "
        "remove them"
    ]
    assert not Contact.objects.exists()


def test_log_another_opens_a_new_form_for_the_same_person(caseworker_client, caseworker, person):
    response = caseworker_client.post(
        _form_url(person), contact_post(caseworker, then="another"), follow=True
    )
    assert response.redirect_chain[-1][0] == _form_url(person)
    assert "Contact logged" in response.content.decode()
    assert Contact.objects.count() == 1


def test_after_logging_it_goes_where_the_caseworker_chose_last_time(
    caseworker_client, caseworker, person
):
    assert _initial(caseworker_client, person)["after_logging"] == AfterLogging.CASE_FILE
    response = caseworker_client.post(
        _form_url(person), contact_post(caseworker, after_logging=AfterLogging.SEARCH)
    )
    assert response.url == reverse("contacts:search")
    assert LoggingPreference.objects.get(user=caseworker).after_logging == AfterLogging.SEARCH
    assert _initial(caseworker_client, person)["after_logging"] == AfterLogging.SEARCH
    response = caseworker_client.post(
        _form_url(person), contact_post(caseworker, after_logging=AfterLogging.CASE_FILE)
    )
    assert response.url == person.get_absolute_url()


def test_a_refused_contact_does_not_change_where_to_go_next(caseworker_client, caseworker, person):
    caseworker_client.post(
        _form_url(person), contact_post(caseworker, summary="", after_logging=AfterLogging.SEARCH)
    )
    assert not LoggingPreference.objects.exists()
