#!/bin/bash
# Creates the application's ordinary role and its database (first start of the volume only).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" <<SQL
CREATE ROLE sitecluster LOGIN CREATEDB NOSUPERUSER NOBYPASSRLS PASSWORD '${APP_PASSWORD}';
CREATE DATABASE sitecluster OWNER sitecluster;
SQL
