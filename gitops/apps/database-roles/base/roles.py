#!/usr/bin/env python3
"""Prints the SQL that gives each service its own PostgreSQL role and schema (docs/adr/0004-database-credentials.md).

Run by the database-roles Job as the RDS master user, before the services start, and again on every sync: the SQL
is idempotent. For each `service:schema` in SERVICES it reads the role's login from SECRETS_DIR/<service>-username
and SECRETS_DIR/<service>-password and makes the database match: the role exists and may log in with that password,
owns its schema and everything in it (also what Flyway created there as the master before), and nothing else. The
password never appears in the SQL: it is sent as a SCRAM-SHA-256 verifier (RFC 7677), as psql's \\password does,
because the RDS parameter group logs every DDL statement (log_statement = ddl).

Environment: SERVICES ("user-service:users order-service:orders ..."), DB_NAME, SECRETS_DIR. Standard library only.
"""

import base64
import hashlib
import hmac
import os
import re
import sys

IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
ITERATIONS = 4096  # PostgreSQL's default scram_iterations


def scram_verifier(password: str, salt: bytes, iterations: int = ITERATIONS) -> str:
    """The string PostgreSQL stores in pg_authid.rolpassword for a SCRAM-SHA-256 password."""
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    b64 = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def ident(name: str, what: str) -> str:
    if not IDENT.match(name):
        sys.exit(f"error: {what} {name!r} is not a plain lower-case PostgreSQL name")
    return name


def role_sql(role: str, schema: str, database: str, verifier: str) -> str:
    kinds = "CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END"
    return f"""
-- {role}: owns schema {schema}, nothing else
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN
    CREATE ROLE {role} LOGIN;
  END IF;
END $$;
ALTER ROLE {role} WITH LOGIN PASSWORD '{verifier}';
GRANT {role} TO CURRENT_USER;
GRANT CONNECT ON DATABASE {database} TO {role};
CREATE SCHEMA IF NOT EXISTS {schema} AUTHORIZATION {role};
ALTER SCHEMA {schema} OWNER TO {role};
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = '{schema}' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
             AND c.relowner <> '{role}'::regrole
             AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')) LOOP
    EXECUTE format('ALTER %s %I.%I OWNER TO %I', {kinds}, '{schema}', r.relname, '{role}');
  END LOOP;
END $$;
"""


def main() -> None:
    services = os.environ.get("SERVICES", "").split()
    database = ident(os.environ.get("DB_NAME", ""), "DB_NAME")
    secrets = os.environ.get("SECRETS_DIR", "/var/run/secrets/kubeflow-ops/roles")
    if not services:
        sys.exit("error: SERVICES is empty (expected e.g. 'user-service:users order-service:orders')")
    out = ["BEGIN;", "REVOKE CREATE ON SCHEMA public FROM PUBLIC;"]
    for entry in services:
        service, _, schema = entry.partition(":")
        try:
            with open(os.path.join(secrets, f"{service}-username")) as f:
                role = ident(f.read().strip(), f"role of {service}")
            with open(os.path.join(secrets, f"{service}-password")) as f:
                password = f.read().rstrip("\n")
        except OSError as e:
            sys.exit(f"error: no login for {service}: {e}")
        if len(password) < 32:
            sys.exit(f"error: the password of {service} has {len(password)} characters; at least 32 are required")
        out.append(role_sql(role, ident(schema, f"schema of {service}"), database, scram_verifier(password, os.urandom(16))))
    out.append("COMMIT;")
    print("\n".join(out))


if __name__ == "__main__":
    main()
