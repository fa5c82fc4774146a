-- 阅核 and 四类案件: decisions, 四类 flags, the interference register, the trail of every
-- action (accepted or refused) and the review engine's position in the log. Each row keeps its
-- whole value as JSON (body) beside the columns that queries select on.

-- +goose Up
CREATE TABLE review_decisions (
    id          TEXT    PRIMARY KEY,
    case_number TEXT    NOT NULL,
    court_id    TEXT    NOT NULL,
    reviewer_id TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    source      TEXT    NOT NULL, -- api or event
    rev         INTEGER NOT NULL,
    body        TEXT    NOT NULL
);
CREATE INDEX review_decisions_case ON review_decisions (case_number);
CREATE INDEX review_decisions_reviewer ON review_decisions (reviewer_id, state);

CREATE TABLE review_flags (
    id          TEXT    PRIMARY KEY,
    case_number TEXT    NOT NULL,
    court_id    TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    origin      TEXT    NOT NULL, -- rule, manual or source
    rev         INTEGER NOT NULL,
    body        TEXT    NOT NULL
);
CREATE INDEX review_flags_case ON review_flags (case_number);

-- The interference register: append-only.
CREATE TABLE review_enquiries (
    id          TEXT PRIMARY KEY,
    case_number TEXT NOT NULL,
    court_id    TEXT NOT NULL,
    source      TEXT NOT NULL,
    body        TEXT NOT NULL
);
CREATE INDEX review_enquiries_case ON review_enquiries (case_number);

-- The trail. Rows from the API are never changed; rows derived from a source system's events
-- (source 'event:…') are recomputed with their case.
CREATE TABLE review_trail (
    id          INTEGER PRIMARY KEY,
    subject_id  TEXT    NOT NULL,
    case_number TEXT    NOT NULL,
    court_id    TEXT    NOT NULL,
    refused     INTEGER NOT NULL,
    source      TEXT    NOT NULL,
    body        TEXT    NOT NULL
);
CREATE INDEX review_trail_subject ON review_trail (subject_id);
CREATE INDEX review_trail_case ON review_trail (case_number);

CREATE TABLE review_cursor (
    id  INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL
);

-- +goose Down
DROP TABLE review_cursor;
DROP TABLE review_trail;
DROP TABLE review_enquiries;
DROP TABLE review_flags;
DROP TABLE review_decisions;
