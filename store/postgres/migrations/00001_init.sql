-- Initial schema of the PostgreSQL store: the same log, heads and projections as the embedded
-- store (store/sqlite/migrations/00001_init.sql), in SQL that PostgreSQL 15, openGauss and
-- KingbaseES all accept (docs/postgres.md says what is avoided and why).
--
-- Every string that comes from source data (keys, case numbers, ids, file names, quarantined
-- text) is kept as bytea: it round-trips byte for byte whatever the database's encoding (GBK
-- databases are common in courts), and it sorts byte-wise, as in SQLite and Go, whatever the
-- database's collation. Identifiers avoid words reserved in Oracle-compatible modes (NUMBER,
-- RAW, FILE, LOG, AT, VALUE, LEVEL).

-- +goose Up
-- The counters every commit moves, in one row: commits lock it (SELECT … FOR UPDATE), which
-- serialises writers across processes and keeps sequence numbers free of gaps: a rolled-back
-- commit leaves the row as it was, where a SEQUENCE would leave a hole.
CREATE TABLE store_state (
    id              integer PRIMARY KEY,
    last_seq        bigint  NOT NULL,
    last_batch      bigint  NOT NULL,
    last_number     bigint  NOT NULL,
    last_quarantine bigint  NOT NULL
);
INSERT INTO store_state (id, last_seq, last_batch, last_number, last_quarantine) VALUES (1, 0, 0, 0, 0);

CREATE TABLE batches (
    id           bigint  PRIMARY KEY,
    committed_at text    NOT NULL, -- RFC 3339 UTC
    records      integer NOT NULL,
    stored       integer NOT NULL,
    unchanged    integer NOT NULL,
    revised      integer NOT NULL,
    rejected     integer NOT NULL,
    resolved     integer NOT NULL,
    last_seq     bigint  NOT NULL
);

-- Every revision of every record, in arrival order. Append-only. k is kind, src and src_id
-- joined by U+001F. Events carry their case (numbers.id, 0 when they name none) and instant;
-- both are NULL for other kinds.
CREATE TABLE record_log (
    seq          bigint  PRIMARY KEY,
    k            bytea   NOT NULL,
    hash         bytea   NOT NULL, -- 16 bytes for a 32-digit hex hash, else length-prefixed text
    body         bytea   NOT NULL, -- canonical JSON
    batch        bigint  NOT NULL,
    src_file     bytea   NOT NULL,
    src_line     integer NOT NULL,
    committed_ms bigint  NOT NULL,
    case_id      bigint,
    at_us        bigint
);
CREATE INDEX record_log_events ON record_log (case_id, at_us);

-- The current revision of each key.
CREATE TABLE heads (
    k    bytea  PRIMARY KEY,
    seq  bigint NOT NULL,
    hash bytea  NOT NULL
);

-- Hashes of revisions that are no longer the head: a record equal to any revision already
-- received is a no-op.
CREATE TABLE superseded (
    k    bytea NOT NULL,
    hash bytea NOT NULL,
    PRIMARY KEY (k, hash)
);

-- Current records per kind. Every kind has its row from the start, so that a commit adds to
-- it with a plain UPDATE (no upsert, whose syntax differs between the databases).
CREATE TABLE kind_counts (
    kind text   PRIMARY KEY,
    n    bigint NOT NULL
);
INSERT INTO kind_counts (kind, n) VALUES ('court', 0), ('division', 0), ('person', 0), ('relative', 0),
    ('lawyer', 0), ('case', 0), ('event', 0), ('mediation', 0);

-- Every case number seen, as a case or as a reference from an event or an origin.
CREATE TABLE numbers (
    id          bigint PRIMARY KEY,
    case_number bytea  NOT NULL UNIQUE
);

-- Which case record (key) contributes to which case number, at which revision.
CREATE TABLE case_keys (
    k      bytea  PRIMARY KEY,
    num_id bigint NOT NULL,
    seq    bigint NOT NULL
);
CREATE INDEX case_keys_num ON case_keys (num_id);

-- One row per proceeding: the merge of its records, and the root of its matter.
CREATE TABLE cases (
    id       bigint  PRIMARY KEY, -- numbers.id of the case number
    root     bigint  NOT NULL,    -- numbers.id of the matter root (maybe a number not present)
    origin   bigint  NOT NULL,    -- numbers.id of origin_case_number, 0 for a root
    filed_on integer NOT NULL,    -- qingfeng.Date
    body     bytea   NOT NULL
);
CREATE INDEX cases_root ON cases (root);

-- The event projection: the current revision of every event.
CREATE VIEW events AS
SELECT l.seq, l.case_id, l.at_us, l.body
FROM record_log l JOIN heads h ON h.k = l.k AND h.seq = l.seq
WHERE l.case_id IS NOT NULL;

CREATE TABLE courts (
    seq bigint PRIMARY KEY,
    id  bytea  NOT NULL
);
CREATE INDEX courts_id ON courts (id);

CREATE TABLE divisions (
    seq      bigint PRIMARY KEY,
    id       bytea  NOT NULL,
    court_id bytea  NOT NULL
);
CREATE INDEX divisions_id ON divisions (id);

CREATE TABLE people (
    seq      bigint PRIMARY KEY,
    id       bytea  NOT NULL,
    court_id bytea  NOT NULL
);
CREATE INDEX people_id ON people (id);

CREATE TABLE relatives (
    seq       bigint PRIMARY KEY,
    person_id bytea  NOT NULL
);

CREATE TABLE lawyers (
    seq bigint PRIMARY KEY,
    id  bytea  NOT NULL
);
CREATE INDEX lawyers_id ON lawyers (id);

CREATE TABLE mediations (
    seq         bigint PRIMARY KEY,
    id          bytea  NOT NULL,
    court_id    bytea  NOT NULL,
    case_number bytea  NOT NULL
);
CREATE INDEX mediations_id ON mediations (id);

CREATE TABLE quarantine (
    id             bigint  PRIMARY KEY,
    batch          bigint  NOT NULL,
    src_file       bytea   NOT NULL,
    src_line       integer NOT NULL,
    kind           bytea   NOT NULL,
    src            bytea   NOT NULL,
    src_id         bytea   NOT NULL,
    k              bytea   NOT NULL, -- as heads.k, empty when the key could not be read
    field          bytea   NOT NULL,
    field_value    bytea   NOT NULL,
    code           bytea   NOT NULL,
    reason         bytea   NOT NULL,
    reason_en      bytea   NOT NULL,
    raw_text       bytea   NOT NULL,
    rejected_at    text    NOT NULL, -- RFC 3339, in the offset it was given in
    resolved_batch bigint            -- the batch that resolved the entry, NULL while open
);
CREATE INDEX quarantine_k ON quarantine (k);
CREATE INDEX quarantine_line ON quarantine (src_file, src_line);

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
DROP TABLE superseded;
DROP TABLE heads;
DROP TABLE record_log;
DROP TABLE batches;
DROP TABLE store_state;
