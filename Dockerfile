# Front-end assets: GOV.UK Frontend and MOJ Frontend from npm, copied into build/static.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/build-static.mjs scripts/
RUN node scripts/build-static.mjs

FROM python:3.13-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH
WORKDIR /app
RUN pip install --no-cache-dir uv
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --frozen --no-dev
COPY manage.py ./
COPY musuc musuc
COPY contacts contacts
COPY restrictions restrictions
COPY disputes disputes
COPY templates templates
COPY static static
COPY --from=assets /app/build/static build/static
# Settings refuse to start without production values; these exist only for this step.
RUN DEBUG=0 SECRET_KEY=build-only ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput --verbosity 0
RUN useradd --uid 10001 --create-home musuc \
    && mkdir -p var/attachments \
    && chown -R musuc:musuc var
USER musuc
EXPOSE 8000
CMD ["gunicorn", "musuc.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]
