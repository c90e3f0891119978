/**
 * The embedded store: one SQLite file (better-sqlite3), WAL mode.
 *
 * Appends are group-committed: every append made during one turn of the event loop is written
 * in a single transaction on the next turn (setImmediate), then all their promises resolve.
 * A burst of answers thus costs one commit per turn instead of one per answer, and an answer is
 * acknowledged only after its commit. synchronous=NORMAL in WAL mode survives a crash of the
 * process (SIGKILL included); only a power loss can take back the last commits.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { assertNever, type SessionEvent } from '../../shared/session/events.js';
import type { AppendResult, SessionStore, StoredLog } from './session-store.js';
import { MIGRATIONS } from './sqlite-migrations.js';

interface PendingAppend {
  readonly code: string;
  readonly expectedVersion: number;
  readonly events: readonly SessionEvent[];
  readonly create: boolean;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

export interface SqliteStoreOptions {
  /** A file path, or ':memory:'. */
  readonly path: string;
}

export interface WriteStats {
  commits: number;
  events: number;
  /** Longest single commit, ms: how long a flush held the event loop. */
  longestCommitMs: number;
}

/** The rounds of session @code that were revealed (their answers and grades are final). */
const REVEALED_ROUNDS = `SELECT json_extract(body, '$.round') FROM events WHERE code = @code AND type = 'round-revealed'`;

export class SqliteSessionStore implements SessionStore {
  readonly kind = 'sqlite';
  readonly stats: WriteStats = { commits: 0, events: 0, longestCommitMs: 0 };
  private readonly db: Database.Database;
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly statements;

  /** @throws Error on a Node.js without Node-API 10 (older than 22.14), where better-sqlite3 13 would crash the process. */
  constructor(options: SqliteStoreOptions) {
    // better-sqlite3 13 is a Node-API 10 addon: on Node 20 `new Database` segfaults instead of failing.
    if (Number(process.versions.napi) < 10) throw new Error(`the SQLite store needs Node.js 22.14 or newer (Node-API 10); this is Node.js ${process.version}`);
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
    const db = this.db;
    this.statements = {
      version: db.prepare<[string], { version: number }>('SELECT version FROM sessions WHERE code = ?'),
      insertSession: db.prepare(
        `INSERT INTO sessions (code, created_at, last_activity_at, version, instructor_token_hash, setup, settings, iteration, params)
         VALUES (@code, @at, @at, 0, @tokenHash, @setup, @settings, 0, @params)`,
      ),
      touch: db.prepare('UPDATE sessions SET version = ?, last_activity_at = max(last_activity_at, ?) WHERE code = ?'),
      insertEvent: db.prepare('INSERT INTO events (code, seq, type, at, body) VALUES (?, ?, ?, ?, ?)'),
      insertIteration: db.prepare('INSERT INTO iterations (code, seq, iteration, params, ssr, at) VALUES (?, ?, ?, ?, ?, ?)'),
      setParams: db.prepare('UPDATE sessions SET iteration = ?, params = ? WHERE code = ?'),
      setSettings: db.prepare('UPDATE sessions SET settings = ? WHERE code = ?'),
      finish: db.prepare('UPDATE sessions SET finished = 1 WHERE code = ?'),
      unfinish: db.prepare('UPDATE sessions SET finished = 0 WHERE code = ?'),
      insertStudent: db.prepare('INSERT INTO students (code, id, name, token_hash, joined_at) VALUES (?, ?, ?, ?, ?)'),
      removeStudent: db.prepare('UPDATE students SET removed = 1 WHERE code = ? AND id = ?'),
      readmitStudent: db.prepare('UPDATE students SET removed = 0 WHERE code = ? AND id = ?'),
      setStudentToken: db.prepare('UPDATE students SET token_hash = ? WHERE code = ? AND id = ?'),
      upsertAnswer: db.prepare(
        `INSERT INTO answers (code, round, student_id, iteration, answers, at, revision, points, seq) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)
         ON CONFLICT (code, round, student_id) DO UPDATE SET answers = excluded.answers, at = excluded.at, revision = revision + 1, points = excluded.points, seq = excluded.seq`,
      ),
      answerSeq: db.prepare<[string, number, string], { seq: number | null }>('SELECT seq FROM answers WHERE code = ? AND round = ? AND student_id = ?'),
      dropEvent: db.prepare('DELETE FROM events WHERE code = ? AND seq = ?'),
      clearGrades: db.prepare('DELETE FROM grades WHERE code = ? AND round = ? AND student_id = ?'),
      insertGrade: db.prepare(
        `INSERT INTO grades (code, round, student_id, quantity, param, point, iteration, answer, exact, correct, credit, mistake, points)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      // At a reveal: every active student's score takes their answer's points (none: the empty answer's).
      addRoundScores: db.prepare(
        `UPDATE students SET score = score + coalesce((SELECT points FROM answers a WHERE a.code = students.code AND a.round = @round AND a.student_id = students.id), @unanswered)
         WHERE code = @code AND removed = 0`,
      ),
      // ... and the students without an answer get their empty grade rows, one statement per field.
      insertUnansweredGrades: db.prepare(
        `INSERT INTO grades (code, round, student_id, quantity, param, point, iteration, answer, exact, correct, credit, mistake, points)
         SELECT s.code, @round, s.id, @quantity, @param, @point, @iteration, NULL, @exact, 0, 'none', NULL, @points FROM students s
         WHERE s.code = @code AND s.removed = 0 AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.code = s.code AND a.round = @round AND a.student_id = s.id)`,
      ),
      // As the fold does, a removed student's answer to the round still open (not yet revealed) no
      // longer counts: its answer and grade rows go; answers to revealed rounds stay.
      // Their events go too: the fold drops the answer (it no longer counts), and after a readmission
      // nothing else would supersede them.
      dropUnrevealedAnswerEventsOf: db.prepare(
        `DELETE FROM events WHERE code = @code AND seq IN (SELECT seq FROM answers WHERE code = @code AND student_id = @student AND seq IS NOT NULL AND round NOT IN (${REVEALED_ROUNDS}))`,
      ),
      dropUnrevealedAnswersOf: db.prepare(`DELETE FROM answers WHERE code = @code AND student_id = @student AND round NOT IN (${REVEALED_ROUNDS})`),
      dropUnrevealedGradesOf: db.prepare(`DELETE FROM grades WHERE code = @code AND student_id = @student AND round NOT IN (${REVEALED_ROUNDS})`),
      load: db.prepare<[string], { body: string }>('SELECT body FROM events WHERE code = ? ORDER BY seq'),
      since: db.prepare<[string, number], { body: string }>('SELECT body FROM events WHERE code = ? AND seq > ? ORDER BY seq'),
      live: db.prepare<[], { code: string }>('SELECT code FROM sessions WHERE finished = 0 ORDER BY created_at'),
      expire: db.prepare('DELETE FROM sessions WHERE last_activity_at < ?'),
    };
  }

  create(code: string, events: readonly SessionEvent[]): Promise<boolean> {
    return this.enqueue(code, 0, events, true).then((r) => r === 'ok');
  }

  append(code: string, expectedVersion: number, events: readonly SessionEvent[]): Promise<AppendResult> {
    if (events.length === 0) return Promise.resolve('ok');
    return this.enqueue(code, expectedVersion, events, false);
  }

  async load(code: string): Promise<StoredLog | null> {
    const version = this.statements.version.get(code)?.version;
    if (version === undefined) return null;
    return { events: this.statements.load.all(code).map((r) => JSON.parse(r.body) as SessionEvent), version };
  }

  async eventsSince(code: string, version: number): Promise<StoredLog> {
    // better-sqlite3 is synchronous: no write can fall between the two reads.
    const now = this.statements.version.get(code)?.version ?? version;
    return { events: this.statements.since.all(code, version).map((r) => JSON.parse(r.body) as SessionEvent), version: now };
  }

  async liveCodes(): Promise<string[]> {
    return this.statements.live.all().map((r) => r.code);
  }

  async expire(before: number): Promise<number> {
    // Writes waiting for the group commit first: a session being written to is in use, and its
    // write must not find the session gone (it would fail as a conflict, forever).
    this.flush();
    return this.statements.expire.run(before).changes;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.db.close();
  }

  /** Direct read access for exports and tests (the projections). */
  query<T>(sql: string, ...params: unknown[]): T[] {
    return this.db.prepare(sql).all(...params) as T[];
  }

  private enqueue(code: string, expectedVersion: number, events: readonly SessionEvent[], create: boolean): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ code, expectedVersion, events, create, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    const results: AppendResult[] = [];
    const started = performance.now();
    try {
      this.db.transaction(() => {
        for (const item of batch) results.push(this.write(item));
      })();
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    const ms = performance.now() - started;
    this.stats.commits++;
    this.stats.longestCommitMs = Math.max(this.stats.longestCommitMs, ms);
    batch.forEach((item, i) => {
      if (results[i] === 'ok') this.stats.events += item.events.length;
      item.resolve(results[i]!);
    });
  }

  private write(item: PendingAppend): AppendResult {
    const s = this.statements;
    const current = s.version.get(item.code)?.version;
    if (item.create ? current !== undefined : current !== item.expectedVersion) return 'conflict';
    let seq = item.expectedVersion;
    let lastAt = 0;
    for (const event of item.events) {
      seq++;
      lastAt = Math.max(lastAt, event.at);
      if (event.type === 'session-created') {
        s.insertSession.run({
          code: item.code,
          at: event.at,
          tokenHash: event.instructorTokenHash,
          setup: JSON.stringify(event.setup),
          settings: JSON.stringify(event.settings),
          params: JSON.stringify(event.setup.initialParams),
        });
      }
      s.insertEvent.run(item.code, seq, event.type, event.at, JSON.stringify(event));
      this.project(item.code, seq, event);
    }
    s.touch.run(seq, lastAt, item.code);
    return 'ok';
  }

  /** Keeps the query tables in step with the log. */
  private project(code: string, seq: number, event: SessionEvent): void {
    const s = this.statements;
    switch (event.type) {
      case 'session-created':
        s.insertIteration.run(code, seq, 0, JSON.stringify(event.setup.initialParams), null, event.at);
        break;
      case 'student-joined':
        s.insertStudent.run(code, event.studentId, event.name, event.tokenHash, event.at);
        break;
      case 'student-removed':
        s.removeStudent.run(code, event.studentId);
        s.dropUnrevealedAnswerEventsOf.run({ code, student: event.studentId });
        s.dropUnrevealedAnswersOf.run({ code, student: event.studentId });
        s.dropUnrevealedGradesOf.run({ code, student: event.studentId });
        break;
      case 'answer-submitted': {
        // The answer supersedes the student's earlier one of this round: its event goes, so the log
        // grows with students, not with keystrokes (the event carries all that replay needs).
        const superseded = s.answerSeq.get(code, event.round, event.studentId)?.seq;
        if (superseded != null) s.dropEvent.run(code, superseded);
        s.upsertAnswer.run(code, event.round, event.studentId, event.iteration, JSON.stringify(event.answers), event.at, event.grade.points, seq);
        s.clearGrades.run(code, event.round, event.studentId);
        for (const f of event.grade.fields) {
          s.insertGrade.run(code, event.round, event.studentId, f.quantity, f.param ?? null, f.point ?? null, event.iteration, f.answer, f.exact, f.correct ? 1 : 0, f.credit, f.mistake ?? null, f.points);
        }
        break;
      }
      case 'round-revealed':
        s.addRoundScores.run({ code, round: event.round, unanswered: event.unanswered.points });
        for (const f of event.unanswered.fields) {
          s.insertUnansweredGrades.run({ code, round: event.round, iteration: event.iteration, quantity: f.quantity, param: f.param ?? null, point: f.point ?? null, exact: f.exact, points: f.points });
        }
        break;
      case 'advanced':
      case 'session-reset': {
        const iteration = event.type === 'advanced' ? event.iteration : 0;
        s.insertIteration.run(code, seq, iteration, JSON.stringify(event.params), event.ssr, event.at);
        s.setParams.run(iteration, JSON.stringify(event.params), code);
        if (event.type === 'session-reset') s.unfinish.run(code);
        break;
      }
      case 'settings-changed':
        s.setSettings.run(JSON.stringify(event.settings), code);
        break;
      case 'session-finished':
        s.finish.run(code);
        break;
      case 'student-readmitted':
        s.readmitStudent.run(code, event.studentId);
        break;
      case 'student-token-changed':
        s.setStudentToken.run(event.tokenHash, code, event.studentId);
        break;
      case 'joining-locked':
      case 'projector-key-changed':
      case 'round-opened':
      case 'round-extended':
      case 'run-started':
      case 'run-stopped':
      case 'training-stopped':
        break;
      default:
        assertNever(event);
    }
  }
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const applied = new Set(db.prepare<[], { version: number }>('SELECT version FROM schema_migrations').all().map((r) => r.version));
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
    })();
  }
}
