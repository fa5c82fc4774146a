-- Accounts and the audit log: users with their roles and court scope, signed-in sessions, the
-- API tokens of source systems, and the append-only, hash-chained audit log.

-- +goose Up
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    login         TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    roles         TEXT    NOT NULL,            -- JSON array of role names
    court_id      TEXT    NOT NULL,            -- root of the user's scope
    person_id     TEXT    NOT NULL DEFAULT '',
    subject       TEXT    NOT NULL DEFAULT '', -- single sign-on identity, issuer + " " + subject
    disabled      INTEGER NOT NULL DEFAULT 0,
    password_hash TEXT    NOT NULL DEFAULT '', -- argon2id, PHC form
    created_us    INTEGER NOT NULL,
    updated_us    INTEGER NOT NULL
);
CREATE INDEX users_court ON users (court_id);
CREATE UNIQUE INDEX users_subject ON users (subject) WHERE subject <> '';

-- id is the SHA-256 of the cookie's secret, never the secret itself.
CREATE TABLE sessions (
    id         TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    csrf       TEXT    NOT NULL,
    addr       TEXT    NOT NULL,
    created_us INTEGER NOT NULL,
    seen_us    INTEGER NOT NULL,
    expires_us INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_us);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    src        TEXT    NOT NULL,
    courts     TEXT    NOT NULL, -- JSON array of court ids, each with its subtree
    hash       TEXT    NOT NULL UNIQUE,
    created_by TEXT    NOT NULL,
    created_us INTEGER NOT NULL,
    used_us    INTEGER NOT NULL DEFAULT 0,
    revoked    INTEGER NOT NULL DEFAULT 0
);

-- seq is assigned by the appender (the last seq + 1), so that a deleted row leaves a gap.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at_us       INTEGER NOT NULL,
    actor       TEXT    NOT NULL,
    user_id     INTEGER NOT NULL,
    actor_court TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    object      TEXT    NOT NULL,
    court_id    TEXT    NOT NULL,
    addr        TEXT    NOT NULL,
    outcome     TEXT    NOT NULL,
    detail      TEXT    NOT NULL,
    prev        TEXT    NOT NULL,
    hash        TEXT    NOT NULL
);
CREATE INDEX audit_court ON audit_log (court_id, seq);
CREATE INDEX audit_actor_court ON audit_log (actor_court, seq);
CREATE INDEX audit_actor ON audit_log (actor, seq);
CREATE INDEX audit_action ON audit_log (action, seq);
CREATE INDEX audit_object ON audit_log (object, seq);

-- The log is append-only for this program too: a change has to drop these first, and the hash
-- chain shows it anyway.
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER audit_log_no_delete;
DROP TRIGGER audit_log_no_update;
DROP TABLE audit_log;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
