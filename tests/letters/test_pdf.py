"""The PDF is rendered for real by WeasyPrint and read back: its text holds every fact the
policy promises, in the person's language and size of type, tagged for accessibility."""

from __future__ import annotations

import http.server
import threading

import pytest

from letters import rendering, services, wording
from restrictions.rules import review_due_on
from tests.letters import factories as f
from tests.letters.pdfs import reader, text, type_sizes, words
from tests.musuc.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return UserFactory(role="Manager")


def _issued(record, by, **options):
    return services.letter_issue(letter=f.drafted(record, by=by, **options), by=by)


@pytest.fixture
def restriction_letter(manager):
    letter = f.drafted(f.restriction_in_force(), by=manager)
    services.letter_update_draft(
        letter=letter,
        editable={"reasons": "You sent 3 threatening emails; staff felt afraid."},
        by=manager,
    )
    return services.letter_issue(letter=letter, by=manager)


def test_the_restriction_letters_pdf_holds_every_fact_the_policy_promises(restriction_letter):
    term = restriction_letter.restriction.terms.get()
    pdf = text(restriction_letter)
    expected = [
        # The reasons, as edited.
        "You sent 3 threatening emails; staff felt afraid.",
        # Each condition, in plain words.
        "You may contact us only in these ways: email and post, and through our online "
        "complaint and review forms.",
        "You may contact us by phone, secure voicemail, in person and text relay only on these "
        "days: Monday and Wednesday, from 10:00 until 12:00. Calls will last no longer than 20 "
        "minutes.",
        "We will reply to you within 10 working days.",
        "All your contact with us goes through one member of staff: Sam Jones.",
        "We will read what you send us in these ways, but we will not reply to it: email.",
        "We will report further unacceptable contact to the police: South Wales Police, "
        "reference SWP/123/26.",
        "If the behaviour continues during a phone call, our staff may end the call.",
        # The start and end dates, and the review.
        f"from {wording.date('en', term.starts_on)} until {wording.date('en', term.ends_on)}",
        f"tell you the outcome by {wording.date('en', review_due_on(term.ends_on))}",
        # The ways still open, the online complaint and review forms among them.
        "You can still contact us in these ways: Post Whatever the restriction",
        "Our online complaint form, at www.policeconduct.gov.uk",
        "Our online form to request a review of a complaint, at www.policeconduct.gov.uk",
        # The dispute routes: email, secure voicemail, online form, post to QSR.
        "Email feedback@policeconduct.gov.uk",
        "Leave a secure voicemail for the IOPC’s Complaints and Feedback team on 020 7166 3261",
        "Complete our online form, “Feedback about our service”",
        "Write to Quality Standards and Research Team, Independent Office for Police Conduct, "
        "PO Box 473, Sale, M33 0BW",
        "within 20 working days",
        # The sender, the person and the reference.
        "Independent Office for Police Conduct PO Box 473 Sale M33 0BW",
        restriction_letter.service_user.full_name,
        f"Our reference: {restriction_letter.reference}",
    ]

    missing = [fact for fact in expected if words(fact) not in pdf]

    assert missing == []


def test_the_pdf_is_tagged_with_its_language_and_title(restriction_letter):
    pdf = reader(restriction_letter)
    catalogue = pdf.trailer["/Root"]

    assert catalogue["/Lang"] == "en"
    assert catalogue["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in catalogue
    assert pdf.metadata.title == "We are restricting how you can contact the IOPC"
    assert b"pdfuaid:part" in catalogue["/Metadata"].get_object().get_data()


def test_the_pdfs_fonts_are_embedded_local_fonts(restriction_letter):
    fonts = []
    for page in reader(restriction_letter).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.append(str(font["/BaseFont"]).split("+")[-1])

    assert fonts
    assert all(name.startswith(("DejaVu", "Liberation")) for name in fonts)


def test_a_welsh_speaker_gets_a_welsh_pdf(manager):
    letter = _issued(f.restriction_in_force(f.welsh_person()), manager)
    pdf = text(letter)

    assert reader(letter).trailer["/Root"]["/Lang"] == "cy"
    assert "Rydym yn cyfyngu ar y ffyrdd y gallwch gysylltu â’r IOPC" in pdf
    assert "Anfonwch e-bost at feedback@policeconduct.gov.uk" in pdf
    assert "Swyddfa Annibynnol Ymddygiad yr Heddlu" in pdf
    assert "Dear " not in pdf


def test_a_bilingual_pdf_is_welsh_first_then_english(manager):
    letter = _issued(f.restriction_in_force(f.welsh_person(bilingual=True)), manager)
    pdf = text(letter)

    assert pdf.index("Annwyl ") < pdf.index("Dear ")
    assert letter.subject == (
        "Rydym yn cyfyngu ar y ffyrdd y gallwch gysylltu â’r IOPC / "
        "We are restricting how you can contact the IOPC"
    )
    assert letter.text.index("Annwyl ") < letter.text.index("Dear ")


def test_large_print_is_set_in_18_point_type_or_more(manager):
    letter = _issued(f.restriction_in_force(f.person(preferred_format="large_print")), manager)

    assert min(type_sizes(letter)) >= 18


def test_standard_print_is_smaller(restriction_letter):
    assert min(type_sizes(restriction_letter)) < 12


def test_a_warning_letter_says_which_warning_it_is():
    caseworker = UserFactory(role="Caseworker")
    letter = _issued(f.issued_warning(), caseworker)
    pdf = text(letter)

    assert "This is warning 1 of 3." in pdf
    assert "Please speak to staff politely." in pdf
    assert "Harassment" in pdf


def test_a_dispute_outcome_letter_says_stage_2_is_final():
    qsr = UserFactory(role="Quality Standards and Research")
    letter = _issued(f.dispute_decided("not_upheld"), qsr)

    assert words(wording.say("en", "final_stage")) in text(letter)


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the standard library's name
        type(self).requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_nothing_remote_is_fetched_while_rendering():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_port}"
    html = (
        f'<html lang="en"><head><title>T</title><link rel="stylesheet" href="{address}/s.css">'
        f'<style>@font-face {{ font-family: X; src: url("{address}/f.woff"); }}</style></head>'
        f'<body><img src="{address}/i.png" alt="">Text</body></html>'
    )
    try:
        pdf = rendering.pdf_of(html)
    finally:
        server.shutdown()

    assert pdf.startswith(b"%PDF-")
    assert _Recorder.requests == []
