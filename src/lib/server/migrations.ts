/**
 * Versioned schema migrations, applied on start by `openDb`. Never edit a migration that has
 * shipped: add a new one. Each is applied once, in order, inside one transaction that holds a
 * PostgreSQL advisory lock, so app processes starting together on one database don't race
 * (the second waits, then finds nothing left to do). Applied versions are recorded in
 * `schema_migrations` with a checksum of their SQL.
 */
import { createHash } from 'node:crypto';
import type { Db } from './db';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'surveys, experts, submissions, rate limits',
    sql: `
CREATE TABLE surveys (
  id text PRIMARY KEY,
  -- SHA-256 of the admin token; the token itself is never stored.
  admin_token_hash bytea NOT NULL UNIQUE CHECK (octet_length(admin_token_hash) = 32),
  -- {title, description?, hierarchy, settings}, validated by the shared schema.
  definition jsonb NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
  -- Set when the first expert starts: from then on the hierarchy can't change.
  frozen_at timestamptz,
  open_link_token_hash bytea UNIQUE CHECK (octet_length(open_link_token_hash) = 32),
  open_link_enabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE experts (
  id text PRIMARY KEY,
  survey_id text NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
  -- The order in which the researcher listed the experts.
  ordinal bigint GENERATED ALWAYS AS IDENTITY,
  token_hash bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
  name text NOT NULL,
  role text NOT NULL DEFAULT '',
  -- 'Infinity' and NaN compare above every number in PostgreSQL: this keeps both out.
  weight double precision NOT NULL DEFAULT 1 CHECK (weight >= 0 AND weight < 'Infinity'),
  via_open_link boolean NOT NULL DEFAULT false,
  started_at timestamptz,
  last_activity_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX experts_survey_idx ON experts (survey_id, ordinal);

CREATE TABLE submissions (
  seq bigserial PRIMARY KEY,
  -- Chosen by the browser: a resent submission is stored once.
  submission_id uuid NOT NULL UNIQUE,
  expert_id text NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
  survey_id text NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
  -- node id -> upper triangle of the node's matrix (numbers, null for "no opinion").
  judgments jsonb NOT NULL,
  -- node id -> {cr, consistent, ...} as computed by the engine on receipt.
  consistency jsonb NOT NULL,
  client_created_at timestamptz,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX submissions_expert_idx ON submissions (expert_id, seq DESC);
CREATE INDEX submissions_survey_idx ON submissions (survey_id, expert_id, seq DESC);

-- Fixed-window counters shared by every app process.
CREATE TABLE rate_limits (
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL,
  PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_limits_window_idx ON rate_limits (window_start);
`
  },
  {
    version: 2,
    name: 'weight sets, imported experts',
    sql: `
-- Experts whose answers came from an imported file (no personal link was ever handed out).
ALTER TABLE experts ADD COLUMN imported boolean NOT NULL DEFAULT false;

-- Immutable, named snapshots of a survey's weights, computed by the server from the stored
-- answers. The document is the whole weight set, hash included; production fetches it by id
-- with a read token, of which only the SHA-256 is kept.
CREATE TABLE weight_sets (
  id text PRIMARY KEY,
  survey_id text NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
  name text NOT NULL,
  document jsonb NOT NULL,
  read_token_hash bytea NOT NULL UNIQUE CHECK (octet_length(read_token_hash) = 32),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX weight_sets_survey_idx ON weight_sets (survey_id, created_at);

-- A saved snapshot never changes: production may have pinned it by id.
CREATE FUNCTION weight_sets_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'weight sets are immutable: save a new one instead';
END;
$$;
CREATE TRIGGER weight_sets_no_update BEFORE UPDATE ON weight_sets
  FOR EACH ROW EXECUTE FUNCTION weight_sets_immutable();
`
  },
  {
    version: 3,
    name: 'production weight set',
    sql: `
-- Which saved weight set is the survey's production set: one row per marking by the researcher,
-- the latest is current (the earlier ones say what production used before, and when). The
-- composite key keeps a survey from marking another survey's set.
ALTER TABLE weight_sets ADD CONSTRAINT weight_sets_id_survey_key UNIQUE (id, survey_id);
CREATE TABLE production_marks (
  seq bigserial PRIMARY KEY,
  survey_id text NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
  weight_set_id text NOT NULL,
  marked_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (weight_set_id, survey_id) REFERENCES weight_sets (id, survey_id) ON DELETE CASCADE
);
CREATE INDEX production_marks_survey_idx ON production_marks (survey_id, seq DESC);
`
  },
  {
    version: 5,
    name: 'Delphi rounds',
    sql: `
-- The round that takes answers now. Every survey is in round 1 until the researcher closes it
-- and opens round 2; a survey that never does behaves as before.
ALTER TABLE surveys ADD COLUMN current_round integer NOT NULL DEFAULT 1
  CHECK (current_round >= 1 AND current_round <= 100);
-- The researcher's Delphi settings (reasons, stop rule), validated by the shared schema.
ALTER TABLE surveys ADD COLUMN delphi jsonb;

-- The round a submission answered (rounds before this migration: 1), and the expert's optional
-- one-line reasons (node id -> one reason or null per pair), shown to the panel without names.
ALTER TABLE submissions ADD COLUMN round integer NOT NULL DEFAULT 1 CHECK (round >= 1);
ALTER TABLE submissions ADD COLUMN reasons jsonb;
CREATE INDEX submissions_round_idx ON submissions (survey_id, round, expert_id, seq DESC);

-- Rounds 2 and later: who is asked and which groups are asked again (null: all); the groups
-- not asked keep each expert's answers of the round before. How "settled" was decided is kept
-- beside them ({measure, threshold}), for the record.
CREATE TABLE survey_rounds (
  survey_id text NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
  number integer NOT NULL CHECK (number >= 2),
  experts text[],
  groups text[],
  settled_by jsonb,
  opened_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (survey_id, number)
);
`
  },
  {
    version: 6,
    name: 'snapshots of the loan book (monitoring)',
    sql: `
-- The loan book as of a date, scored with a pinned weight set, for early warning and monitoring.
-- Immutable: a warning list and the portfolio figures are computed from what was stored, never
-- rescored. The weight set's hash is kept beside its id: which model made these grades.
CREATE TABLE snapshots (
  id text PRIMARY KEY,
  survey_id text NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
  weight_set_id text NOT NULL REFERENCES weight_sets (id) ON DELETE CASCADE,
  weight_set_hash text NOT NULL CHECK (weight_set_hash ~ '^[0-9a-f]{64}$'),
  name text NOT NULL,
  as_of date NOT NULL,
  loans integer NOT NULL CHECK (loans >= 1),
  -- Loans with a known outcome, and of them the defaulted (for the list, without the data).
  outcomes integer NOT NULL CHECK (outcomes >= 0 AND outcomes <= loans),
  defaults integer NOT NULL CHECK (defaults >= 0 AND defaults <= outcomes),
  leaves integer NOT NULL CHECK (leaves >= 1),
  -- The loan ids joined by line feeds (an id holds no control character).
  loan_ids text NOT NULL,
  -- Per loan: total, points per indicator, days past due, grade, defaulted (packLoans).
  data bytea NOT NULL,
  -- Who added it: the researcher on the page, or production with the weight set's read token.
  source text NOT NULL CHECK (source IN ('researcher', 'production')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX snapshots_weight_set_idx ON snapshots (weight_set_id, as_of, created_at);
CREATE INDEX snapshots_survey_idx ON snapshots (survey_id, as_of);

CREATE FUNCTION snapshots_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'snapshots are immutable: add a new one instead';
END;
$$;
CREATE TRIGGER snapshots_no_update BEFORE UPDATE ON snapshots
  FOR EACH ROW EXECUTE FUNCTION snapshots_immutable();
`
  }
];

/** An arbitrary constant naming "Pairwise schema migrations" among advisory locks. */
const MIGRATION_LOCK = '7036457729317660001';

function checksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in order, in one transaction.
 * Returns the versions it applied (empty when the schema was already current).
 * @throws when a recorded migration's SQL has changed since it was applied, when the database
 *   has a version this code doesn't know (it is newer than the app), or when a migration fails
 *   (nothing is applied then)
 */
export async function migrate(
  db: Db,
  migrations: readonly Migration[] = MIGRATIONS
): Promise<number[]> {
  for (let k = 1; k < migrations.length; k++) {
    if (migrations[k]!.version <= migrations[k - 1]!.version) {
      throw new Error('migrate: migrations must have increasing versions');
    }
  }
  return db.transaction(async (tx) => {
    // Taken before anything else, so that even creating schema_migrations is serialised.
    await tx.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [MIGRATION_LOCK]);
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const applied = await tx.query<{ version: number; checksum: string }>(
      `SELECT version, checksum FROM schema_migrations ORDER BY version`
    );
    const known = new Map(migrations.map((m) => [m.version, m]));
    for (const row of applied) {
      const m = known.get(row.version);
      if (!m) {
        throw new Error(
          `migrate: the database has schema version ${row.version}, which this version of ` +
            'Pairwise does not know. Run a newer Pairwise, or restore a matching backup.'
        );
      }
      if (checksum(m.sql) !== row.checksum) {
        throw new Error(
          `migrate: migration ${m.version} (${m.name}) has changed since it was applied. ` +
            'Restore its original SQL and put the change in a new migration.'
        );
      }
    }
    const done = new Set(applied.map((r) => r.version));
    const versions: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query(
        `INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)`,
        [m.version, m.name, checksum(m.sql)]
      );
      versions.push(m.version);
    }
    return versions;
  });
}
