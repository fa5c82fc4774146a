-- The risk engine's tables: warnings, their handling history, the engine's durable timers and
-- its position in the record log. An engine writes all four in one transaction per step.

-- +goose Up
-- One row per warning, deduplicated by k (rule id + "|" + subject). The columns are what
-- queries filter and group on, and what handling changes; body holds the full snapshot as JSON
-- (names, people, message, evidence), of which the columns are authoritative.
CREATE TABLE warnings (
    id          INTEGER PRIMARY KEY,
    k           TEXT    NOT NULL UNIQUE,
    rule        TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    case_number TEXT    NOT NULL,
    court_id    TEXT    NOT NULL,
    judge_id    TEXT    NOT NULL,
    severity    TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    assignee    TEXT    NOT NULL DEFAULT '',
    verdict     TEXT    NOT NULL DEFAULT '', -- confirm or dismiss, once decided
    raised      INTEGER NOT NULL,            -- 1 while the engine holds the rule true, 0 once withdrawn
    hits        INTEGER NOT NULL,
    fires       INTEGER NOT NULL,
    on_day      INTEGER NOT NULL,            -- qingfeng.Date the rule was broken
    fired_us    INTEGER NOT NULL,            -- first raised, Unix microseconds
    updated_us  INTEGER NOT NULL,
    body        TEXT    NOT NULL
);
CREATE INDEX warnings_court ON warnings (court_id, fired_us);
CREATE INDEX warnings_rule ON warnings (rule, state);
CREATE INDEX warnings_case ON warnings (case_number);
CREATE INDEX warnings_judge ON warnings (judge_id);

-- The handling history of every warning, append-only (全程留痕).
CREATE TABLE warning_actions (
    id         INTEGER PRIMARY KEY,
    warning_id INTEGER NOT NULL,
    action     TEXT    NOT NULL,
    actor      TEXT    NOT NULL,
    at_us      INTEGER NOT NULL,
    from_state TEXT    NOT NULL,
    to_state   TEXT    NOT NULL,
    assignee   TEXT    NOT NULL,
    note       TEXT    NOT NULL
);
CREATE INDEX warning_actions_warning ON warning_actions (warning_id, id);

-- One timer per engine and target: the day to look at the target again.
CREATE TABLE risk_timers (
    engine TEXT    NOT NULL,
    target TEXT    NOT NULL,
    due    INTEGER NOT NULL, -- qingfeng.Date
    PRIMARY KEY (engine, target)
);
CREATE INDEX risk_timers_due ON risk_timers (engine, due);

-- Each engine's position: the last log sequence it processed, its clock, and the digest of the
-- rule pack it evaluated with (a new pack means evaluating everything again).
CREATE TABLE risk_state (
    engine TEXT    PRIMARY KEY,
    seq    INTEGER NOT NULL,
    now    INTEGER NOT NULL,
    pack   TEXT    NOT NULL DEFAULT '',
    at_us  INTEGER NOT NULL
);

-- +goose Down
DROP TABLE risk_state;
DROP TABLE risk_timers;
DROP TABLE warning_actions;
DROP TABLE warnings;
