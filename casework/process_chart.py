"""The policy's Annex 1, "How the policy works": the flow chart of the process, drawn from the
live state machines so that it cannot drift from the code.

Every model with an ``FSMField`` is a machine; each of its transitions, from each of its
source states, is a step. Who may take a step is read from the transition's ``permission``: a
permission's name gives the roles that hold it (``musuc.roles.ROLE_PERMISSIONS``); a guard
function is described once in ``GUARDS`` below. How the machines connect (a review's outcome
removes or extends its restriction, a dispute's lifts or varies it) is done by services that
run one machine's transition inside another's; those links are the data in ``LINKS``, each
naming the service that makes it, and tests check each named transition exists.

The chart is DOT text written here and drawn as SVG by Graphviz's ``dot`` (Debian's graphviz,
``scripts/install-graphviz.sh``). The machines change only with the code, so the SVG is drawn
once per language and process.
"""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from django.apps import apps
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMFieldMixin
from simple_history.models import HistoricalChanges

from disputes.models import HANDLE, is_independent_assignee, is_qsr
from letters.models import may_issue
from letters.rules import ISSUE_PERMISSIONS
from musuc.roles import ROLE_PERMISSIONS, Role
from restrictions.models import DECIDE, is_deciding_manager, is_manager, system_only
from restrictions.rules import is_proposer

logger = logging.getLogger(__name__)
# Words that are translated when shown: gettext_lazy's, or a plain string.
Text = str | Promise

SVG_NS = "http://www.w3.org/2000/svg"
# Drawing the whole process takes Graphviz well under a second; a stuck `dot` is given up on.
DOT_TIMEOUT_SECONDS = 20
# The characters on a line of an arrow's label.
LABEL_WIDTH = 24
CHART_TITLE_ID = "process-chart-title"
CHART_DESC_ID = "process-chart-desc"


@dataclass(frozen=True)
class Who:
    """Who may take a step: the holders of any of these permissions, on this proviso. No
    permission at all is the system's step (a scheduled job, or another record's step)."""

    permissions: tuple[str, ...] = ()
    proviso: Text = ""

    def roles(self) -> list[str]:
        """The roles holding any of the permissions, in the order musuc.roles lists them."""
        return [
            role
            for role, held in ROLE_PERMISSIONS.items()
            if any(permission in held for permission in self.permissions)
        ]

    def describe(self) -> str:
        if not self.permissions:
            return gettext("The system")
        roles = get_text_list([str(Role(role).label) for role in self.roles()], gettext("or"))
        if not self.proviso:
            return roles
        return gettext("%(roles)s (%(proviso)s)") % {"roles": roles, "proviso": self.proviso}


SYSTEM = Who()
# The guard functions the machines name as their transitions' ``permission``, and who passes
# each. A new guard must be described here (tests/casework/test_process_chart.py fails until it
# is), so that the chart never shows a step without saying who may take it.
GUARDS: dict[Callable, Who] = {
    system_only: SYSTEM,
    is_proposer: Who(("restrictions.add_restriction",), _("the person who proposed it")),
    is_manager: Who((DECIDE,)),
    is_deciding_manager: Who((DECIDE,), _("not the person who proposed it")),
    is_qsr: Who((HANDLE,)),
    is_independent_assignee: Who(
        (HANDLE,), _("the member assigned, who took no part in the decision disputed")
    ),
    may_issue: Who(
        tuple(dict.fromkeys(ISSUE_PERMISSIONS.values())),
        _("whoever took the decision the letter tells"),
    ),
}

# The names of the steps whose transitions give no button label (``custom={"label": …}``):
# the system's steps. Keyed by the model's label and the transition's name.
STEP_NAMES: dict[tuple[str, str], Text] = {
    ("restrictions.warning", "spend"): _("A restriction it supports is approved"),
    ("restrictions.restriction", "activate"): _("The start date comes"),
    ("restrictions.restriction", "raise_review"): _("The term ends: a review is raised"),
    ("restrictions.restriction", "reinstate"): _("The term is changed to end later"),
    ("restrictions.restriction", "lift"): _("Lifted: a dispute is upheld"),
    ("restrictions.review", "supersede"): _("Closed: the term is changed"),
    ("letters.letterdelivery", "sent"): _("Sent by email or GOV.UK Notify"),
    ("letters.letterdelivery", "fail"): _("Could not be delivered"),
}


@dataclass(frozen=True)
class Link:
    """One machine's step that makes another machine move: the service ``service`` runs the
    step ``to_step`` of ``to_model`` (or creates a record of it in ``to_state``, or leaves it
    in ``to_state``) as part of the step ``from_step`` of ``from_model``."""

    from_model: str
    from_step: str
    to_model: str
    label: Text
    service: str
    to_step: str = ""
    to_state: str = ""


LINKS: tuple[Link, ...] = (
    Link(
        "restrictions.restriction",
        "approve",
        "restrictions.warning",
        _("Its warnings are spent"),
        "restrictions.services.proposals.restriction_decide",
        to_step="spend",
    ),
    Link(
        "restrictions.restriction",
        "approve_from_today",
        "restrictions.warning",
        _("Its warnings are spent"),
        "restrictions.services.proposals.restriction_decide",
        to_step="spend",
    ),
    Link(
        "restrictions.restriction",
        "raise_review",
        "restrictions.review",
        _("A review is raised"),
        "restrictions.services.jobs.reviews_raise_due",
        to_state="open",
    ),
    Link(
        "restrictions.review",
        "decide",
        "restrictions.restriction",
        _("Outcome: remove"),
        "restrictions.services.reviews.review_decide",
        to_step="remove",
    ),
    Link(
        "restrictions.review",
        "decide",
        "restrictions.restriction",
        _("Outcome: extend by 3, 6 or 12 months"),
        "restrictions.services.reviews.review_decide",
        to_step="extend",
    ),
    Link(
        "restrictions.variation",
        "approve",
        "restrictions.review",
        _("A new term closes the open review"),
        "restrictions.services.variations.variation_decide",
        to_step="supersede",
    ),
    Link(
        "restrictions.variation",
        "approve",
        "restrictions.restriction",
        _("A new term end: back in force"),
        "restrictions.services.variations.variation_decide",
        to_step="reinstate",
    ),
    Link(
        "disputes.dispute",
        "decide",
        "restrictions.restriction",
        _("Upheld: the restriction is lifted"),
        "disputes.services.decision.dispute_decide",
        to_step="lift",
    ),
    # Not upheld or partly upheld, the restriction stays in force (varied, if partly upheld).
    Link(
        "disputes.dispute",
        "decide",
        "restrictions.restriction",
        _("Not upheld: the restriction stands; partly upheld: it is varied"),
        "disputes.services.decision.dispute_decide",
        to_state="active",
    ),
    Link(
        "disputes.dispute",
        "decide",
        "restrictions.review",
        _("Partly upheld with a new term: the open review is closed"),
        "disputes.services.decision.dispute_decide",
        to_step="supersede",
    ),
    Link(
        "letters.letter",
        "issue",
        "letters.letterdelivery",
        _("Its delivery begins"),
        "letters.services.letter_issue",
        to_state="pending",
    ),
)


@dataclass(frozen=True)
class Step:
    """One transition from one source state."""

    name: str
    label: str
    source: str
    target: str
    source_label: str
    target_label: str
    who: Who


@dataclass(frozen=True)
class Machine:
    key: str  # the model's label, "restrictions.restriction"
    title: str
    field: str
    states: dict[str, str]  # value → label, in the choices' order
    initial: str
    steps: tuple[Step, ...]

    @property
    def slug(self) -> str:
        return self.key.replace(".", "-")

    def node(self, state: str) -> str:
        return f"{self.slug}-{state}"

    def step_named(self, name: str) -> list[Step]:
        return [step for step in self.steps if step.name == name]

    def final_states(self) -> set[str]:
        leaving = {step.source for step in self.steps if step.source != step.target}
        return set(self.states) - leaving


def who_may(transition) -> Who:
    """Who may take a transition, from its ``permission``."""
    permission = transition.permission
    if not permission:
        return SYSTEM
    if isinstance(permission, str):
        return Who((permission,))
    try:
        return GUARDS[permission]
    except KeyError:
        raise LookupError(
            f"{transition.qualname}: its permission {permission!r} is not described in "
            "casework.process_chart.GUARDS"
        ) from None


def step_label(key: str, transition) -> Text:
    return transition.custom.get("label") or STEP_NAMES.get(
        (key, transition.name), transition.name.replace("_", " ").capitalize()
    )


def _sources(transition, states: dict[str, str]) -> list[str]:
    if transition.source == "*":
        return list(states)
    if transition.source == "+":
        return [state for state in states if state != transition.target]
    return [str(transition.source)]


def _targets(transition, source: str) -> list[str]:
    target = transition.target
    if target is None:  # validates the state without changing it
        return [source]
    allowed = getattr(target, "allowed_states", None)  # RETURN_VALUE / GET_STATE
    if allowed is not None:
        return [str(state) for state in allowed]
    return [str(target)]


def fsm_fields(model: type[models.Model]) -> Iterator[Any]:
    for field in model._meta.concrete_fields:
        if isinstance(field, FSMFieldMixin):
            yield field


def machines() -> list[Machine]:
    """Every state machine in the code, in the order Django knows the models, with their labels
    in the active language."""
    found = []
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges):  # simple-history's copies run no transitions
            continue
        for field in fsm_fields(model):
            key = model._meta.label_lower
            states = {str(value): str(label) for value, label in field.choices or ()}
            steps = tuple(
                Step(
                    name=transition.name,
                    label=str(step_label(key, transition)),
                    source=source,
                    target=target,
                    source_label=states.get(source, source),
                    target_label=states.get(target, target),
                    who=who_may(transition),
                )
                for transition in field.get_all_transitions(model)
                for source in _sources(transition, states)
                for target in _targets(transition, source)
            )
            found.append(
                Machine(
                    key=key,
                    title=str(model._meta.verbose_name).capitalize(),
                    field=field.name,
                    states=states,
                    initial=str(field.get_default()),
                    steps=steps,
                )
            )
    return found


@dataclass(frozen=True)
class DrawnLink:
    """A link placed on the chart: from one state node to another."""

    link: Link
    from_machine: Machine
    to_machine: Machine
    from_node: str
    to_node: str
    from_label: str  # the step that makes the link, in words
    leads_to: str  # the other machine's step or state, in words


def drawn_links(found: list[Machine]) -> list[DrawnLink]:
    """Each link, from the state its step leads to, to the state the other machine is left in."""
    by_key = {machine.key: machine for machine in found}
    drawn = []
    for link in LINKS:
        source, target = by_key[link.from_model], by_key[link.to_model]
        (from_state,) = {step.target for step in source.step_named(link.from_step)}
        if link.to_step:
            (to_state,) = {step.target for step in target.step_named(link.to_step)}
            what = target.step_named(link.to_step)[0].label
        else:
            to_state = link.to_state
            what = target.states[to_state]
        leads_to = gettext("%(record)s: %(what)s") % {"record": target.title, "what": what}
        drawn.append(
            DrawnLink(
                link=link,
                from_machine=source,
                to_machine=target,
                from_node=source.node(from_state),
                from_label=source.step_named(link.from_step)[0].label,
                to_node=target.node(to_state),
                leads_to=leads_to,
            )
        )
    return drawn


def _quoted(text: Text) -> str:
    """A DOT string: double-quoted, with backslashes and quotes escaped; a newline in the
    text becomes DOT's own line break."""
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r", "").replace("\n", "\\n") + '"'


def _wrapped(text: Text) -> str:
    """Long labels over a few short lines, so that the chart is not too wide to read."""
    return "\n".join(textwrap.wrap(str(text), LABEL_WIDTH)) or str(text)


def _attrs(**values: str) -> str:
    return "[" + ", ".join(f"{name}={_quoted(value)}" for name, value in values.items()) + "]"


def step_id(machine: Machine, step: Step) -> str:
    return f"step-{machine.slug}-{step.name}-{step.source}-{step.target}"


def link_id(index: int) -> str:
    return f"link-{index}"


def dot_source(found: list[Machine] | None = None) -> str:
    """The whole process as DOT text: a box of states for each machine, its steps as arrows
    labelled with the step and who may take it, and the links between machines dashed."""
    found = machines() if found is None else found
    lines = [
        "digraph process {",
        '  graph [rankdir="LR", fontname="Arial", fontsize="16", nodesep="0.25", ranksep="0.4",'
        ' bgcolor="white"];',
        '  node [shape="box", style="rounded", fontname="Arial", fontsize="13",'
        ' color="#0b0c0c", fontcolor="#0b0c0c", margin="0.15,0.06"];',
        '  edge [fontname="Arial", fontsize="11", color="#505a5f", fontcolor="#0b0c0c",'
        ' arrowsize="0.7"];',
    ]
    for machine in found:
        lines.append(f"  subgraph {_quoted('cluster-' + machine.slug)} {{")
        lines.append(
            "    graph "
            + _attrs(label=machine.title, color="#1d70b8", fontcolor="#1d70b8", penwidth="2")
            + ";"
        )
        start = f"{machine.slug}-start"
        lines.append(
            f"    {_quoted(start)} "
            + _attrs(shape="circle", label="", width="0.2", style="filled", fillcolor="#0b0c0c")
            + ";"
        )
        final = machine.final_states()
        for state, label in machine.states.items():
            lines.append(
                f"    {_quoted(machine.node(state))} "
                + _attrs(
                    id=machine.node(state),
                    label=label,
                    peripheries="2" if state in final else "1",
                )
                + ";"
            )
        lines.append(
            f"    {_quoted(start)} -> {_quoted(machine.node(machine.initial))} "
            + _attrs(id=f"{machine.slug}-begins")
            + ";"
        )
        for step in machine.steps:
            lines.append(
                f"    {_quoted(machine.node(step.source))} -> {_quoted(machine.node(step.target))} "
                + _attrs(
                    id=step_id(machine, step),
                    label=_wrapped(step.label) + "\n" + _wrapped(step.who.describe()),
                )
                + ";"
            )
        lines.append("  }")
    for index, drawn in enumerate(drawn_links(found)):
        lines.append(
            f"  {_quoted(drawn.from_node)} -> {_quoted(drawn.to_node)} "
            + _attrs(
                id=link_id(index),
                label=_wrapped(drawn.link.label),
                style="dashed",
                color="#1d70b8",
                fontcolor="#1d70b8",
                constraint="false",
            )
            + ";"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


# Presentation attributes an SVG ``style`` declaration may become (the CSP blocks ``style=``).
_PRESENTATION = {
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-opacity",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "opacity",
}
_ALLOWED_ELEMENTS = {"svg", "g", "title", "desc", "polygon", "path", "ellipse", "polyline", "text"}


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def safe_svg(svg: str, *, title: str, description: str) -> str:
    """Graphviz's SVG made fit to inline in a page under the strict CSP: no prolog, doctype or
    comments; only drawing elements (no script, links, images or foreign objects); no event
    handlers and no ``style`` attributes (their declarations become presentation attributes);
    the tooltips Graphviz writes (``<title>`` per shape, naming internal ids) removed; and the
    image named for assistive technology by a title and description of its own."""
    root = ElementTree.fromstring(svg.encode())  # noqa: S314 - our own `dot`'s output

    def clean(element: ElementTree.Element) -> None:
        for child in list(element):
            if _local(child.tag) not in _ALLOWED_ELEMENTS or _local(child.tag) == "title":
                element.remove(child)
                continue
            for name in list(child.attrib):
                local = _local(name)
                if local == "style":
                    for declaration in child.attrib.pop(name).split(";"):
                        prop, _sep, value = declaration.partition(":")
                        if prop.strip() in _PRESENTATION and value.strip():
                            child.set(prop.strip(), value.strip())
                elif local.startswith("on") or local == "href":
                    del child.attrib[name]
            clean(child)

    clean(root)
    for name in list(root.attrib):
        if _local(name) not in {"width", "height", "viewBox"}:
            del root.attrib[name]
    root.set("class", "app-chart app-process-chart")
    root.set("role", "img")
    root.set("aria-labelledby", f"{CHART_TITLE_ID} {CHART_DESC_ID}")
    root.set("focusable", "false")
    desc = ElementTree.Element(f"{{{SVG_NS}}}desc", {"id": CHART_DESC_ID})
    desc.text = description
    heading = ElementTree.Element(f"{{{SVG_NS}}}title", {"id": CHART_TITLE_ID})
    heading.text = title
    root.insert(0, desc)
    root.insert(0, heading)
    # Every element left is SVG's: written with local names and SVG's namespace as the default,
    # never as ElementTree's "ns0:" (its registry of prefixes is global, shared by other code).
    for element in root.iter():
        element.tag = _local(element.tag)
    root.set("xmlns", SVG_NS)
    return ElementTree.tostring(root, encoding="unicode")


def dot_program() -> str | None:
    return shutil.which("dot")


def render_svg(dot: str) -> str:
    """Graphviz draws the DOT text as SVG."""
    program = dot_program()
    if program is None:
        raise FileNotFoundError("Graphviz's dot is not installed: run scripts/install-graphviz.sh")
    result = subprocess.run(  # noqa: S603 - a fixed program, the input on stdin
        [program, "-Tsvg"],
        input=dot.encode(),
        capture_output=True,
        timeout=DOT_TIMEOUT_SECONDS,
        check=True,
    )
    return result.stdout.decode()


@functools.cache
def _chart(language: str) -> str:
    with translation.override(language):
        return safe_svg(
            render_svg(dot_source()),
            title=gettext("How the policy works: the flow chart of the process"),
            description=gettext(
                "Each box is one kind of record (warning, restriction, variation, review, "
                "dispute, letter); its states are joined by the steps that move it, with who "
                "may take each step. Dashed arrows show a step of one record moving another. "
                "The same is set out in the tables below."
            ),
        )


def process_chart_svg() -> str | None:
    """The chart in the active language, drawn once per language and process; None (logged)
    if Graphviz cannot draw it, when the page shows the tables alone."""
    try:
        return _chart(translation.get_language() or "en-gb")
    except (OSError, subprocess.SubprocessError, ElementTree.ParseError):
        logger.exception("The process flow chart could not be drawn")
        return None
