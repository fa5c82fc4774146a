-- 阅核 and 四类案件 on PostgreSQL: decisions, 四类 flags, the interference register, the trail of
-- every action (accepted or refused) and the review engine's position in the log, as in the
-- embedded store (store/sqlite/migrations/00030_reviews.sql). Each row keeps its whole value as
-- JSON (body) beside the columns that queries select on. Strings are bytea (00001_init.sql says
-- why).

-- +goose Up
CREATE TABLE review_decisions (
    id          bytea  PRIMARY KEY,
    case_number bytea  NOT NULL,
    court_id    bytea  NOT NULL,
    reviewer_id bytea  NOT NULL,
    state       bytea  NOT NULL,
    source      bytea  NOT NULL, -- api or event
    rev         bigint NOT NULL,
    body        bytea  NOT NULL
);
CREATE INDEX review_decisions_case ON review_decisions (case_number);
CREATE INDEX review_decisions_reviewer ON review_decisions (reviewer_id, state);

CREATE TABLE review_flags (
    id          bytea  PRIMARY KEY,
    case_number bytea  NOT NULL,
    court_id    bytea  NOT NULL,
    state       bytea  NOT NULL,
    origin      bytea  NOT NULL, -- rule, manual or source
    rev         bigint NOT NULL,
    body        bytea  NOT NULL
);
CREATE INDEX review_flags_case ON review_flags (case_number);

-- The interference register: append-only.
CREATE TABLE review_enquiries (
    id          bytea PRIMARY KEY,
    case_number bytea NOT NULL,
    court_id    bytea NOT NULL,
    source      bytea NOT NULL,
    body        bytea NOT NULL
);
CREATE INDEX review_enquiries_case ON review_enquiries (case_number);

-- The trail. Rows from the API are never changed; rows derived from a source system's events
-- (source 'event:…', marked derived: a plain column instead of a LIKE on bytea) are recomputed
-- with their case.
CREATE TABLE review_trail (
    id          bigint  PRIMARY KEY, -- review_state.last_trail + 1, …
    subject_id  bytea   NOT NULL,
    case_number bytea   NOT NULL,
    court_id    bytea   NOT NULL,
    refused     boolean NOT NULL,
    source      bytea   NOT NULL,
    derived     boolean NOT NULL,
    body        bytea   NOT NULL
);
CREATE INDEX review_trail_subject ON review_trail (subject_id);
CREATE INDEX review_trail_case ON review_trail (case_number);

-- One row that every review write locks first (SELECT … FOR UPDATE): writes take turns, as on
-- the embedded store's single writer, and trail ids follow the order of commits, so that a
-- reader paging by id never skips a row committed after it read.
CREATE TABLE review_state (
    id         integer PRIMARY KEY,
    last_trail bigint  NOT NULL
);
INSERT INTO review_state (id, last_trail) VALUES (1, 0);

CREATE TABLE review_cursor (
    id  integer PRIMARY KEY,
    seq bigint  NOT NULL
);
INSERT INTO review_cursor (id, seq) VALUES (1, 0);

-- +goose Down
DROP TABLE review_cursor;
DROP TABLE review_state;
DROP TABLE review_trail;
DROP TABLE review_enquiries;
DROP TABLE review_flags;
DROP TABLE review_decisions;
