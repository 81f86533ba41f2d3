#!/bin/bash
# Run once by the postgres image, as its superuser, when the data directory is first made
# (files in /docker-entrypoint-initdb.d). Makes the two roles the application uses:
#
#   musuc_owner  owns the database and every table; runs the migrations (the `migrate`
#                service). Only it can alter tables or drop the append-only triggers, and
#                only it may TRUNCATE history (see musuc/append_only.py).
#   musuc_app    what web, worker and beat connect as: not a superuser, not the owner.
#                It may read and write rows, never change the schema; history refuses its
#                UPDATE and DELETE in triggers the owner made.
#
# Passwords come from the environment (docker-compose.yml passes them in) and reach psql as
# variables, quoted by psql itself, so no password is ever spliced into SQL by the shell.
set -euo pipefail

: "${MUSUC_OWNER_PASSWORD:?set MUSUC_OWNER_PASSWORD}"
: "${MUSUC_APP_PASSWORD:?set MUSUC_APP_PASSWORD}"
database="${MUSUC_DB:-musuc}"

run_psql() {
    psql --no-psqlrc -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" \
        --set=database="$database" \
        --set=owner_password="$MUSUC_OWNER_PASSWORD" \
        --set=app_password="$MUSUC_APP_PASSWORD" "$@"
}

run_psql --dbname postgres <<'SQL'
CREATE ROLE musuc_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE musuc_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
CREATE DATABASE :"database" OWNER musuc_owner;
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"database" TO musuc_app;
SQL

# In the new database, as the superuser: since PostgreSQL 15 the public schema belongs to
# the database's owner (musuc_owner) and nobody else may create in it.
run_psql --dbname "$database" <<'SQL'
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO musuc_app;
-- Tables and sequences the owner creates from now on (every migration) are granted to the
-- application; TRUNCATE, REFERENCES and TRIGGER are not.
ALTER DEFAULT PRIVILEGES FOR ROLE musuc_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO musuc_app;
ALTER DEFAULT PRIVILEGES FOR ROLE musuc_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO musuc_app;
SQL
