# Front-end assets: GOV.UK Frontend and MOJ Frontend come from npm and are copied into
# build/static, so the final image needs no Node.js.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
# The lock files go in first so the npm layer is reused until dependencies change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/build-static.mjs scripts/
RUN node scripts/build-static.mjs

FROM python:3.13-slim-bookworm
# The image's own Python is used; uv must never fetch another one.
ENV UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
WORKDIR /app
# Pango and the local fonts WeasyPrint renders the letters with; Graphviz, which draws the
# "How the policy works" chart from the state machines.
COPY scripts/install-weasyprint-libs.sh scripts/install-graphviz.sh scripts/
RUN scripts/install-weasyprint-libs.sh && scripts/install-graphviz.sh && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv
COPY pyproject.toml uv.lock .python-version ./
# Dependencies only: the project itself is not a package ([tool.uv] package = false).
RUN uv sync --frozen --no-dev --no-install-project --no-cache
COPY manage.py ./
COPY musuc musuc
COPY contacts contacts
COPY restrictions restrictions
COPY disputes disputes
COPY letters letters
COPY casework casework
COPY templates templates
COPY static static
COPY deploy/gunicorn.conf.py deploy/
COPY --from=assets /app/build/static build/static
# Settings refuse to start with DEBUG off unless these are set; the values exist only for
# this step and are never used at run time.
RUN DEBUG=0 SECRET_KEY=build-only ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput --verbosity 0
# Collected static files stay root-owned (read-only to the app). The attachments folder must
# exist in the image so a new named volume mounted there inherits its owner and mode.
RUN useradd --uid 10001 --user-group --create-home --shell /usr/sbin/nologin musuc \
    && mkdir -p var/attachments \
    && chown musuc:musuc var var/attachments \
    && chmod 700 var/attachments
USER musuc
EXPOSE 8000
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "musuc.wsgi:application"]
