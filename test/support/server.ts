/** Test helpers: a real server on an ephemeral port and real socket.io-client sockets. */
import { afterAll, beforeAll } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startServer, type RunningServer } from '../../server/app.js';
import { testConfig, type ServerConfig } from '../../server/config.js';
import type { Ack } from '../../shared/protocol/errors.js';
import type { AnswerGradedPayload, ClientToServerEvents, CreatedSession, RoundRevealedPayload, ServerToClientEvents, TrainProgressPayload } from '../../shared/protocol/events.js';
import type { CreateSessionInput } from '../../shared/protocol/schemas.js';
import type { InstructorSnapshot, ProjectorSnapshot, PublicSession, SessionSnapshot, StudentSnapshot } from '../../shared/session/views.js';
import type { CloseReason } from '../../shared/session/state.js';
import type { StopReason } from '../../shared/engine/train.js';
import { applyRevealPatch, gradedFromWire, type RevealPatch } from '../../shared/protocol/reveal-wire.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<RunningServer> {
  return startServer(testConfig(overrides));
}

/**
 * A test file's own server, started before its tests and closed after them with every participant
 * pushed to `participants`. Call at the top of the file; read `server` inside the tests.
 */
export function useTestServer(overrides: Partial<ServerConfig> = {}): { readonly server: RunningServer; readonly participants: Participant[] } {
  let running: RunningServer | null = null;
  const participants: Participant[] = [];
  beforeAll(async () => {
    running = await startTestServer(overrides);
  });
  afterAll(async () => {
    for (const p of participants) p.close();
    await running?.close();
  });
  return {
    get server(): RunningServer {
      if (!running) throw new Error('the test server is not started yet (use it inside a test)');
      return running;
    },
    participants,
  };
}

export async function createSession(baseUrl: string, body: CreateSessionInput = {}): Promise<CreatedSession> {
  const res = await fetch(`${baseUrl}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`create session: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreatedSession;
}

/**
 * A connected participant that records everything the server sends, so tests can wait for
 * "the next state where ..." without racing the socket.
 */
export class Participant {
  readonly states: SessionSnapshot[] = [];
  /** Each round:revealed with its patch applied: `session` is the public state after the reveal (`patch` as sent). */
  readonly revealed: Array<{ readonly round: number; readonly iteration: number; readonly closedBy: CloseReason; readonly stopReason: StopReason | null; readonly session: PublicSession; readonly patch: RevealPatch }> = [];
  readonly graded: AnswerGradedPayload[] = [];
  readonly progress: TrainProgressPayload[] = [];
  readonly removed: string[] = [];
  private waiters: Array<() => void> = [];
  socket: ClientSocket;

  constructor(socket: ClientSocket) {
    this.socket = socket;
    this.listen(socket);
  }

  /** Records from another socket from now on (a client that moved to another node). */
  replaceSocket(socket: ClientSocket): void {
    this.socket = socket;
    this.listen(socket);
  }

  /** Every message received, in order, as its event name and JSON text (for checks on what a role was sent). */
  readonly raw: Array<{ readonly event: string; readonly json: string }> = [];

  private listen(socket: ClientSocket): void {
    socket.onAny((event: string, ...args: unknown[]) => this.raw.push({ event, json: JSON.stringify(args) }));
    socket.on('session:state', (s) => this.push(this.states, s));
    socket.on('round:revealed', (p) => {
      // The patch applies to the latest public state this socket holds (a snapshot or an earlier reveal).
      const base = this.latestSession();
      if (!base) throw new Error('round:revealed before any session:state');
      const session = applyRevealPatch(base, p.session);
      this.push(this.revealed, { round: p.round, iteration: session.reveal!.iteration, closedBy: session.round!.closedBy!, stopReason: session.reveal!.stopReason, session, patch: p.session });
    });
    socket.on('answer:graded', (p) => this.push(this.graded, gradedFromWire(p)));
    socket.on('train:progress', (p) => this.push(this.progress, p));
    socket.on('session:removed', (p) => this.push(this.removed, p.message));
    socket.on('connect', () => this.push(this.connects, Date.now()));
  }

  readonly connects: number[] = [];

  private push<T>(list: T[], item: T): void {
    list.push(item);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private latestSession(): PublicSession | null {
    const fromState = this.states.at(-1)?.session ?? null;
    const fromReveal = this.revealed.at(-1)?.session ?? null;
    if (!fromReveal) return fromState;
    if (!fromState) return fromReveal;
    return fromReveal.version > fromState.version ? fromReveal : fromState;
  }

  get state(): SessionSnapshot {
    const s = this.states.at(-1);
    if (!s) throw new Error('no state received yet');
    return s;
  }

  /** The latest `you` a student received (broadcast snapshots leave it out). */
  get you(): NonNullable<StudentSnapshot['you']> {
    for (let i = this.states.length - 1; i >= 0; i--) {
      const s = this.states[i]!;
      if (s.role === 'student' && s.you) return s.you;
    }
    throw new Error('no personal state received');
  }

  get staff(): InstructorSnapshot['staff'] {
    const s = this.state;
    if (s.role !== 'instructor') throw new Error('not the instructor');
    return s.staff;
  }

  get projectorView(): ProjectorSnapshot['staff'] {
    const s = this.state;
    if (s.role !== 'projector') throw new Error('not the projector');
    return s.staff;
  }

  async until<T>(check: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = check();
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  untilState(predicate: (s: SessionSnapshot) => boolean, what: string, timeoutMs?: number): Promise<SessionSnapshot> {
    return this.until(() => [...this.states].reverse().find(predicate), what, timeoutMs);
  }

  async send<E extends keyof ClientToServerEvents>(event: E, payload: Parameters<ClientToServerEvents[E]>[0]): Promise<Ack<Record<string, unknown>>> {
    return (await this.socket.timeout(10_000).emitWithAck(event as 'round:open', payload as never)) as Ack<Record<string, unknown>>;
  }

  close(): void {
    this.socket.disconnect();
  }
}

export type Auth =
  | { code: string; role: 'instructor'; token: string; tab?: string }
  | { code: string; role: 'student'; name: string; tab?: string; device?: string }
  | { code: string; role: 'student'; resumeToken: string; tab?: string; device?: string }
  | { code: string; role: 'student'; seat: string; tab?: string; device?: string }
  | { code: string; role: 'projector'; key: string; tab?: string };

/**
 * Connects and waits for the first state; rejects with the server's refusal (message and data.code).
 * `from`: the client address to claim through the loopback proxy trust (X-Forwarded-For).
 */
export function join(url: string, auth: Auth, options: { transports?: string[]; from?: string } = {}): Promise<Participant> {
  const socket: ClientSocket = connect(url, { auth, forceNew: true, reconnection: false, transports: options.transports ?? ['websocket'], ...(options.from && { extraHeaders: { 'x-forwarded-for': options.from } }) });
  const participant = new Participant(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect_error', (err: Error & { data?: { code: string } }) => {
      socket.close();
      reject(Object.assign(new Error(err.message), { code: err.data?.code }));
    });
    socket.once('session:state', () => resolve(participant));
  });
}

export function wait(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * A student as the web client behaves: reconnects by itself, and after the first join always
 * comes back with its resume token.
 */
export function resilientStudent(url: string, code: string, name: string): Participant & { token: () => string | undefined } {
  let token: string | undefined;
  const participant = resilient(url, () => (token ? { code, role: 'student', resumeToken: token } : { code, role: 'student', name }));
  participant.socket.on('session:state', (s) => {
    if (s.role === 'student' && s.you?.resumeToken) token = s.you.resumeToken;
  });
  return Object.assign(participant, { token: () => token });
}

/** A participant that reconnects by itself (quickly, for tests), asking `auth()` each time. */
export function resilient(url: string, auth: () => Auth): Participant {
  const socket: ClientSocket = connect(url, {
    auth: (cb) => cb(auth()),
    forceNew: true,
    transports: ['websocket'],
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
  });
  return new Participant(socket);
}

/**
 * A student behind a load balancer: connected to the first URL; when that node goes away, it
 * reconnects to the next one with its resume token, as the web client does behind a proxy.
 */
export function failoverStudent(urls: readonly string[], code: string, name: string): Participant & { token: () => string | undefined; node: () => number } {
  let token: string | undefined;
  let node = 0;
  const auth = (): Auth => (token ? { code, role: 'student', resumeToken: token } : { code, role: 'student', name });
  const open = (url: string): ClientSocket => {
    const socket: ClientSocket = connect(url, { auth: (cb) => cb(auth()), forceNew: true, transports: ['websocket'], reconnection: false });
    socket.on('session:state', (s) => {
      if (s.role === 'student' && s.you?.resumeToken) token = s.you.resumeToken;
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      node = (node + 1) % urls.length;
      setTimeout(() => participant.replaceSocket(open(urls[node]!)), 200);
    });
    return socket;
  };
  const participant = new Participant(open(urls[0]!));
  return Object.assign(participant, { token: () => token, node: () => node });
}
