/**
 * The SQLite schema, versioned. Applied in order at start; each runs once (recorded in
 * schema_migrations). Never edit an applied migration: add the next one.
 *
 * `events` is the source of truth; the other tables are projections of it, kept in the same
 * transaction, for exports, inspection with the sqlite3 shell, and operations.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE sessions (
        code TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        last_activity_at INTEGER NOT NULL,
        version INTEGER NOT NULL,
        finished INTEGER NOT NULL DEFAULT 0,
        instructor_token_hash TEXT NOT NULL,
        setup TEXT NOT NULL,
        settings TEXT NOT NULL,
        iteration INTEGER NOT NULL,
        params TEXT NOT NULL
      );
      CREATE INDEX sessions_live ON sessions (finished, last_activity_at);

      CREATE TABLE events (
        code TEXT NOT NULL REFERENCES sessions (code) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        at INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (code, seq)
      ) WITHOUT ROWID;

      CREATE TABLE iterations (
        code TEXT NOT NULL REFERENCES sessions (code) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        iteration INTEGER NOT NULL,
        params TEXT NOT NULL,
        ssr REAL,
        at INTEGER NOT NULL,
        PRIMARY KEY (code, seq)
      ) WITHOUT ROWID;

      CREATE TABLE students (
        code TEXT NOT NULL REFERENCES sessions (code) ON DELETE CASCADE,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL,
        joined_at INTEGER NOT NULL,
        removed INTEGER NOT NULL DEFAULT 0,
        score REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (code, id)
      ) WITHOUT ROWID;

      CREATE TABLE answers (
        code TEXT NOT NULL REFERENCES sessions (code) ON DELETE CASCADE,
        round INTEGER NOT NULL,
        student_id TEXT NOT NULL,
        iteration INTEGER NOT NULL,
        answers TEXT NOT NULL,
        at INTEGER NOT NULL,
        revision INTEGER NOT NULL,
        points REAL NOT NULL,
        PRIMARY KEY (code, round, student_id)
      ) WITHOUT ROWID;

      CREATE TABLE grades (
        code TEXT NOT NULL REFERENCES sessions (code) ON DELETE CASCADE,
        round INTEGER NOT NULL,
        student_id TEXT NOT NULL,
        quantity TEXT NOT NULL,
        param TEXT NOT NULL,
        iteration INTEGER NOT NULL,
        answer REAL,
        exact REAL NOT NULL,
        correct INTEGER NOT NULL,
        credit TEXT NOT NULL,
        mistake TEXT,
        points REAL NOT NULL,
        PRIMARY KEY (code, round, student_id, quantity, param)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'answers-keep-their-event',
    // The seq of the event behind each answer, so a revision can drop the event it supersedes
    // (null for answers stored before: their events stay).
    sql: `ALTER TABLE answers ADD COLUMN seq INTEGER;`,
  },
  {
    version: 3,
    name: 'grades-per-point',
    // Fields of the chain's links are per data point (point, 0-based) and some have no parameter:
    // both may be null, so the key becomes a unique index over them.
    sql: `
      CREATE TABLE grades_per_point (
        code TEXT NOT NULL REFERENCES sessions (code) ON DELETE CASCADE,
        round INTEGER NOT NULL,
        student_id TEXT NOT NULL,
        quantity TEXT NOT NULL,
        param TEXT,
        point INTEGER,
        iteration INTEGER NOT NULL,
        answer REAL,
        exact REAL NOT NULL,
        correct INTEGER NOT NULL,
        credit TEXT NOT NULL,
        mistake TEXT,
        points REAL NOT NULL
      );
      INSERT INTO grades_per_point (code, round, student_id, quantity, param, point, iteration, answer, exact, correct, credit, mistake, points)
        SELECT code, round, student_id, quantity, param, NULL, iteration, answer, exact, correct, credit, mistake, points FROM grades;
      DROP TABLE grades;
      ALTER TABLE grades_per_point RENAME TO grades;
      CREATE UNIQUE INDEX grades_field ON grades (code, round, student_id, quantity, ifnull(param, ''), ifnull(point, -1));
    `,
  },
];
