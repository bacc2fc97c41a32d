CREATE TABLE users.users (
    id         uuid PRIMARY KEY,
    name       varchar(100) NOT NULL,
    email      varchar(254) NOT NULL,
    created_at timestamptz  NOT NULL,
    updated_at timestamptz  NOT NULL
);
-- Emails are unique regardless of case: Alice@x.io and alice@x.io are one person.
CREATE UNIQUE INDEX users_email_key ON users.users (lower(email));
CREATE INDEX users_created_at_idx ON users.users (created_at, id);
