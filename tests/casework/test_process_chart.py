"""Annex 1, "How the policy works": the chart and its tables against the live state machines.

The machines are found the way the chart finds them, from Django's models and their FSMFields,
never listed here: a transition added to any machine must appear in the DOT, the SVG and the
table, or these tests fail.
"""

import html
import re
import subprocess
from xml.etree import ElementTree

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils.module_loading import import_string
from django_fsm import FSMFieldMixin, transition
from simple_history.models import HistoricalChanges

from casework import process_chart
from casework.process_chart import SVG_NS
from restrictions.models import Warning

URL = "/how-the-policy-works/"


def every_transition():
    """(model label, transition name, source, target) of each transition of each FSMField."""
    found = []
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges):
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, FSMFieldMixin):
                continue
            sources = [value for value, _label in field.choices]
            for item in field.get_all_transitions(model):
                for source in sources if item.source in ("*", "+") else [item.source]:
                    found.append(
                        (model._meta.label_lower, item.name, str(source), str(item.target))
                    )
    return found


def step_ids():
    return {
        (machine.key, step.name, step.source, step.target): process_chart.step_id(machine, step)
        for machine in process_chart.machines()
        for step in machine.steps
    }


@pytest.fixture(scope="module")
def svg():
    return process_chart.process_chart_svg()


def test_the_machines_found_are_every_model_with_transitions():
    keys = {machine.key for machine in process_chart.machines()}
    assert keys == {key for key, *_rest in every_transition()}
    assert {
        "restrictions.warning",
        "restrictions.restriction",
        "restrictions.variation",
        "restrictions.review",
        "disputes.dispute",
        "letters.letter",
    } <= keys


@pytest.mark.parametrize("move", every_transition(), ids="-".join)
def test_every_transition_is_an_arrow_in_the_dot(move):
    key, name, source, target = move
    ident = step_ids()[move]
    dot = process_chart.dot_source()
    machine = next(m for m in process_chart.machines() if m.key == key)
    arrow = re.search(
        rf'"{machine.node(source)}" -> "{machine.node(target)}" \[id="{ident}", label="([^"]+)"',
        dot,
    )
    assert arrow, f"{name} ({source} → {target}) is not drawn"
    (step,) = [s for s in machine.steps if (s.name, s.source, s.target) == (name, source, target)]
    assert arrow.group(1).replace("\\n", " ") == " ".join(
        [" ".join(process_chart._wrapped(step.label).split("\n"))]
        + [" ".join(process_chart._wrapped(step.who.describe()).split("\n"))]
    )


@pytest.mark.parametrize("move", every_transition(), ids="-".join)
def test_every_transition_is_an_arrow_in_the_svg_with_its_words(move, svg):
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own output
    groups = {g.get("id"): g for g in root.iter(f"{{{SVG_NS}}}g")}
    edge = groups.get(step_ids()[move])
    assert edge is not None, f"{move} is not in the SVG"
    words = " ".join(text.text or "" for text in edge.iter(f"{{{SVG_NS}}}text"))
    machine = next(m for m in process_chart.machines() if m.key == move[0])
    (step,) = [s for s in machine.steps if (s.name, s.source, s.target) == move[1:]]
    assert " ".join(step.label.split()) in " ".join(words.split())
    assert edge.find(f"{{{SVG_NS}}}path") is not None  # an arrow is drawn, not only its label


def test_every_transition_is_a_row_of_its_machines_table(caseworker_client):
    body = caseworker_client.get(URL).content.decode()
    machines = {machine.key: machine for machine in process_chart.machines()}
    missing = []
    for key, name, source, target in every_transition():
        table = re.search(rf'data-testid="steps-{re.escape(key)}">(.*?)</table>', body, re.S)
        row = table and re.search(
            rf'<tr class="govuk-table__row" data-step="{name}:{source}:{target}">(.*?)</tr>',
            table.group(1),
            re.S,
        )
        if not row:
            missing.append((key, name, source, target))
            continue
        cells = [
            html.unescape(" ".join(cell.split()))
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
        ]
        machine = machines[key]
        (step,) = [
            s for s in machine.steps if (s.name, s.source, s.target) == (name, source, target)
        ]
        assert cells == [
            machine.states[source],
            machine.states[target],
            step.label,
            step.who.describe(),
        ]
    assert not missing, f"not in the tables: {missing}"


def test_a_transition_added_to_a_machine_is_found(monkeypatch):
    """The chart reads the machines as they are: a new transition appears without anything
    else written for it."""

    def reopen(self):
        """Reopen a withdrawn warning (a test's transition)."""

    reopen.__qualname__ = "Warning.reopen"
    field = Warning._meta.get_field("state")
    wrapped = transition(
        field=field, source="withdrawn", target="issued", permission="restrictions.close_warning"
    )(reopen)
    monkeypatch.setattr(Warning, "reopen", wrapped, raising=False)
    monkeypatch.setitem(field.transitions[Warning], "reopen", wrapped)
    (warning,) = [m for m in process_chart.machines() if m.key == "restrictions.warning"]
    (step,) = warning.step_named("reopen")
    assert (step.source, step.target, step.who.roles()) == ("withdrawn", "issued", ["Manager"])
    assert 'id="step-restrictions-warning-reopen-withdrawn-issued"' in process_chart.dot_source()


def test_a_guard_nobody_described_is_refused(monkeypatch):
    monkeypatch.delitem(process_chart.GUARDS, process_chart.is_manager)
    with pytest.raises(LookupError, match="is not described"):
        process_chart.machines()


def test_every_guard_in_the_machines_is_described_with_roles_that_hold_it():
    for machine in process_chart.machines():
        for step in machine.steps:
            who = step.who
            assert who.roles() or not who.permissions, (machine.key, step.name)


def test_every_step_has_a_translatable_name():
    """Each step is named by its button label or by STEP_NAMES, never by its method's name."""
    unnamed = [
        (model._meta.label_lower, item.name)
        for model in apps.get_models()
        if not issubclass(model, HistoricalChanges)
        for field in model._meta.concrete_fields
        if isinstance(field, FSMFieldMixin)
        for item in field.get_all_transitions(model)
        if not item.custom.get("label")
        and (model._meta.label_lower, item.name) not in process_chart.STEP_NAMES
    ]
    assert not unnamed


def test_the_step_names_are_for_steps_that_exist():
    steps = {(m.key, s.name) for m in process_chart.machines() for s in m.steps}
    assert set(process_chart.STEP_NAMES) <= steps


@pytest.mark.parametrize("link", process_chart.LINKS, ids=lambda link: str(link.label))
def test_each_link_names_transitions_and_a_service_that_exist(link):
    machines = {machine.key: machine for machine in process_chart.machines()}
    assert machines[link.from_model].step_named(link.from_step)
    assert bool(link.to_step) != bool(link.to_state)
    if link.to_step:
        assert machines[link.to_model].step_named(link.to_step)
    else:
        assert link.to_state in machines[link.to_model].states
    assert callable(import_string(link.service))


@pytest.mark.parametrize("link", process_chart.LINKS, ids=lambda link: str(link.label))
def test_each_link_is_a_dashed_arrow_in_the_svg(link, svg):
    index = process_chart.LINKS.index(link)
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own output
    (edge,) = [g for g in root.iter(f"{{{SVG_NS}}}g") if g.get("id") == f"link-{index}"]
    assert edge.find(f"{{{SVG_NS}}}path").get("stroke-dasharray")


def test_the_review_and_dispute_outcomes_reach_the_restriction():
    pairs = {(link.from_model, link.from_step, link.to_step) for link in process_chart.LINKS}
    assert {
        ("restrictions.review", "decide", "remove"),
        ("restrictions.review", "decide", "extend"),
        ("disputes.dispute", "decide", "lift"),
    } <= pairs


def test_dot_labels_are_escaped():
    assert process_chart._quoted('a "quoted" \\ word\nnext') == r'"a \"quoted\" \\ word\nnext"'


def test_the_svg_is_safe_to_inline(svg):
    assert not svg.startswith("<?xml")
    assert "<!DOCTYPE" not in svg
    assert "<!--" not in svg
    assert "<script" not in svg.lower()
    assert "style=" not in svg
    assert re.match(r'<svg [^>]*role="img"', svg)
    assert re.match(r'<svg [^>]*aria-labelledby="process-chart-title process-chart-desc"', svg)
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own output
    assert root[0].tag == f"{{{SVG_NS}}}title"
    assert root[0].get("id") == "process-chart-title"
    assert len(list(root.iter(f"{{{SVG_NS}}}title"))) == 1  # Graphviz's tooltips are gone
    attributes = {name for element in root.iter() for name in element.attrib}
    assert not [name for name in attributes if name.startswith("on") or "href" in name]


def test_style_attributes_become_presentation_attributes(monkeypatch):
    # Whatever prefix other code registers for SVG's namespace, the chart is written unprefixed.
    monkeypatch.setitem(ElementTree._namespace_map, SVG_NS, "svg")
    drawn = (
        '<?xml version="1.0"?><!DOCTYPE svg><svg xmlns="http://www.w3.org/2000/svg" '
        'width="10pt" height="10pt" viewBox="0 0 10 10"><g id="a" onclick="x()">'
        '<text style="font-weight:bold;behavior:url(x)">A</text><script>alert(1)</script>'
        '<a href="https://example.org"><text>B</text></a></g></svg>'
    )
    svg = process_chart.safe_svg(drawn, title="T", description="D")
    assert svg.startswith("<svg ")
    assert '<text font-weight="bold">A</text>' in svg
    assert "script" not in svg
    assert "onclick" not in svg
    assert "example.org" not in svg
    assert "behavior" not in svg


def test_the_chart_is_drawn_once_per_language(monkeypatch):
    process_chart._chart.cache_clear()
    calls = []
    real = process_chart.render_svg
    monkeypatch.setattr(process_chart, "render_svg", lambda dot: calls.append(dot) or real(dot))
    first = process_chart.process_chart_svg()
    assert process_chart.process_chart_svg() == first
    assert len(calls) == 1


def test_without_graphviz_the_page_shows_the_tables(monkeypatch, caseworker_client):
    process_chart._chart.cache_clear()
    monkeypatch.setattr(process_chart, "dot_program", lambda: None)
    body = caseworker_client.get(URL).content.decode()
    process_chart._chart.cache_clear()
    assert "<svg" not in body
    assert "The chart cannot be drawn at the moment" in body
    assert 'data-testid="steps-restrictions.restriction"' in body


def test_a_stuck_dot_is_given_up_on(monkeypatch):
    process_chart._chart.cache_clear()

    def stuck(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], kwargs["timeout"])

    monkeypatch.setattr(process_chart.subprocess, "run", stuck)
    assert process_chart.process_chart_svg() is None
    process_chart._chart.cache_clear()


def test_the_url_is_the_pages():
    assert reverse("how-the-policy-works") == URL


@pytest.mark.parametrize("role", ["caseworker", "manager", "qsr", "administrator"])
def test_every_role_reads_the_page_in_fixed_queries(
    role, client_for, users_by_role, django_assert_num_queries
):
    client = client_for(users_by_role[role])
    process_chart.process_chart_svg()  # drawn once per process, before the count
    # the session, its user, their roles and permissions
    with django_assert_num_queries(3):
        response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert re.search(r"<svg [^>]*role=\"img\"", body)
    assert "How the policy works" in body


def test_the_footer_links_every_role_to_the_page(client_for, users_by_role):
    for user in users_by_role.values():
        body = client_for(user).get(reverse("home")).content.decode()
        assert f'href="{URL}"' in body


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("sign-in"))


def test_someone_without_a_role_is_refused(client_for, db):
    from tests.musuc.factories import UserFactory

    response = client_for(UserFactory(username="nobody", is_superuser=True)).get(URL)
    assert response.status_code == 403
