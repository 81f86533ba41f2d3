"""Letters: what the person is owed in writing, in their language and format, kept as issued.

Modules, each holding one thing:

* ``choices``: kinds of letter, template languages, letter languages (English, Welsh, Welsh
  first then English), formats (standard, large print, plain-text email, made by hand), states.
* ``rules``: the policy's facts about letters, once: the IOPC's address, the dispute routes
  (email, secure voicemail, online form, post to the QSR team), the always-open online forms,
  who issues each kind, how a person's preferences choose language and format, and the working
  days a decision's letter has before it is overdue.
* ``placeholders``: which ``((placeholders))`` each kind offers, which are facts and which
  editable free text, which are required; ``template_problems`` checks a template.
* ``markup``: the small, safe renderer of Notify's template style (to HTML and plain text).
* ``wording``: what the letters say of the facts, in English and Welsh.
* ``facts``: each kind's facts and editable text, read from its record.
* ``rendering``: the HTML letter (templates/letters/letter.html), its plain text, its PDF/UA.
* ``models``: ``LetterTemplate`` and ``Letter`` (frozen once issued, also by a trigger).
* ``services`` / ``selectors``: every write and every non-trivial read (see their docstrings).
* ``defaults``: the shipped English and Welsh templates; ``samples``: the admin's preview data.

For delivery: an issued letter's ``subject``, ``text`` (the plain-text email body), ``html``
and ``pdf`` (in the private attachments storage) are final; ``format`` says which to send and
``service_user`` whom to. Keep delivery's own state in rows of its own: the ``letters_letter``
row of an issued letter refuses every change but ``manual_produced_at`` and
``manual_produced_by`` (migration 0001's trigger), so a new column on it would be frozen too.
"""
