-- Initial schema of the embedded store: the record log, the head of every key, the projections
-- read by the rest of the system, the quarantine and the batches.
--
-- Ingest writes every row below for every record it stores, so each one is kept as small as
-- its readers allow: bodies are written once, in the log, and projections of single records
-- point at their log row (seq); events are a view over the log; a proceeding holds a body of
-- its own only when it merges several records. Text that repeats (file names, case numbers)
-- is kept once in a dictionary and referred to by integer.

-- +goose Up
CREATE TABLE batches (
    id        INTEGER PRIMARY KEY,
    at        TEXT    NOT NULL, -- commit time, RFC 3339 UTC
    records   INTEGER NOT NULL DEFAULT 0,
    stored    INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    revised   INTEGER NOT NULL DEFAULT 0,
    rejected  INTEGER NOT NULL DEFAULT 0,
    resolved  INTEGER NOT NULL DEFAULT 0,
    last_seq  INTEGER NOT NULL DEFAULT 0
);

-- The files records were read from, each name once: log rows refer to them by id.
CREATE TABLE files (
    id   INTEGER PRIMARY KEY,
    name TEXT    NOT NULL UNIQUE
);

-- Every revision of every record, in arrival order. Append-only. k is the key: kind, src and
-- src_id joined by U+001F (the view log_keys splits it again for readers); a key's head, its
-- current revision, is its row with the highest seq (log_k), and every hash it was ever sent
-- with is here, so that a re-sent old revision is recognised. The commit time is the batch's
-- (batches.at).
--
-- case_id is the proceeding a record belongs to: for an event the case it happened in (0 when
-- it names none), for a case record the case it describes; NULL for other kinds. at_us is an
-- event's instant and is set for events only. The partial index log_events is thus the event
-- projection's index, and log_cases finds the records of a proceeding.
CREATE TABLE log (
    seq     INTEGER PRIMARY KEY,
    k       TEXT    NOT NULL,
    hash    BLOB    NOT NULL, -- the content hash, as 16 bytes when it is 32 hex digits
    body    BLOB    NOT NULL,
    batch   INTEGER NOT NULL,
    file    INTEGER NOT NULL, -- files.id
    line    INTEGER NOT NULL,
    case_id INTEGER,          -- numbers.id of the proceeding (events and case records)
    at_us   INTEGER           -- events: the instant, Unix microseconds
);
CREATE INDEX log_k ON log (k);
CREATE INDEX log_events ON log (case_id, at_us) WHERE at_us IS NOT NULL;
CREATE INDEX log_cases ON log (case_id) WHERE case_id IS NOT NULL AND at_us IS NULL;

-- The log with its key split into kind, src and src_id, its file named and its commit time,
-- for people reading the database.
CREATE VIEW log_keys AS
SELECT l.seq,
       substr(l.k, 1, instr(l.k, char(31)) - 1) AS kind,
       substr(substr(l.k, instr(l.k, char(31)) + 1), 1, instr(substr(l.k, instr(l.k, char(31)) + 1), char(31)) - 1) AS src,
       substr(substr(l.k, instr(l.k, char(31)) + 1), instr(substr(l.k, instr(l.k, char(31)) + 1), char(31)) + 1) AS src_id,
       l.hash, l.body, l.batch, f.name AS file, l.line, b.at
FROM log l JOIN files f ON f.id = l.file JOIN batches b ON b.id = l.batch;

-- The current revision of each key.
CREATE VIEW heads AS
SELECT l.* FROM log l WHERE l.seq = (SELECT max(m.seq) FROM log m WHERE m.k = l.k);

-- Current records per kind, kept up to date by every commit so that counting is instant.
CREATE TABLE kind_counts (
    kind TEXT    PRIMARY KEY,
    n    INTEGER NOT NULL
) WITHOUT ROWID;

-- Every case number seen, as a case or as a reference from an event or an origin. Events and
-- matter trees refer to numbers by id: integer keys keep their indexes small and, since ids
-- grow with arrival, mostly appended to.
CREATE TABLE numbers (
    id     INTEGER PRIMARY KEY,
    number TEXT    NOT NULL UNIQUE
);

-- One row per proceeding, and the root of its matter. A proceeding described by one record
-- is that record's log row (seq); one that merges several records holds the merge (merged)
-- and seq 0.
CREATE TABLE cases (
    id       INTEGER PRIMARY KEY, -- numbers.id of the case number
    root     INTEGER NOT NULL,    -- numbers.id of the matter root (maybe a number not present)
    origin   INTEGER NOT NULL,    -- numbers.id of origin_case_number, 0 for a root
    filed_on INTEGER NOT NULL,    -- qingfeng.Date
    seq      INTEGER NOT NULL,    -- the log row of its one record, 0 when merged
    merged   BLOB                 -- the merge of its records, NULL when it has one
);
CREATE INDEX cases_root ON cases (root);

-- The body of every proceeding.
CREATE VIEW case_bodies AS
SELECT c.id, c.root, c.filed_on, coalesce(c.merged, (SELECT l.body FROM log l WHERE l.seq = c.seq)) AS body
FROM cases c;

-- The event projection: the current revision of every event, with its instant as RFC 3339
-- text in the event's own offset (as written in the body, so that its local date stays right).
CREATE VIEW events AS
SELECT l.seq, l.case_id, l.at_us, json_extract(CAST(l.body AS TEXT), '$.at') AS at, l.body
FROM log l
WHERE l.at_us IS NOT NULL AND l.seq = (SELECT max(m.seq) FROM log m WHERE m.k = l.k);

CREATE TABLE courts (
    seq INTEGER PRIMARY KEY,
    id  TEXT    NOT NULL
);
CREATE INDEX courts_id ON courts (id);

CREATE TABLE divisions (
    seq      INTEGER PRIMARY KEY,
    id       TEXT    NOT NULL,
    court_id TEXT    NOT NULL
);
CREATE INDEX divisions_id ON divisions (id);

CREATE TABLE people (
    seq      INTEGER PRIMARY KEY,
    id       TEXT    NOT NULL,
    court_id TEXT    NOT NULL
);
CREATE INDEX people_id ON people (id);

CREATE TABLE relatives (
    seq       INTEGER PRIMARY KEY,
    person_id TEXT    NOT NULL
);

CREATE TABLE lawyers (
    seq INTEGER PRIMARY KEY,
    id  TEXT    NOT NULL
);
CREATE INDEX lawyers_id ON lawyers (id);

CREATE TABLE mediations (
    seq         INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL,
    court_id    TEXT    NOT NULL,
    case_number TEXT    NOT NULL
);
CREATE INDEX mediations_id ON mediations (id);

CREATE TABLE quarantine (
    id             INTEGER PRIMARY KEY,
    batch          INTEGER NOT NULL,
    file           TEXT    NOT NULL,
    line           INTEGER NOT NULL,
    kind           TEXT    NOT NULL,
    src            TEXT    NOT NULL,
    src_id         TEXT    NOT NULL,
    k              TEXT    NOT NULL, -- as log.k, '' when the key could not be read
    field          TEXT    NOT NULL,
    value          TEXT    NOT NULL,
    code           TEXT    NOT NULL,
    reason         TEXT    NOT NULL,
    reason_en      TEXT    NOT NULL,
    raw            TEXT    NOT NULL,
    at             TEXT    NOT NULL, -- RFC 3339
    resolved_batch INTEGER           -- the batch that resolved the entry, NULL while open
);
CREATE INDEX quarantine_open ON quarantine (k, file, line) WHERE resolved_batch IS NULL;

-- +goose Down
DROP TABLE quarantine;
DROP TABLE mediations;
DROP TABLE lawyers;
DROP TABLE relatives;
DROP TABLE people;
DROP TABLE divisions;
DROP TABLE courts;
DROP VIEW events;
DROP VIEW case_bodies;
DROP TABLE cases;
DROP TABLE numbers;
DROP TABLE kind_counts;
DROP VIEW heads;
DROP VIEW log_keys;
DROP TABLE log;
DROP TABLE files;
DROP TABLE batches;
