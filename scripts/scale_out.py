"""Scale-out on one machine, for a bounded run: 2 web processes, 2 Celery workers and 2 beats
against one PostgreSQL and one Redis, as several machines would run the same containers.

    .venv/bin/python scripts/scale_out.py [--seconds 20] [--users 20] [--jobs-seconds 40]

It makes its own database (musuc_scale_out, dropped first), fills it with people, contacts and
restrictions of which a share have work due, then:
1. measures throughput: closed-loop users signed in as staff request each role's pages, first
   against one web process, then spread over two (gunicorn with deploy/gunicorn.conf.py);
2. runs two workers and two beats firing every daily job every few seconds, then checks that
   each job's work was done exactly once: one review per ended term, one notification per
   recipient and reason, one email per notification, one history row per change.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv" / "bin"
RUN = ROOT / "var" / "scale-out"
DATABASE = "musuc_scale_out"
PORTS = (8101, 8102)
ENV = {
    **os.environ,
    "DEBUG": "0",
    "HTTPS": "0",
    "SECRET_KEY": "scale-out-only-not-a-secret",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
    "REDIS_URL": os.environ.get("SCALE_OUT_REDIS_URL", "redis://127.0.0.1:6379/9"),
    "CELERY_QUEUE": "scale-out",
    "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    "EMAIL_FILE_PATH": str(RUN / "mail"),
    "CONN_MAX_AGE": "600",
    "PYTHONUNBUFFERED": "1",
}


def say(text: str) -> None:
    print(text, flush=True)


def manage(*args: str) -> None:
    subprocess.run([VENV / "python", "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def start(name: str, command: list, **env) -> subprocess.Popen:
    log = (RUN / f"{name}.log").open("w")
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env={**ENV, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def prepare(people: int, contacts: int, restrictions: int, due_percent: float) -> None:
    say(
        f"Making {DATABASE}: {people:,} people, {contacts:,} contacts, "
        f"{restrictions:,} restrictions ({due_percent}% with work due)"
    )
    subprocess.run(
        ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE], check=True
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
    manage("migrate", "--noinput", "-v", "0")
    manage("collectstatic", "--noinput", "-v", "0")
    manage("seed_demo", "--service-users", str(people), "--contacts", str(contacts), "--force")
    manage(
        "benchmark_daily_jobs",
        "--fill-only",
        "--restrictions",
        str(restrictions),
        "--due-percent",
        str(due_percent),
        "--service-users",
        str(people),
        "--contacts",
        str(contacts),
        "--force",
    )


def sessions(count: int) -> list[tuple[str, list[str]]]:
    """Signed-in sessions for staff of each role, and the pages each one requests."""
    script = r"""
import json, time
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from contacts.models import ServiceUser
from musuc.models import User
from musuc.sessions import REFRESHED_AT
people = list(ServiceUser.objects.order_by("?").values_list("reference", flat=True)[:50])
pages = {
    "caseworker": ["/", "/service-users/?q=a"] + [f"/service-users/{r}/" for r in people[:25]]
        + [f"/service-users/{r}/contacts/" for r in people[25:]],
    "manager": ["/", "/restrictions/approvals/"] + [f"/service-users/{r}/" for r in people[:10]],
    "qsr": ["/", "/admin/disputes/dispute/"] + [f"/service-users/{r}/" for r in people[:10]],
}
out = []
for index in range(COUNT):
    role = ["caseworker", "caseworker", "manager", "qsr"][index % 4]
    user = User.objects.get(username=role)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "musuc.backends.RoleBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[REFRESHED_AT] = int(time.time())
    store.create()
    out.append([store.session_key, pages[role]])
print(json.dumps(out))
""".replace("COUNT", str(count))
    result = subprocess.run(
        [VENV / "python", "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    )
    import json

    return [tuple(item) for item in json.loads(result.stdout.strip().splitlines()[-1])]


def load(ports: tuple[int, ...], users: list, seconds: float) -> dict:
    """Closed-loop users, each with its own session, spread over the ports; req/s and p95."""
    timings: list[float] = []
    failures = collections.Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def user_loop(index: int, session_key: str, pages: list[str]) -> None:
        port = ports[index % len(ports)]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        cookie = f"sessionid={session_key}"
        n = index
        while time.monotonic() < deadline:
            path = pages[n % len(pages)]
            n += 1
            started = time.monotonic()
            try:
                connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            elapsed = time.monotonic() - started
            with lock:
                if status == 200:
                    timings.append(elapsed)
                else:
                    failures[status] += 1

    threads = [
        threading.Thread(target=user_loop, args=(index, key, pages))
        for index, (key, pages) in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    timings.sort()
    return {
        "requests": len(timings),
        "per_second": len(timings) / seconds,
        "median_ms": statistics.median(timings) * 1000 if timings else 0,
        "p95_ms": timings[int(len(timings) * 0.95)] * 1000 if timings else 0,
        "failures": dict(failures),
    }


def web(port: int) -> subprocess.Popen:
    return start(
        f"web-{port}",
        [VENV / "gunicorn", "-c", "deploy/gunicorn.conf.py", "musuc.wsgi:application"],
        GUNICORN_BIND=f"127.0.0.1:{port}",
    )


def wait_for(port: int) -> None:
    for _ in range(120):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"web on {port} did not start: see {RUN}/web-{port}.log")


def duplicates() -> dict:
    """What the jobs did, and anything done twice, read from the database and the mail."""
    script = r"""
import json
from django.db import connection
checks = {
    "reviews": "SELECT count(*) FROM restrictions_review",
    "terms with two reviews": "SELECT count(*) FROM (SELECT term_id FROM restrictions_review "
        "GROUP BY term_id HAVING count(*) > 1) t",
    "ended terms of restrictions in force without a review": "SELECT count(*) FROM "
        "restrictions_term t JOIN restrictions_restriction r ON r.id = t.restriction_id "
        "WHERE t.ends_on < current_date AND r.state = 'active' AND NOT EXISTS "
        "(SELECT 1 FROM restrictions_review v WHERE v.term_id = t.id)",
    "approved restrictions past their start": "SELECT count(*) FROM "
        "restrictions_restriction WHERE state = 'approved' AND starts_on <= current_date",
    "restrictions activated twice in history": "SELECT count(*) FROM (SELECT id FROM "
        "restrictions_historicalrestriction WHERE history_change_reason = 'The start date came' "
        "GROUP BY id HAVING count(*) > 1) h",
    "notifications": "SELECT count(*) FROM musuc_notification",
    "notifications sent": "SELECT count(*) FROM musuc_notification WHERE state = 'sent'",
    "notifications twice for one recipient and reason": "SELECT count(*) FROM (SELECT "
        "recipient_id, key FROM musuc_notification GROUP BY recipient_id, key "
        "HAVING count(*) > 1) n",
}
out = {}
with connection.cursor() as cursor:
    for name, sql in checks.items():
        cursor.execute(sql)
        out[name] = cursor.fetchone()[0]
print(json.dumps(out))
"""
    result = subprocess.run(
        [VENV / "python", "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    )
    import json

    found = json.loads(result.stdout.strip().splitlines()[-1])
    sent = collections.Counter()
    for path in (RUN / "mail").glob("*.log"):
        text = path.read_text(errors="replace")
        for message in text.split("-" * 79):
            key = re.search(r"^X-MUSUC-Notification: (.+)$", message, re.M)
            to = re.search(r"^To: (.+)$", message, re.M)
            if key and to:
                sent[(key.group(1).strip(), to.group(1).strip())] += 1
    found["emails"] = sum(sent.values())
    found["emails sent twice"] = sum(1 for count in sent.values() if count > 1)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--contacts", type=int, default=40_000)
    parser.add_argument("--restrictions", type=int, default=4_000)
    parser.add_argument("--due-percent", type=float, default=5.0)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--jobs-seconds", type=float, default=40.0)
    parser.add_argument(
        "--web-workers",
        type=int,
        default=2,
        help="gunicorn workers in each web process (default: one per core of "
        "the share of the machine each process stands for)",
    )
    options = parser.parse_args()
    shutil.rmtree(RUN, ignore_errors=True)
    (RUN / "mail").mkdir(parents=True)
    ENV["WEB_CONCURRENCY"] = str(options.web_workers)
    prepare(options.people, options.contacts, options.restrictions, options.due_percent)
    users = sessions(options.users)

    say(
        f"\nThroughput: {options.users} closed-loop users for {options.seconds:.0f} s each run "
        f"(gunicorn, {options.web_workers} sync workers a process, preloaded)"
    )
    processes = [web(PORTS[0])]
    try:
        wait_for(PORTS[0])
        load(PORTS[:1], users, 3)  # warm up
        one = load(PORTS[:1], users, options.seconds)
        processes.append(web(PORTS[1]))
        wait_for(PORTS[1])
        load(PORTS, users, 3)
        two = load(PORTS, users, options.seconds)
    finally:
        stop(processes)
    say(f"{'web processes':<14} {'req/s':>7} {'median ms':>10} {'p95 ms':>8}  failures")
    for count, result in ((1, one), (2, two)):
        say(
            f"{count:<14} {result['per_second']:>7.1f} {result['median_ms']:>10.0f} "
            f"{result['p95_ms']:>8.0f}  {result['failures'] or 'none'}"
        )

    say(
        f"\nJobs: 2 workers and 2 beats firing every job every 5 s, for "
        f"{options.jobs_seconds:.0f} s"
    )
    celery = [VENV / "celery", "-A", "musuc"]
    processes = [
        start(
            f"worker-{n}",
            [
                *celery,
                "worker",
                "--concurrency",
                "2",
                "-n",
                f"scale{n}@%h",
                "--loglevel",
                "INFO",
                "-Q",
                "scale-out",
            ],
        )
        for n in (1, 2)
    ] + [
        start(
            f"beat-{n}",
            [*celery, "beat", "--loglevel", "INFO", "--schedule", str(RUN / f"beat-{n}")],
            BEAT_EVERY_SECONDS="5",
        )
        for n in (1, 2)
    ]
    try:
        time.sleep(options.jobs_seconds)
        stop(processes[2:])  # the beats; the workers finish what is queued
        time.sleep(10)
    finally:
        stop(processes)
    found = duplicates()
    width = max(map(len, found))
    for name, value in found.items():
        say(f"{name:<{width}} {value:>8,}")
    doubled = [
        name
        for name, value in found.items()
        if ("twice" in name or "without" in name or "past their start" in name) and value
    ]
    if doubled:
        raise SystemExit(f"Not done exactly once: {', '.join(doubled)}")
    say("Every job's work was done exactly once.")


if __name__ == "__main__":
    sys.exit(main())
