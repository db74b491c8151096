#!/bin/sh
# Runs once, on an empty data directory: one database and one user per service, each
# user owning its database and nothing else.
set -eu
for service in order payment inventory notification; do
	variable="$(echo "$service" | tr '[:lower:]' '[:upper:]')_DB_PASSWORD"
	password="$(printenv "$variable")"
	psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
		-v user="$service" -v password="$password" <<'SQL'
CREATE USER :"user" WITH PASSWORD :'password';
CREATE DATABASE :"user" OWNER :"user";
REVOKE ALL ON DATABASE :"user" FROM PUBLIC;
SQL
done
