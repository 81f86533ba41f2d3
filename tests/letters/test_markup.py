"""The Notify-style renderer: structure read from the template, values put in once, as text."""

from __future__ import annotations

import functools

import pytest

from letters import markup, wording

JOIN = functools.partial(wording.joined, "en")


def render(body, subject="Subject", **values):
    return markup.render(subject=subject, body=body, values=values, join=JOIN)


def test_a_value_holding_html_is_escaped():
    rendered = render("Reasons: ((reasons))", reasons='<script>alert("x")</script>')

    assert "<script>" not in rendered.html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in rendered.html
    assert '<script>alert("x")</script>' in rendered.text


def test_a_value_holding_a_placeholder_stays_text():
    rendered = render("((reasons)) and ((name))", reasons="((name))", name="Alex")

    assert rendered.text == "((name)) and Alex"


def test_markdown_inside_a_value_stays_text():
    rendered = render("((reasons))", reasons="# Not a heading\n* not a bullet")

    assert "<h2>" not in rendered.html
    assert "<li>" not in rendered.html
    assert "<p># Not a heading<br>* not a bullet</p>" in rendered.html


def test_template_text_is_never_run_as_django_template_code():
    rendered = render("{{ settings.SECRET_KEY }} {% now 'Y' %} ((name))", name="Alex")

    assert rendered.text == "{{ settings.SECRET_KEY }} {% now 'Y' %} Alex"


def test_heading_bullets_rule_and_inset():
    rendered = render("# Title\n\n* one\n* two\n\n---\n\n^ Inset words\n\n1. first\n2. second")

    assert rendered.html == (
        "<h2>Title</h2>\n<ul><li>one</li><li>two</li></ul>\n<hr>\n"
        '<div class="inset"><p>Inset words</p></div>\n<ol><li>first</li><li>second</li></ol>'
    )


def test_lines_of_a_paragraph_keep_their_breaks():
    assert render("Dear Alex\nof Cardiff").html == "<p>Dear Alex<br>of Cardiff</p>"


def test_a_list_value_on_its_own_line_becomes_bullets():
    rendered = render("These apply:\n\n((conditions))\n\nEnd", conditions=["A", "B"])

    assert rendered.html == "<p>These apply:</p>\n<ul><li>A</li><li>B</li></ul>\n<p>End</p>"
    assert "• A\n• B" in rendered.text


def test_a_list_value_in_a_bullet_becomes_one_bullet_each():
    rendered = render("* First\n* ((conditions))", conditions=["A", "B"])

    assert rendered.html == "<ul><li>First</li><li>A</li><li>B</li></ul>"


def test_a_list_value_inside_a_sentence_is_joined():
    assert render("Open: ((channels)).", channels=["post", "email", "phone"]).text == (
        "Open: post, email and phone."
    )


def test_a_text_value_of_several_paragraphs_keeps_them():
    rendered = render("((reasons))", reasons="First.\n\nSecond.")

    assert rendered.html == "<p>First.</p>\n<p>Second.</p>"


def test_an_empty_optional_value_leaves_no_empty_paragraph():
    assert render("A\n\n((how to reach us))\n\nB", **{"how to reach us": ""}).html == (
        "<p>A</p>\n<p>B</p>"
    )


def test_placeholder_names_ignore_case_and_spacing():
    assert render("((Review   Date))", **{"review date": "1 May"}).text == "1 May"


def test_the_subject_is_one_line_of_text():
    rendered = render("Body", subject="Warning ((n)) <of> 3", n="2\n")

    assert rendered.subject == "Warning 2 <of> 3"


def test_a_placeholder_without_a_value_is_refused():
    with pytest.raises(markup.MissingValue):
        render("((unknown))")


def test_welsh_lists_join_with_a_or_ac():
    assert wording.joined("cy", ["post", "ffôn"]) == "post a ffôn"
    assert wording.joined("cy", ["post", "e-bost"]) == "post ac e-bost"
