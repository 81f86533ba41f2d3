"""The letter templates shipped with the service, in English and Welsh, for every kind.

Migration 0002 installs them; ``templates_install`` adds any that are missing and never
changes one an administrator has edited. The Welsh texts want a check by a Welsh speaker
before they are sent (see the README).
"""

from __future__ import annotations

from letters.choices import LetterKind

SIGN_OFF_EN = """If you need this letter in another format or language, or need any reasonable \
adjustments, please tell us.

Yours sincerely

Independent Office for Police Conduct"""

SIGN_OFF_CY = """Os oes arnoch angen y llythyr hwn mewn fformat neu iaith arall, neu os oes arnoch \
angen unrhyw addasiadau rhesymol, rhowch wybod i ni.

Yn gywir

Swyddfa Annibynnol Ymddygiad yr Heddlu"""

STILL_OPEN_EN = """# How you can still contact us

You can still contact us in these ways:

((open channels))

Whatever the restriction, you can always use our online forms to make a complaint or to ask \
for a review:

((online forms))"""

STILL_OPEN_CY = """# Sut y gallwch gysylltu â ni o hyd

Gallwch gysylltu â ni o hyd yn y ffyrdd hyn:

((open channels))

Beth bynnag fo’r cyfyngiad, gallwch bob amser ddefnyddio ein ffurflenni ar-lein i wneud cwyn \
neu i ofyn am adolygiad:

((online forms))"""

DISPUTE_EN = """# If you disagree with this decision

You can complain about it in any of these ways:

((dispute routes))

A member of our Quality Standards and Research team will assess whether the restriction is \
reasonable and proportionate, under Stage 2 of our complaints process. You can expect an \
outcome within ((dispute working days)) working days."""

DISPUTE_CY = """# Os ydych yn anghytuno â’r penderfyniad hwn

Gallwch gwyno amdano mewn unrhyw un o’r ffyrdd hyn:

((dispute routes))

Bydd aelod o’n Tîm Safonau Ansawdd ac Ymchwil yn asesu a yw’r cyfyngiad yn rhesymol ac yn \
gymesur, o dan Gam 2 ein proses gwyno. Gallwch ddisgwyl canlyniad o fewn ((dispute working \
days)) diwrnod gwaith."""

BACK_TO_USUAL_EN = """You can now contact us in any of the usual ways. We ask that you keep \
your contact with us reasonable, so that we can provide a service to you and to everyone who \
contacts us."""

BACK_TO_USUAL_CY = """Gallwch bellach gysylltu â ni yn unrhyw un o’r ffyrdd arferol. Gofynnwn \
i chi gadw eich cysylltiad â ni yn rhesymol, er mwyn i ni allu darparu gwasanaeth i chi ac i \
bawb sy’n cysylltu â ni."""

# {(kind, language): (subject, body)}
DEFAULT_TEMPLATES: dict[tuple[str, str], tuple[str, str]] = {
    (LetterKind.WARNING, "en"): (
        "Warning ((warning number)) of ((warnings allowed)): how you contact the IOPC",
        f"""Dear ((name))

We are writing to explain why some of your contact with the Independent Office for Police \
Conduct (IOPC) has been unacceptable, and what we are asking you to change.

# The contact this is about

((contacts))

We found this behaviour in it:

((behaviours))

# Why it is unacceptable

((reasons))

# What we are asking you to change

((what to change))

# What happens next

This is warning ((warning number)) of ((warnings allowed)). Our policy on managing \
unacceptable contact allows no more than ((warnings allowed)) warnings. If the unacceptable \
contact continues, we may restrict how you can contact us.

{SIGN_OFF_EN}""",
    ),
    (LetterKind.WARNING, "cy"): (
        "Rhybudd ((warning number)) o ((warnings allowed)): sut rydych yn cysylltu â’r IOPC",
        f"""Annwyl ((name))

Rydym yn ysgrifennu i egluro pam fod rhywfaint o’ch cysylltiad â Swyddfa Annibynnol \
Ymddygiad yr Heddlu (IOPC) wedi bod yn annerbyniol, a’r hyn rydym yn gofyn i chi ei newid.

# Y cysylltiad dan sylw

((contacts))

Gwelsom yr ymddygiad hwn ynddo:

((behaviours))

# Pam mae’n annerbyniol

((reasons))

# Yr hyn rydym yn gofyn i chi ei newid

((what to change))

# Beth fydd yn digwydd nesaf

Dyma rybudd ((warning number)) o ((warnings allowed)). Nid yw ein polisi ar reoli \
cysylltiad annerbyniol yn caniatáu mwy na ((warnings allowed)) rhybudd. Os bydd y cysylltiad \
annerbyniol yn parhau, efallai y byddwn yn cyfyngu ar y ffyrdd y gallwch gysylltu â ni.

{SIGN_OFF_CY}""",
    ),
    (LetterKind.RESTRICTION, "en"): (
        "We are restricting how you can contact the IOPC",
        f"""Dear ((name))

We are writing to tell you that we have decided to restrict how you can contact the \
Independent Office for Police Conduct (IOPC), and why.

# Why we have made this decision

((reasons))

# What the restriction means

For ((term)), from ((start date)) until ((end date)), these conditions apply:

((conditions))

{STILL_OPEN_EN}

((how to reach us))

# When the restriction will be reviewed

The restriction ends on ((end date)). We will then review it, to see what effect it has had, \
and decide whether to remove it or extend it. We will tell you the outcome by ((review date)).

{DISPUTE_EN}

{SIGN_OFF_EN}""",
    ),
    (LetterKind.RESTRICTION, "cy"): (
        "Rydym yn cyfyngu ar y ffyrdd y gallwch gysylltu â’r IOPC",
        f"""Annwyl ((name))

Rydym yn ysgrifennu i ddweud wrthych ein bod wedi penderfynu cyfyngu ar y ffyrdd y gallwch \
gysylltu â Swyddfa Annibynnol Ymddygiad yr Heddlu (IOPC), a pham.

# Pam rydym wedi gwneud y penderfyniad hwn

((reasons))

# Beth mae’r cyfyngiad yn ei olygu

Am ((term)), o ((start date)) tan ((end date)), mae’r amodau hyn yn berthnasol:

((conditions))

{STILL_OPEN_CY}

((how to reach us))

# Pryd y bydd y cyfyngiad yn cael ei adolygu

Daw’r cyfyngiad i ben ar ((end date)). Byddwn wedyn yn ei adolygu, i weld pa effaith y mae \
wedi’i chael, ac yn penderfynu a ddylid ei ddileu neu ei ymestyn. Byddwn yn rhoi gwybod i chi \
am y canlyniad erbyn ((review date)).

{DISPUTE_CY}

{SIGN_OFF_CY}""",
    ),
    (LetterKind.VARIATION, "en"): (
        "We have changed the restriction on how you can contact the IOPC",
        f"""Dear ((name))

We are writing to tell you that on ((variation date)) we changed the restriction on how you \
can contact the Independent Office for Police Conduct (IOPC), and why.

# Why we have changed it

((reasons))

# The conditions that now apply

((conditions))

The restriction ends on ((end date)). We will then review it and tell you the outcome by \
((review date)).

{STILL_OPEN_EN}

{DISPUTE_EN}

{SIGN_OFF_EN}""",
    ),
    (LetterKind.VARIATION, "cy"): (
        "Rydym wedi newid y cyfyngiad ar y ffyrdd y gallwch gysylltu â’r IOPC",
        f"""Annwyl ((name))

Rydym yn ysgrifennu i ddweud wrthych ein bod, ar ((variation date)), wedi newid y cyfyngiad \
ar y ffyrdd y gallwch gysylltu â Swyddfa Annibynnol Ymddygiad yr Heddlu (IOPC), a pham.

# Pam rydym wedi ei newid

((reasons))

# Yr amodau sy’n berthnasol bellach

((conditions))

Daw’r cyfyngiad i ben ar ((end date)). Byddwn wedyn yn ei adolygu ac yn rhoi gwybod i chi am \
y canlyniad erbyn ((review date)).

{STILL_OPEN_CY}

{DISPUTE_CY}

{SIGN_OFF_CY}""",
    ),
    (LetterKind.REVIEW_REMOVED, "en"): (
        "We have removed the restriction on how you can contact the IOPC",
        f"""Dear ((name))

We have reviewed the restriction on how you can contact the Independent Office for Police \
Conduct (IOPC), whose term ended on ((term end date)), and we have decided to remove it. It \
no longer applies from ((removal date)).

# Why we have made this decision

((reasons))

{BACK_TO_USUAL_EN}

Yours sincerely

Independent Office for Police Conduct""",
    ),
    (LetterKind.REVIEW_REMOVED, "cy"): (
        "Rydym wedi dileu’r cyfyngiad ar y ffyrdd y gallwch gysylltu â’r IOPC",
        f"""Annwyl ((name))

Rydym wedi adolygu’r cyfyngiad ar y ffyrdd y gallwch gysylltu â Swyddfa Annibynnol Ymddygiad \
yr Heddlu (IOPC), y daeth ei gyfnod i ben ar ((term end date)), ac rydym wedi penderfynu ei \
ddileu. Nid yw’n berthnasol mwyach o ((removal date)) ymlaen.

# Pam rydym wedi gwneud y penderfyniad hwn

((reasons))

{BACK_TO_USUAL_CY}

Yn gywir

Swyddfa Annibynnol Ymddygiad yr Heddlu""",
    ),
    (LetterKind.REVIEW_EXTENDED, "en"): (
        "We have extended the restriction on how you can contact the IOPC",
        f"""Dear ((name))

We have reviewed the restriction on how you can contact the Independent Office for Police \
Conduct (IOPC), and we have decided to extend it for ((extension)), from ((new start date)) \
until ((new end date)).

# Why we have made this decision

((reasons))

# The conditions that apply

((conditions))

We will review the restriction again when it ends, and tell you the outcome by \
((review date)).

{STILL_OPEN_EN}

{DISPUTE_EN}

{SIGN_OFF_EN}""",
    ),
    (LetterKind.REVIEW_EXTENDED, "cy"): (
        "Rydym wedi ymestyn y cyfyngiad ar y ffyrdd y gallwch gysylltu â’r IOPC",
        f"""Annwyl ((name))

Rydym wedi adolygu’r cyfyngiad ar y ffyrdd y gallwch gysylltu â Swyddfa Annibynnol Ymddygiad \
yr Heddlu (IOPC), ac rydym wedi penderfynu ei ymestyn am ((extension)), o ((new start date)) \
tan ((new end date)).

# Pam rydym wedi gwneud y penderfyniad hwn

((reasons))

# Yr amodau sy’n berthnasol

((conditions))

Byddwn yn adolygu’r cyfyngiad eto pan ddaw i ben, ac yn rhoi gwybod i chi am y canlyniad \
erbyn ((review date)).

{STILL_OPEN_CY}

{DISPUTE_CY}

{SIGN_OFF_CY}""",
    ),
    (LetterKind.RESTRICTION_ENDED, "en"): (
        "The restriction on how you can contact the IOPC has ended",
        f"""Dear ((name))

((ending)) It no longer applies from ((ended date)).

# Why

((reasons))

{BACK_TO_USUAL_EN}

Yours sincerely

Independent Office for Police Conduct""",
    ),
    (LetterKind.RESTRICTION_ENDED, "cy"): (
        "Mae’r cyfyngiad ar y ffyrdd y gallwch gysylltu â’r IOPC wedi dod i ben",
        f"""Annwyl ((name))

((ending)) Nid yw’n berthnasol mwyach o ((ended date)) ymlaen.

# Pam

((reasons))

{BACK_TO_USUAL_CY}

Yn gywir

Swyddfa Annibynnol Ymddygiad yr Heddlu""",
    ),
    (LetterKind.DISPUTE_ACKNOWLEDGEMENT, "en"): (
        "We have received your complaint about the restriction",
        f"""Dear ((name))

Thank you for your complaint about the restriction on how you can contact the Independent \
Office for Police Conduct (IOPC), which we received on ((received date)).

A member of our Quality Standards and Research team, who took no part in the decision, will \
assess whether the restriction is reasonable and proportionate. This is Stage 2 of our \
complaints process.

We will send you the outcome by ((due date)), within ((dispute working days)) working days of \
receiving your complaint.

While we assess your complaint, the restriction stays in place. If your contact with us \
becomes unacceptable during this time, we will consider whether to extend the conditions of \
the restriction.

{SIGN_OFF_EN}""",
    ),
    (LetterKind.DISPUTE_ACKNOWLEDGEMENT, "cy"): (
        "Rydym wedi cael eich cwyn am y cyfyngiad",
        f"""Annwyl ((name))

Diolch am eich cwyn am y cyfyngiad ar y ffyrdd y gallwch gysylltu â Swyddfa Annibynnol \
Ymddygiad yr Heddlu (IOPC), a gawsom ar ((received date)).

Bydd aelod o’n Tîm Safonau Ansawdd ac Ymchwil, na chymerodd ran yn y penderfyniad, yn asesu \
a yw’r cyfyngiad yn rhesymol ac yn gymesur. Dyma Gam 2 ein proses gwyno.

Byddwn yn anfon y canlyniad atoch erbyn ((due date)), o fewn ((dispute working days)) \
diwrnod gwaith i gael eich cwyn.

Tra byddwn yn asesu eich cwyn, bydd y cyfyngiad yn parhau. Os bydd eich cysylltiad â ni yn \
mynd yn annerbyniol yn ystod y cyfnod hwn, byddwn yn ystyried a ddylid ymestyn amodau’r \
cyfyngiad.

{SIGN_OFF_CY}""",
    ),
    (LetterKind.DISPUTE_OUTCOME, "en"): (
        "The outcome of your complaint about the restriction",
        """Dear ((name))

We have assessed your complaint about the restriction on how you can contact the Independent \
Office for Police Conduct (IOPC), which we received on ((received date)).

# Our decision

((outcome))

# Was the restriction reasonable?

((reasonable reasons))

# Was the restriction proportionate?

((proportionate reasons))

# What happens next

((what happens next))

# This is the final stage

^ ((final stage))

Yours sincerely

Independent Office for Police Conduct""",
    ),
    (LetterKind.DISPUTE_OUTCOME, "cy"): (
        "Canlyniad eich cwyn am y cyfyngiad",
        """Annwyl ((name))

Rydym wedi asesu eich cwyn am y cyfyngiad ar y ffyrdd y gallwch gysylltu â Swyddfa \
Annibynnol Ymddygiad yr Heddlu (IOPC), a gawsom ar ((received date)).

# Ein penderfyniad

((outcome))

# A oedd y cyfyngiad yn rhesymol?

((reasonable reasons))

# A oedd y cyfyngiad yn gymesur?

((proportionate reasons))

# Beth fydd yn digwydd nesaf

((what happens next))

# Dyma’r cam olaf

^ ((final stage))

Yn gywir

Swyddfa Annibynnol Ymddygiad yr Heddlu""",
    ),
}


def templates_install(apps=None) -> int:
    """Add each shipped template that is missing (none is changed), each with its first history
    row; the number added. ``apps`` is a migration's, or None for the live models."""
    from django.utils import timezone

    if apps is None:
        from letters.models import LetterTemplate

        history = LetterTemplate.history.model  # type: ignore[attr-defined]
    else:
        LetterTemplate = apps.get_model("letters", "LetterTemplate")  # noqa: N806
        history = apps.get_model("letters", "HistoricalLetterTemplate")
    have = set(LetterTemplate.objects.values_list("kind", "language"))
    missing = LetterTemplate.objects.bulk_create(
        LetterTemplate(kind=kind, language=language, subject=subject, body=body, version=1)
        for (kind, language), (subject, body) in DEFAULT_TEMPLATES.items()
        if (kind, language) not in have
    )
    now = timezone.now()
    history.objects.bulk_create(
        history(
            id=template.pk,
            kind=template.kind,
            language=template.language,
            subject=template.subject,
            body=template.body,
            version=template.version,
            updated_at=template.updated_at or now,
            history_date=now,
            history_type="+",
            history_change_reason="Shipped with the service",
        )
        for template in missing
    )
    return len(missing)
