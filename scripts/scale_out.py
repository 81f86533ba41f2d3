"""Scale-out on one machine, for a bounded run: 2 web processes, 2 Celery workers and 2 Celery
beats against one PostgreSQL and one Redis, as several machines would run the same containers.

    .venv/bin/python scripts/scale_out.py [--seconds 60] [--jobs-seconds 60] [--web-workers 2]

It makes its own database (dropped first, and again at the end unless --keep-database), fills
it (benchmark_daily_jobs --fill-only: people, contacts, restrictions of which a share have work
due), starts a small SMTP server of its own for the email, then:

1. Jobs: two workers and two beats, each beat firing every daily job every few seconds
   (BEAT_EVERY_SECONDS), while 20 signed-in users work on the two web processes. Then it
   checks that each job's work was done exactly once: as many restrictions put in force,
   reviews raised and terms reminded of as were due, no record changed twice by the jobs,
   nothing left for another run to do, and every notification emailed exactly once.
2. Web: the same 20 closed-loop users (each role's mix of pages, signed in through the sign-in
   form) against one web process and spread over two, requesting the app's pages or the floor
   (casework.benchmarking) from the same processes: the four measurements interleaved in
   rounds, so that other work on a shared machine moves them alike.

Both web processes are gunicorn with deploy/gunicorn.conf.py and production's settings (DEBUG
off, static files from whitenoise) but for the root URLconf, which adds the floor
(casework.benchmark_settings). It prints what it measured, and exits non-zero if any work was
done twice or not at all, an email went out twice or not at all, or a request failed.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime as dt
import email
import email.policy
import http.client
import http.cookies
import itertools
import os
import random
import re
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv" / "bin"
RUN = ROOT / "var" / "scale-out"
DEMO_PASSWORD = "musuc-demo"  # noqa: S105 - the demo accounts seed_demo makes
# Of the 20 users: half caseworkers, a quarter managers, a quarter QSR (the same proportions
# for any --users).
ROLES = ("caseworker", "caseworker", "manager", "qsr")


def say(text: str = "") -> None:
    print(text, flush=True)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def free_port() -> int:
    """A port nothing listens on now (other work on the machine runs servers too)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- the mail server: counts what it is given, by notification


class MailSink:
    """An SMTP server on a local port that accepts every message and counts them by their
    X-MUSUC-Notification header (the notification's unique key), as a mail relay would have
    received them from the workers."""

    def __init__(self, log: Path) -> None:
        self.received: collections.Counter[str] = collections.Counter()
        self.messages = 0
        self.lock = threading.Lock()
        self.log = log.open("w")
        sink = self

        class Session(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self) -> None:
                self.reply("220 scale-out mail sink")
                while line := self.rfile.readline(10_000):
                    verb = line[:4].upper()
                    if verb == b"EHLO":
                        self.wfile.write(b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
                    elif verb == b"DATA":
                        self.reply("354 end with <CRLF>.<CRLF>")
                        lines = []
                        while (line := self.rfile.readline(1_000_000)) not in (b".\r\n", b""):
                            lines.append(line[1:] if line.startswith(b"..") else line)
                        sink.take(b"".join(lines))
                        self.reply("250 taken")
                    elif verb == b"QUIT":
                        self.reply("221 bye")
                        return
                    elif verb in (b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                        self.reply("250 OK")
                    else:
                        self.reply("502 not here")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Session)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def take(self, data: bytes) -> None:
        message = email.message_from_bytes(data, policy=email.policy.default)
        key = str(message.get("X-MUSUC-Notification", ""))
        with self.lock:
            self.messages += 1
            self.received[key] += 1
            self.log.write(f"{key}\t{message.get('To', '')}\n")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.log.close()


# -- the processes


class Processes:
    """The web processes, workers and beats this run started, each in a session of its own,
    with its output in RUN/<name>.log; stopped by their own ids."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: list[str], **env: str) -> None:
        log = (RUN / f"{name}.log").open("w")
        self.running[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def check(self) -> None:
        for name, process in self.running.items():
            if process.poll() is not None:
                raise SystemExit(
                    f"{name} stopped (exit {process.returncode}): see {RUN}/{name}.log"
                )

    def stop(self, *names: str) -> None:
        """SIGTERM (a warm shutdown for Celery, a graceful one for gunicorn), then wait."""
        chosen = [name for name in names or list(self.running) if name in self.running]
        for name in chosen:
            if self.running[name].poll() is None:
                self.running[name].send_signal(signal.SIGTERM)
        for name in chosen:
            process = self.running.pop(name)
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # its own session: its children only
                process.wait()


def wait_until(what: str, ready, processes: Processes, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        processes.check()
        if time.monotonic() > deadline:
            raise SystemExit(f"Gave up waiting for {what} after {seconds:.0f} s (logs in {RUN})")
        time.sleep(0.5)


def answers(port: int) -> bool:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False


# -- the users


@dataclass
class User:
    """One member of staff in a browser of their own: cookies, and the pages they go through
    in turn."""

    username: str
    role: str
    cookies: dict[str, str] = field(default_factory=dict)
    journey: list[tuple[str, str]] = field(default_factory=list)  # (page, path)

    def headers(self, **more: str) -> dict[str, str]:
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        return {"Host": "127.0.0.1", "Cookie": cookie, **more}

    def keep_cookies(self, response: http.client.HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = http.cookies.SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value

    def sign_in(self, port: int) -> None:
        """Through the sign-in form, as a person would: its page, then the form posted with
        the CSRF token. Only failed sign-ins count towards the lock-outs, and these succeed,
        so every user of a role can share the role's demo account."""
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/sign-in/", headers=self.headers())
        response = connection.getresponse()
        page = response.read().decode()
        self.keep_cookies(response)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if response.status != 200 or token is None:
            raise SystemExit(f"The sign-in page answered {response.status} without a form")
        form = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "username": self.username,
                "password": DEMO_PASSWORD,
            }
        )
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request(
            "POST",
            "/sign-in/",
            body=form,
            headers=self.headers(**{"Content-Type": "application/x-www-form-urlencoded"}),
        )
        response = connection.getresponse()
        response.read()
        self.keep_cookies(response)
        if response.status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"Signing in as {self.username} answered {response.status}")


@dataclass
class Result:
    seconds: float
    timings: dict[str, list[float]]
    failures: collections.Counter[str]

    @property
    def all(self) -> list[float]:
        return sorted(itertools.chain.from_iterable(self.timings.values()))

    @property
    def per_second(self) -> float:
        return len(self.all) / self.seconds

    def add(self, other: Result) -> None:
        self.seconds += other.seconds
        for page, taken in other.timings.items():
            self.timings.setdefault(page, []).extend(taken)
        self.failures.update(other.failures)

    def ms(self, share: float, page: str | None = None) -> float:
        from casework.benchmarking import percentile

        timings = self.timings[page] if page else self.all
        return percentile(timings, share) * 1000 if timings else 0.0


def closed_loop(users: list[User], ports: list[int], seconds: float, floor: bool = False) -> Result:
    """Each user requests their pages back to back, on their web process, for ``seconds``: the
    k-th user of each role on process k mod n, as a balancer spreads sessions."""
    deadline = time.monotonic() + seconds
    timings: dict[str, list[float]] = collections.defaultdict(list)
    failures: collections.Counter[str] = collections.Counter()
    lock = threading.Lock()
    of_role = collections.Counter[str]()
    assigned = []
    for user in users:
        assigned.append((user, ports[of_role[user.role] % len(ports)]))
        of_role[user.role] += 1

    def run(user: User, port: int, offset: int) -> None:
        mine: dict[str, list[float]] = collections.defaultdict(list)
        failed: collections.Counter[str] = collections.Counter()
        journey = [("floor", "/benchmark/floor/")] if floor else user.journey
        pages = itertools.islice(itertools.cycle(journey), offset, None)
        # gunicorn's sync workers close the connection after each response; http.client opens
        # a new one for the next request.
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < deadline:
            page, path = next(pages)
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=user.headers())
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                status = type(error).__name__
            took = time.perf_counter() - started
            if status == 200:
                mine[page].append(took)
            else:
                failed[f"{page} {path}: {status}"] += 1
        with lock:
            for page, taken in mine.items():
                timings[page] += taken
            failures.update(failed)

    started = time.monotonic()
    threads = [
        threading.Thread(target=run, args=(user, port, index))
        for index, (user, port) in enumerate(assigned)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Result(time.monotonic() - started, dict(timings), failures)


def journeys(users: list[User], rnd: random.Random) -> None:
    """Each role's mix of pages, over people of the filled database (Django is set up)."""
    from contacts.models import ServiceUser
    from disputes.models import Dispute
    from restrictions.choices import ReviewState
    from restrictions.models import Review

    people = list(ServiceUser.objects.values_list("reference", "last_name"))
    reviews = list(
        Review.objects.filter(state=ReviewState.OPEN).values_list(
            "pk", "restriction__service_user__reference"
        )
    )
    disputes = list(Dispute.objects.values_list("pk", flat=True))
    if not reviews or not disputes:
        raise SystemExit("The managers' and QSR's pages need an open review and a dispute")
    for user in users:
        user.journey = []
        if user.role == "caseworker":
            for reference, last_name in rnd.sample(people, min(40, len(people))):
                user.journey += [
                    ("home", "/"),
                    ("search", f"/service-users/?q={quote(last_name)}"),
                    ("case file", f"/service-users/{reference}/"),
                    ("contacts list", f"/service-users/{reference}/contacts/"),
                    ("log-contact form", f"/service-users/{reference}/contacts/new/"),
                ]
        elif user.role == "manager":
            for pk, reference in rnd.sample(reviews, min(40, len(reviews))):
                user.journey += [
                    ("home", "/"),
                    ("case file", f"/service-users/{reference}/"),
                    ("review page", f"/reviews/{pk}/"),
                ]
        else:
            for pk in rnd.choices(disputes, k=20):
                user.journey += [
                    ("home", "/"),
                    ("QSR queue", "/admin/disputes/dispute/"),
                    ("dispute page", f"/admin/disputes/dispute/{pk}/change/"),
                ]


# -- the jobs' work, counted in the database


@dataclass
class Due:
    to_start: int
    ended_terms: int
    terms_ending: int


def due_now() -> Due:
    """What the daily jobs have to do, as the fill left it (Django is set up)."""
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from restrictions import rules
    from restrictions.choices import RestrictionState
    from restrictions.models import Restriction, Term

    today = timezone.localdate()
    in_force = Term.objects.filter(restriction__state=RestrictionState.ACTIVE)
    later = Term.objects.filter(restriction=OuterRef("restriction"), number__gt=OuterRef("number"))
    return Due(
        to_start=Restriction.objects.filter(
            state=RestrictionState.APPROVED, starts_on__lte=today
        ).count(),
        ended_terms=in_force.filter(ends_on__lt=today, reviews__isnull=True)
        .exclude(Exists(later))
        .count(),
        terms_ending=in_force.filter(
            ends_on__gte=today,
            ends_on__lte=today + dt.timedelta(days=rules.TERM_ENDING_REMINDER_DAYS),
            ending_reminder_sent_at__isnull=True,
        ).count(),
    )


def jobs_done(since: dt.datetime) -> dict[str, int]:
    from django.db.models import Count, Q

    from disputes.models import Dispute
    from musuc.models import Notification
    from restrictions.models import Restriction, Review, Term

    return {
        "restrictions put in force": Restriction.history.filter(
            history_date__gte=since, history_change_reason="The start date came"
        ).count(),
        "reviews raised": Review.objects.filter(raised_at__gte=since).count(),
        "reviews flagged overdue": Review.objects.filter(overdue_flagged_at__gte=since).count(),
        "terms reminded of": Term.objects.filter(ending_reminder_sent_at__gte=since).count(),
        "disputes reminded or flagged": Dispute.objects.filter(
            Q(due_soon_reminded_at__gte=since) | Q(overdue_flagged_at__gte=since)
        ).count(),
        "notifications": Notification.objects.count(),
        "notifications sent": Notification.objects.filter(state="sent").count(),
        "terms with more than one review": Review.objects.values("term")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count(),
    }


def changed_twice(since: dt.datetime) -> dict[str, int]:
    """Records the jobs changed the same way more than once: each job's change is one history
    row with its own label (or none), so a record with two rows of the same kind and label
    since the run began was done twice."""
    from django.db.models import Count

    from disputes.models import Dispute
    from restrictions.models import Restriction, Review, Term

    found = {}
    for model in (Restriction, Term, Review, Dispute):
        found[f"{model._meta.verbose_name_plural} changed twice alike"] = (
            model.history.filter(history_date__gte=since)
            .values("id", "history_type", "history_change_reason")
            .annotate(n=Count("history_id"))
            .filter(n__gt=1)
            .count()
        )
    return found


def left_to_do() -> dict[str, int]:
    """Each job run once more, here: after the run it must find nothing to do."""
    from disputes import services as disputes
    from restrictions import services as restrictions

    return {
        "left: restrictions to put in force": restrictions.restrictions_activate_due(),
        "left: reviews to raise": restrictions.reviews_raise_due(),
        "left: terms to remind of": restrictions.terms_remind_ending(),
        "left: reviews to flag overdue": restrictions.reviews_flag_overdue(),
        "left: disputes to remind of": disputes.disputes_remind_due_soon(),
        "left: disputes to flag overdue": disputes.disputes_flag_overdue(),
    }


def emails_checked(sink: MailSink) -> dict[str, int]:
    from musuc.models import Notification

    sent = set(Notification.objects.filter(state="sent").values_list("key", flat=True))
    return {
        "emails received": sink.messages,
        "notifications not sent": Notification.objects.exclude(state="sent").count(),
        "notifications sent but never emailed": len(sent - set(sink.received)),
        "notifications emailed twice": sum(1 for n in sink.received.values() if n > 1),
        "emails of no notification": len(set(sink.received) - sent),
    }


def task_runs() -> dict[str, tuple[int, int]]:
    """Per task, from the workers' logs: how many runs, and the sum of what they returned
    (how many items each job did)."""
    runs: dict[str, list[int]] = collections.defaultdict(list)
    pattern = re.compile(r"Task ([\w.]+)\[[^\]]+\] succeeded in [\d.]+s: (\d+)")
    for log in RUN.glob("worker-*.log"):
        for match in pattern.finditer(log.read_text(errors="replace")):
            runs[match.group(1)].append(int(match.group(2)))
    return {name: (len(done), sum(done)) for name, done in sorted(runs.items())}


def beat_sends() -> list[int]:
    return [
        log.read_text(errors="replace").count("Sending due task")
        for log in sorted(RUN.glob("beat-*.log"))
    ]


# -- the run


def database_tools(url: str) -> tuple[list[str], str]:
    parts = urlsplit(url)
    options = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    options += ["-U", parts.username or "postgres"]
    return options, parts.path.lstrip("/")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/musuc_scale_out"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--queue", default="scale-out", help="The Celery queue of the run.")
    parser.add_argument("--service-users", type=int, default=5_000)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--restrictions", type=int, default=5_000)
    parser.add_argument("--due-percent", type=float, default=2.0)
    parser.add_argument("--users", type=int, default=20, help="Closed-loop users.")
    parser.add_argument("--seconds", type=float, default=60.0, help="Each web measurement.")
    parser.add_argument(
        "--rounds", type=int, default=4, help="The web measurements are interleaved in rounds."
    )
    parser.add_argument("--warm-up", type=float, default=5.0)
    parser.add_argument(
        "--web-workers",
        type=int,
        default=2,
        help="gunicorn workers in each web process (WEB_CONCURRENCY; default 2: each process "
        "stands for a machine of one core, two workers a core as deploy/gunicorn.conf.py has)",
    )
    parser.add_argument("--jobs-seconds", type=float, default=60.0)
    parser.add_argument("--beat-every", type=float, default=5.0)
    parser.add_argument("--keep-database", action="store_true")
    options = parser.parse_args()

    if not (VENV / "gunicorn").exists() or not (ROOT / "build" / "static").is_dir():
        raise SystemExit("Run `make setup` first.")
    shutil.rmtree(RUN, ignore_errors=True)
    RUN.mkdir(parents=True)
    say(f"Scale-out trial, {time.strftime('%Y-%m-%d %H:%M')}; load average {load_average()}")
    sink = MailSink(RUN / "mail.log")
    env = {
        **os.environ,
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": "scale-out-trial-only-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": options.database_url,
        "REDIS_URL": options.redis_url,
        "CELERY_QUEUE": options.queue,
        "DJANGO_SETTINGS_MODULE": "musuc.settings",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "WEB_CONCURRENCY": str(options.web_workers),
        "PYTHONUNBUFFERED": "1",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    tools, database = database_tools(options.database_url)
    processes = Processes(env)

    def manage(*args: str) -> None:
        subprocess.run([VENV / "python", "manage.py", *args], cwd=ROOT, env=env, check=True)

    say(f"\nMaking the database {database} and filling it")
    subprocess.run(["dropdb", *tools, "--if-exists", database], check=True)
    subprocess.run(["createdb", *tools, database], check=True)
    try:
        manage("migrate", "--noinput", "-v", "0")
        # Nothing left queued by an earlier run; what the fill queues stays, for the workers.
        subprocess.run(
            [VENV / "python", "-m", "celery", "-A", "musuc", "purge", "-f"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        manage("collectstatic", "--noinput", "-v", "0")
        manage(
            "benchmark_daily_jobs",
            "--fill-only",
            "--force",
            f"--service-users={options.service_users}",
            f"--contacts={options.contacts}",
            f"--restrictions={options.restrictions}",
            f"--due-percent={options.due_percent}",
        )
        return trial(options, processes, sink)
    finally:
        processes.stop()
        sink.close()
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if not options.keep_database:
            subprocess.run(["dropdb", *tools, "--if-exists", database], check=False)
            say(f"Dropped {database}.")


def trial(options, processes: Processes, sink: MailSink) -> int:
    import django

    django.setup()
    from django.utils import timezone

    python = str(VENV / "python")
    ports = [free_port(), free_port()]
    for number, port in enumerate(ports, 1):
        processes.start(
            f"web-{number}",
            [str(VENV / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "musuc.wsgi:application"],
            GUNICORN_BIND=f"127.0.0.1:{port}",
            DJANGO_SETTINGS_MODULE="casework.benchmark_settings",
        )
    for port in ports:
        wait_until(f"the web process on {port}", lambda port=port: answers(port), processes)
    users = [
        User(username=role, role=role)
        for role in itertools.islice(itertools.cycle(ROLES), options.users)
    ]
    say(f"Signing {len(users)} users in through the sign-in form")
    for user in users:
        user.sign_in(ports[0])

    # 1. The jobs, with two beats firing each of them, and the users working meanwhile.
    due = due_now()
    say(
        f"\n1. Jobs: 2 workers and 2 beats, each beat firing every job every "
        f"{options.beat_every:g} s, for {options.jobs_seconds:g} s, 20 users on both web "
        f"processes meanwhile.\n   Due: {due.to_start:,} restrictions to put in force, "
        f"{due.ended_terms:,} ended terms to review, {due.terms_ending:,} terms ending within "
        "14 days to remind of."
    )
    since = timezone.now()
    for number in (1, 2):
        processes.start(
            f"worker-{number}",
            [
                *(python, "-m", "celery", "-A", "musuc", "worker", "--loglevel=INFO"),
                *("--hostname", f"scale-out-{number}@%h"),
            ],
        )
        processes.start(
            f"beat-{number}",
            [
                *(python, "-m", "celery", "-A", "musuc", "beat", "--loglevel=INFO"),
                *("--schedule", str(RUN / f"beat-{number}.schedule")),
            ],
            BEAT_EVERY_SECONDS=f"{options.beat_every:g}",
        )
    from restrictions.models import Review

    # The users start once the beats have fired the first time: the managers' pages include
    # the reviews the jobs raise.
    wait_until(
        "the first reviews",
        Review.objects.filter(raised_at__gte=since).exists,
        processes,
        seconds=120,
    )
    journeys(users, random.Random(13))  # noqa: S311 - the same pages each run
    during = closed_loop(users, ports, options.jobs_seconds)
    processes.stop("beat-1", "beat-2")
    say(
        f"   beats stopped {(timezone.now() - since).total_seconds():.0f} s after they were "
        "started; the workers finish what is queued"
    )
    drained = drain(processes, options.redis_url)
    processes.stop("worker-1", "worker-2")
    found = {
        **jobs_done(since),
        **changed_twice(since),
        **emails_checked(sink),
        **left_to_do(),
    }
    problems = [
        name
        for name, value in found.items()
        if value
        and (
            "twice" in name
            or "never" in name
            or "no notification" in name
            or "not sent" in name
            or "more than one" in name
            or name.startswith("left:")
        )
    ]
    for name, expected in (
        ("restrictions put in force", due.to_start),
        ("reviews raised", due.ended_terms),
        ("terms reminded of", due.terms_ending),
    ):
        if found[name] != expected:
            problems.append(f"{name}: {found[name]:,}, {expected:,} were due")
    if found["emails received"] != found["notifications sent"]:
        problems.append("emails received ≠ notifications sent")
    if not drained:
        problems.append("the queue did not empty")
    width = max(map(len, found))
    for name, value in found.items():
        say(f"   {name:<{width}} {value:>7,}")
    runs = task_runs()
    say(
        f"   beats sent {' + '.join(map(str, beat_sends()))} tasks; the workers ran, per task "
        "(runs, items done in all):"
    )
    for name, (count, done) in runs.items():
        say(f"     {name:<48} {count:>4} {done:>7,}")
    report("   during the jobs, 2 web processes", during)

    # 2. Throughput: the same users on one web process and on two, the app's pages and the
    # floor. The four are interleaved in rounds (in the reverse order every other round), so
    # that other work starting or stopping on the machine moves them all alike.
    rounds = max(1, options.rounds)
    say(
        f"\n2. Web: {len(users)} closed-loop users ({', '.join(role_counts(users))}); 1 web "
        f"process and 2, the app's pages and the floor, {options.seconds:g} s each in "
        f"{rounds} rounds, after {options.warm_up:g} s of warm-up each; gunicorn "
        f"{options.web_workers} sync workers a process"
    )
    measured = [(count, floor) for count in (1, 2) for floor in (False, True)]
    results = {each: Result(0.0, {}, collections.Counter()) for each in measured}
    for count, floor in measured:
        closed_loop(users, ports[:count], options.warm_up, floor=floor)
    for number in range(rounds):
        before = load_average()
        for count, floor in measured[:: -1 if number % 2 else 1]:
            results[count, floor].add(
                closed_loop(users, ports[:count], options.seconds / rounds, floor=floor)
            )
        say(f"   round {number + 1}/{rounds}: load average {before} before, {load_average()} after")
    say(f"\n   {'web processes':<14} {'pages':<6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}  failed")
    for (count, floor), result in results.items():
        say(
            f"   {count:<14} {'floor' if floor else 'app':<6} {result.per_second:>7.1f} "
            f"{result.ms(0.5):>7.0f} {result.ms(0.95):>7.0f}  {sum(result.failures.values())}"
        )
    for count in (1, 2):
        app_run, floor_run = results[count, False], results[count, True]
        say(
            f"   {count} web: app ÷ floor, req/s {app_run.per_second / floor_run.per_second:.2f} "
            f"(goal ≥ 0.5), p95 {app_run.ms(0.95) / floor_run.ms(0.95):.2f} (goal ≤ 2)"
        )
    gain = results[2, False].per_second / results[1, False].per_second
    say(f"   second web process: app req/s × {gain:.2f}")
    say("\n   app pages, 2 web processes (p50 / p95 ms):")
    two = results[2, False]
    for page in sorted(two.timings):
        say(f"     {page:<18} {two.ms(0.5, page):>5.0f} / {two.ms(0.95, page):>5.0f}")
    failed = sum((result.failures for result in (during, *results.values())), collections.Counter())
    for line, times in failed.most_common(10):
        say(f"   failed: {line} ×{times}")
    if failed:
        problems.append(f"{sum(failed.values())} requests failed")
    say(f"\nLoad average at the end {load_average()}; logs in {RUN}")
    if problems:
        say("NOT DONE EXACTLY ONCE, OR FAILED: " + "; ".join(problems))
        return 1
    say("Every job's work was done exactly once, and every notification emailed exactly once.")
    return 0


def drain(processes: Processes, redis_url: str, seconds: float = 120) -> bool:
    """Wait until no task is queued or held by a worker and no notification is pending (the
    workers send each one what its commit queued), as a deploy lets workers finish before
    stopping them."""
    import redis
    from django.conf import settings

    from musuc.models import Notification
    from musuc.outbox import MAX_ATTEMPTS

    broker = redis.Redis.from_url(redis_url)
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            processes.check()
            # kombu's Redis transport: a list per queue, a hash of what workers hold.
            busy = broker.llen(queue) or broker.hlen("unacked")
            pending = Notification.objects.filter(
                state=Notification.State.PENDING, attempts__lt=MAX_ATTEMPTS
            ).exists()
            if not busy and not pending:
                return True
            time.sleep(1)
    finally:
        broker.close()
    return False


def role_counts(users: list[User]) -> list[str]:
    counts = collections.Counter(user.role for user in users)
    return [f"{counts[role]} {role}" for role in ("caseworker", "manager", "qsr")]


def report(label: str, result: Result) -> None:
    say(
        f"{label}: {result.per_second:.1f} req/s, p50 {result.ms(0.5):.0f} ms, "
        f"p95 {result.ms(0.95):.0f} ms, {sum(result.failures.values())} failed"
    )


if __name__ == "__main__":
    sys.exit(main())
