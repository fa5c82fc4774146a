-- The risk engine's tables on PostgreSQL: warnings, their handling history, the engine's
-- durable timers and its position in the record log, as in the embedded store
-- (store/sqlite/migrations/00020_warnings.sql). An engine writes all four in one transaction per
-- step.
--
-- As in 00001_init.sql, every string is bytea (byte-exact whatever the database encoding, and
-- byte-wise order whatever the collation), and identifiers avoid words reserved in the
-- Oracle-compatible modes of openGauss and KingbaseES (docs/postgres.md). Ids come from plain
-- sequences called explicitly: gaps after a rollback are harmless here, unlike in the log.

-- +goose Up
CREATE SEQUENCE warnings_id;

-- One row per warning, deduplicated by k (rule id + "|" + subject). The columns are what
-- queries filter and group on, and what handling changes; body holds the full snapshot as JSON,
-- of which the columns are authoritative.
CREATE TABLE warnings (
    id          bigint  PRIMARY KEY,          -- nextval('warnings_id'), taken by the store
    k           bytea   NOT NULL UNIQUE,
    rule_id     bytea   NOT NULL,
    subject     bytea   NOT NULL,
    case_number bytea   NOT NULL,
    court_id    bytea   NOT NULL,
    judge_id    bytea   NOT NULL,
    severity    bytea   NOT NULL,
    state       bytea   NOT NULL,
    assignee    bytea   NOT NULL,
    verdict     bytea   NOT NULL,             -- confirm or dismiss, once decided
    raised      boolean NOT NULL,             -- while the engine holds the rule true
    hits        integer NOT NULL,
    fires       integer NOT NULL,
    on_day      integer NOT NULL,             -- qingfeng.Date the rule was broken
    fired_us    bigint  NOT NULL,             -- first raised, Unix microseconds
    updated_us  bigint  NOT NULL,
    body        bytea   NOT NULL              -- JSON
);
CREATE INDEX warnings_court ON warnings (court_id, fired_us);
CREATE INDEX warnings_rule ON warnings (rule_id, state);
CREATE INDEX warnings_case ON warnings (case_number);
CREATE INDEX warnings_judge ON warnings (judge_id);

-- The handling history of every warning, append-only (全程留痕). A warning's rows are written
-- while its row in warnings is locked, so their ids follow the order of its steps.
CREATE SEQUENCE warning_actions_id;
CREATE TABLE warning_actions (
    id         bigint PRIMARY KEY DEFAULT nextval('warning_actions_id'),
    warning_id bigint NOT NULL,
    action     bytea  NOT NULL,
    actor      bytea  NOT NULL,
    at_us      bigint NOT NULL,
    from_state bytea  NOT NULL,
    to_state   bytea  NOT NULL,
    assignee   bytea  NOT NULL,
    note       bytea  NOT NULL
);
CREATE INDEX warning_actions_warning ON warning_actions (warning_id, id);

-- One timer per engine and target: the day to look at the target again.
CREATE TABLE risk_timers (
    engine bytea   NOT NULL,
    target bytea   NOT NULL,
    due    integer NOT NULL, -- qingfeng.Date
    PRIMARY KEY (engine, target)
);
CREATE INDEX risk_timers_due ON risk_timers (engine, due);

-- Each engine's position: the last log sequence it processed, its clock and the digest of the
-- rule pack it evaluated with. A step updates its engine's row first, so that steps of one
-- engine take turns whichever process runs them.
CREATE TABLE risk_state (
    engine    bytea   PRIMARY KEY,
    seq       bigint  NOT NULL,
    clock_day integer NOT NULL, -- qingfeng.Date
    pack      bytea   NOT NULL,
    at_us     bigint  NOT NULL
);

-- +goose Down
DROP TABLE risk_state;
DROP TABLE risk_timers;
DROP TABLE warning_actions;
DROP SEQUENCE warning_actions_id;
DROP TABLE warnings;
DROP SEQUENCE warnings_id;
