-- Initial schema of the embedded store: the record log, the head of every key, the projections
-- read by the rest of the system, the quarantine and the batches.
--
-- Projections of single records hold only the columns their queries need and point at their
-- log row (seq) for the body, so that each body is written once: events are a view over the
-- log, reference data and mediations small tables. Cases hold their own body because it may
-- merge several records.

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

-- Every revision of every record, in arrival order. Append-only. k is the key: kind, src and
-- src_id joined by U+001F (the view log_keys splits it again for readers). Events carry their
-- case (numbers.id, 0 when they name none) and instant, NULL for other kinds, so that the log's
-- partial index log_events is the event projection's index.
CREATE TABLE log (
    seq     INTEGER PRIMARY KEY,
    k       TEXT    NOT NULL,
    hash    BLOB    NOT NULL, -- the content hash, as 16 bytes when it is 32 hex digits
    body    BLOB    NOT NULL,
    batch   INTEGER NOT NULL,
    file    TEXT    NOT NULL,
    line    INTEGER NOT NULL,
    at      INTEGER NOT NULL, -- commit time, Unix milliseconds
    case_id INTEGER,          -- events: numbers.id of the case
    at_us   INTEGER           -- events: the instant, Unix microseconds
);
CREATE INDEX log_events ON log (case_id, at_us) WHERE case_id IS NOT NULL;

-- The log with its key split into kind, src and src_id, for people reading the database.
CREATE VIEW log_keys AS
SELECT seq,
       substr(k, 1, instr(k, char(31)) - 1) AS kind,
       substr(substr(k, instr(k, char(31)) + 1), 1, instr(substr(k, instr(k, char(31)) + 1), char(31)) - 1) AS src,
       substr(substr(k, instr(k, char(31)) + 1), instr(substr(k, instr(k, char(31)) + 1), char(31)) + 1) AS src_id,
       hash, body, batch, file, line, at
FROM log;

-- The current revision of each key: k is kind, src and src_id joined by U+001F.
CREATE TABLE heads (
    k    TEXT    PRIMARY KEY,
    seq  INTEGER NOT NULL,
    hash BLOB    NOT NULL -- as log.hash
) WITHOUT ROWID;

-- Current records per kind, kept up to date by every commit so that counting is instant.
-- Hashes of revisions that are no longer the head: a record equal to any revision already
-- received is a no-op, so re-sending an old file never flips a head back and forth.
CREATE TABLE superseded (
    k    TEXT NOT NULL,
    hash BLOB NOT NULL,
    PRIMARY KEY (k, hash)
) WITHOUT ROWID;

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

-- Which case record (key) contributes to which case number, at which revision.
CREATE TABLE case_keys (
    k      TEXT    PRIMARY KEY,
    number INTEGER NOT NULL,
    seq    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX case_keys_number ON case_keys (number);

-- One row per proceeding: the merge of its records, and the root of its matter.
CREATE TABLE cases (
    id       INTEGER PRIMARY KEY, -- numbers.id of the case number
    root     INTEGER NOT NULL,    -- numbers.id of the matter root (maybe a number not present)
    origin   INTEGER NOT NULL,    -- numbers.id of origin_case_number, 0 for a root
    filed_on INTEGER NOT NULL,    -- qingfeng.Date
    body     BLOB    NOT NULL
);
CREATE INDEX cases_root ON cases (root);

-- The event projection: the current revision of every event, with its instant as RFC 3339
-- text in the event's own offset (as written in the body, so that its local date stays right).
CREATE VIEW events AS
SELECT l.seq, l.case_id, l.at_us, json_extract(CAST(l.body AS TEXT), '$.at') AS at, l.body
FROM log l JOIN heads h ON h.k = l.k AND h.seq = l.seq
WHERE l.case_id IS NOT NULL;

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
    k              TEXT    NOT NULL, -- as heads.k, '' when the key could not be read
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
DROP TABLE cases;
DROP TABLE case_keys;
DROP TABLE numbers;
DROP TABLE kind_counts;
DROP TABLE heads;
DROP VIEW log_keys;
DROP TABLE log;
DROP TABLE batches;
