-- Accounts and the audit log on PostgreSQL: users with their roles and court scope, signed-in
-- sessions, the API tokens of source systems, and the append-only, hash-chained audit log, as
-- in the embedded store (store/sqlite/migrations/00040_accounts.sql). Strings are bytea
-- (00001_init.sql says why); user and token ids come from plain sequences.

-- +goose Up
CREATE SEQUENCE users_id;
CREATE TABLE users (
    id            bigint  PRIMARY KEY DEFAULT nextval('users_id'),
    login         bytea   NOT NULL UNIQUE,
    name          bytea   NOT NULL,
    roles         bytea   NOT NULL, -- JSON array of role names
    court_id      bytea   NOT NULL, -- root of the user's scope
    person_id     bytea   NOT NULL,
    -- Single sign-on identity, issuer + " " + subject; NULL (not '') for a local account, so
    -- that a plain UNIQUE constraint, which lets NULLs repeat, replaces the embedded store's
    -- partial index.
    subject       bytea   UNIQUE,
    disabled      boolean NOT NULL,
    password_hash bytea   NOT NULL, -- argon2id, PHC form
    created_us    bigint  NOT NULL,
    updated_us    bigint  NOT NULL
);
CREATE INDEX users_court ON users (court_id);

-- id is the SHA-256 of the cookie's secret, never the secret itself.
CREATE TABLE sessions (
    id         bytea  PRIMARY KEY,
    user_id    bigint NOT NULL,
    csrf       bytea  NOT NULL,
    addr       bytea  NOT NULL,
    created_us bigint NOT NULL,
    seen_us    bigint NOT NULL,
    expires_us bigint NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_us);

CREATE SEQUENCE api_tokens_id;
CREATE TABLE api_tokens (
    id         bigint  PRIMARY KEY DEFAULT nextval('api_tokens_id'),
    name       bytea   NOT NULL UNIQUE,
    src        bytea   NOT NULL,
    courts     bytea   NOT NULL, -- JSON array of court ids, each with its subtree
    hash       bytea   NOT NULL UNIQUE,
    created_by bytea   NOT NULL,
    created_us bigint  NOT NULL,
    used_us    bigint  NOT NULL,
    revoked    boolean NOT NULL
);

-- seq is assigned by the appender (the last seq + 1, under the lock of audit_state), so that a
-- deleted row would leave a gap.
CREATE TABLE audit_log (
    seq         bigint PRIMARY KEY,
    at_us       bigint NOT NULL,
    actor       bytea  NOT NULL,
    user_id     bigint NOT NULL,
    actor_court bytea  NOT NULL,
    action      bytea  NOT NULL,
    object      bytea  NOT NULL,
    court_id    bytea  NOT NULL,
    addr        bytea  NOT NULL,
    outcome     bytea  NOT NULL,
    detail      bytea  NOT NULL,
    prev        bytea  NOT NULL,
    hash        bytea  NOT NULL
);
CREATE INDEX audit_court ON audit_log (court_id, seq);
CREATE INDEX audit_actor_court ON audit_log (actor_court, seq);
CREATE INDEX audit_actor ON audit_log (actor, seq);
CREATE INDEX audit_action ON audit_log (action, seq);
CREATE INDEX audit_object ON audit_log (object, seq);

-- One row that appends lock (SELECT … FOR UPDATE) before reading the chain's head: appends from
-- every process take turns, so each gets the next seq and the hash before it.
CREATE TABLE audit_state (
    id integer PRIMARY KEY
);
INSERT INTO audit_state (id) VALUES (1);

-- The log is append-only for this program too: a change has to drop these triggers first (and
-- the hash chain shows it anyway). TRUNCATE, which skips row triggers, has its own.
-- +goose StatementBegin
CREATE FUNCTION audit_log_refuse() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit log is append-only';
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE PROCEDURE audit_log_refuse();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE PROCEDURE audit_log_refuse();

-- +goose Down
DROP TRIGGER audit_log_no_truncate ON audit_log;
DROP TRIGGER audit_log_no_change ON audit_log;
DROP FUNCTION audit_log_refuse();
DROP TABLE audit_state;
DROP TABLE audit_log;
DROP TABLE api_tokens;
DROP SEQUENCE api_tokens_id;
DROP TABLE sessions;
DROP TABLE users;
DROP SEQUENCE users_id;
