/*
 * schema — the ordered list of migrations that build steward's database.
 *
 * Migration N moves the schema from user_version N-1 to N. Migrations are
 * only ever appended: a released migration is never edited, so every
 * database, whatever version it was created at, reaches the same schema.
 */
#include "store/schema.h"

#include <stddef.h>

static const char *const migrations[] = {
    /* 1: the core slice — experiments, runs, metrics, ledger. */
    "CREATE TABLE meta ("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL);"
    "CREATE TABLE ledger ("
    "  seq INTEGER PRIMARY KEY,"
    "  time_ms INTEGER NOT NULL,"
    "  principal TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  object TEXT NOT NULL,"
    "  payload TEXT NOT NULL,"
    "  prev_hash TEXT NOT NULL,"
    "  hash TEXT NOT NULL);"
    "CREATE TABLE experiments ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  state TEXT NOT NULL,"
    "  proposer TEXT NOT NULL,"
    "  proposer_role TEXT NOT NULL,"
    "  campaign TEXT,"
    "  argv TEXT NOT NULL,"
    "  workdir TEXT NOT NULL,"
    "  params TEXT NOT NULL,"
    "  cpus REAL NOT NULL,"
    "  mem_bytes INTEGER NOT NULL,"
    "  gpus INTEGER NOT NULL,"
    "  time_s INTEGER NOT NULL,"
    "  disk_bytes INTEGER NOT NULL,"
    "  network INTEGER NOT NULL,"
    "  tags TEXT NOT NULL,"
    "  rationale TEXT NOT NULL,"
    "  content_hash TEXT NOT NULL,"
    "  decision TEXT,"
    "  policy_hash TEXT,"
    "  created_ms INTEGER NOT NULL,"
    "  updated_ms INTEGER NOT NULL);"
    "CREATE INDEX experiments_state ON experiments(state, id);"
    "CREATE TABLE reviews ("
    "  id INTEGER PRIMARY KEY,"
    "  experiment_id INTEGER NOT NULL REFERENCES experiments(id),"
    "  principal TEXT NOT NULL,"
    "  verdict TEXT NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  content_hash TEXT NOT NULL,"
    "  time_ms INTEGER NOT NULL);"
    "CREATE TABLE runs ("
    "  id INTEGER PRIMARY KEY,"
    "  experiment_id INTEGER NOT NULL REFERENCES experiments(id),"
    "  backend TEXT NOT NULL,"
    "  supervisor_pid INTEGER,"
    "  supervisor_start TEXT,"
    "  job_id TEXT,"
    "  queued_ms INTEGER NOT NULL,"
    "  started_ms INTEGER,"
    "  ended_ms INTEGER,"
    "  exit_code INTEGER,"
    "  signal INTEGER,"
    "  end_reason TEXT,"
    "  user_s REAL,"
    "  sys_s REAL,"
    "  max_rss_kb INTEGER,"
    "  log_dropped INTEGER NOT NULL DEFAULT 0,"
    "  metrics_points INTEGER NOT NULL DEFAULT 0,"
    "  metrics_bad_lines INTEGER NOT NULL DEFAULT 0,"
    "  metrics_offset INTEGER NOT NULL DEFAULT 0,"
    "  enforcement TEXT,"
    "  artifacts TEXT);"
    "CREATE INDEX runs_experiment ON runs(experiment_id);"
    "CREATE TABLE metric_series ("
    "  id INTEGER PRIMARY KEY,"
    "  run_id INTEGER NOT NULL REFERENCES runs(id),"
    "  name TEXT NOT NULL,"
    "  UNIQUE(run_id, name));"
    /* Clustered on (series, step): a run's points append at the end of
     * their series, and reading a series is one range scan. A step
     * reported twice keeps its last value. */
    "CREATE TABLE metrics ("
    "  series_id INTEGER NOT NULL REFERENCES metric_series(id),"
    "  step INTEGER NOT NULL,"
    "  value REAL,"
    "  PRIMARY KEY (series_id, step)) WITHOUT ROWID;",
    /* 2: principals — tokens bound to roles (only hashes stored); halts. */
    "CREATE TABLE tokens ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  role TEXT NOT NULL CHECK (role IN ('owner', 'reviewer', 'agent')),"
    "  hash TEXT NOT NULL UNIQUE,"
    "  created_by TEXT NOT NULL,"
    "  created_ms INTEGER NOT NULL,"
    "  expires_ms INTEGER,"
    "  revoked_ms INTEGER);"
    "CREATE TABLE halts ("
    "  id INTEGER PRIMARY KEY,"
    "  scope TEXT NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  halted_by TEXT NOT NULL,"
    "  halted_ms INTEGER NOT NULL,"
    "  resumed_by TEXT,"
    "  resumed_ms INTEGER);",
    /* 3: campaigns — an objective, an envelope a human approves once, and
     * optionally a search that proposes its own trials. */
    "CREATE TABLE campaigns ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  metric TEXT NOT NULL,"
    "  direction TEXT NOT NULL CHECK (direction IN ('minimize', 'maximize')),"
    "  envelope TEXT NOT NULL,"
    "  argv TEXT,"
    "  space TEXT,"
    "  options TEXT NOT NULL,"
    "  state TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  created_ms INTEGER NOT NULL,"
    "  approved_by TEXT,"
    "  approved_ms INTEGER,"
    "  search_state TEXT);"
    "CREATE TABLE campaign_trials ("
    "  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),"
    "  trial INTEGER NOT NULL,"
    "  experiment_id INTEGER NOT NULL REFERENCES experiments(id),"
    "  state TEXT NOT NULL,"
    "  value REAL,"
    "  reported_step INTEGER NOT NULL DEFAULT -1,"
    "  note TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY (campaign_id, trial));",
    /* 4: comparisons, kept so that promotion gates can cite them. */
    "CREATE TABLE comparisons ("
    "  id INTEGER PRIMARY KEY,"
    "  a TEXT NOT NULL,"
    "  b TEXT NOT NULL,"
    "  result TEXT NOT NULL,"
    "  principal TEXT NOT NULL,"
    "  created_ms INTEGER NOT NULL);",
    /* 5: why a running run was asked to stop (cancel, halt, pruner). */
    "ALTER TABLE runs ADD COLUMN stop_request TEXT;",
    /* 6: snapshots — the working tree a proposal binds, by content; the
     * manifest is named by its own hash (see src/snapshot/). */
    "CREATE TABLE snapshots ("
    "  hash TEXT PRIMARY KEY,"
    "  manifest TEXT NOT NULL,"
    "  files INTEGER NOT NULL,"
    "  bytes INTEGER NOT NULL,"
    "  created_ms INTEGER NOT NULL);"
    "ALTER TABLE experiments ADD COLUMN snapshot TEXT;"
    "ALTER TABLE campaigns ADD COLUMN snapshot TEXT;",
    /* 7: people — who a Unix uid is (the server maps peers by uid), the
     * person each token belongs to, and the agent sessions a server
     * listens for (so their sockets come back after a restart). */
    "CREATE TABLE people ("
    "  name TEXT PRIMARY KEY,"
    "  uid INTEGER UNIQUE,"
    "  role TEXT NOT NULL CHECK (role IN ('owner', 'reviewer', 'agent')),"
    "  added_by TEXT NOT NULL,"
    "  added_ms INTEGER NOT NULL);"
    "ALTER TABLE tokens ADD COLUMN person TEXT;"
    "CREATE TABLE agent_sessions ("
    "  name TEXT PRIMARY KEY,"
    "  dir TEXT NOT NULL,"
    "  launcher TEXT NOT NULL,"
    "  started_ms INTEGER NOT NULL,"
    "  ended_ms INTEGER,"
    "  outcome TEXT);",
    /* 8: why a campaign failed or paused, and its trials denied in a row
     * (a runaway search pauses itself). */
    "ALTER TABLE campaigns ADD COLUMN state_reason TEXT;"
    "ALTER TABLE campaigns ADD COLUMN denials INTEGER NOT NULL DEFAULT 0;",
    /* 9: promotion — candidates (a run's artifact with its lineage), the
     * promotions asked for, their approvals (each bound to a fingerprint
     * of candidate, policy and evidence), and the production pointer's
     * history, whose last row per name is the pointer (src/promote/). */
    "CREATE TABLE candidates ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  experiment_id INTEGER NOT NULL REFERENCES experiments(id),"
    "  run_id INTEGER NOT NULL,"
    "  path TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  parent_id INTEGER REFERENCES candidates(id),"
    "  lineage TEXT NOT NULL,"
    "  added_by TEXT NOT NULL,"
    "  added_ms INTEGER NOT NULL);"
    "CREATE TABLE promotions ("
    "  id INTEGER PRIMARY KEY,"
    "  candidate_id INTEGER NOT NULL REFERENCES candidates(id),"
    "  target TEXT NOT NULL,"
    "  state TEXT NOT NULL,"
    "  requester TEXT NOT NULL,"
    "  reason TEXT NOT NULL DEFAULT '',"
    "  created_ms INTEGER NOT NULL,"
    "  decided_by TEXT,"
    "  decided_ms INTEGER,"
    "  outcome TEXT);"
    "CREATE TABLE promotion_approvals ("
    "  promotion_id INTEGER NOT NULL REFERENCES promotions(id),"
    "  principal TEXT NOT NULL,"
    "  fingerprint TEXT NOT NULL,"
    "  reason TEXT NOT NULL DEFAULT '',"
    "  created_ms INTEGER NOT NULL,"
    "  PRIMARY KEY (promotion_id, principal));"
    "CREATE TABLE production ("
    "  seq INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  target TEXT NOT NULL,"
    "  candidate_id INTEGER NOT NULL REFERENCES candidates(id),"
    "  previous_id INTEGER REFERENCES candidates(id),"
    "  promotion_id INTEGER,"
    "  action TEXT NOT NULL,"
    "  by TEXT NOT NULL,"
    "  evidence TEXT NOT NULL,"
    "  created_ms INTEGER NOT NULL);",
    /* 10: uploads — the contents each principal sent. A snapshot may name
     * a content without sending it only if its principal sent it before
     * (knowing a hash is not having the file); sizes bound what one
     * principal may send a day. */
    "CREATE TABLE uploads ("
    "  principal TEXT NOT NULL,"
    "  sha TEXT NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  time_ms INTEGER NOT NULL,"
    "  PRIMARY KEY (principal, sha)) WITHOUT ROWID;",
    /* 29: metrics are read by the dispatcher while the run goes and by
     * whoever records its end, so a reader resumes where another stopped:
     * at a line boundary, numbering step-less lines on from there. */
    "ALTER TABLE runs ADD COLUMN metrics_lines INTEGER NOT NULL DEFAULT 0;",
};

size_t schema_migration_count(void)
{
    return sizeof migrations / sizeof migrations[0];
}

const char *schema_migration(size_t version)
{
    if (version < 1 || version > schema_migration_count())
        return NULL;
    return migrations[version - 1];
}
