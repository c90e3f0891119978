/**
 * The reactive controller that owns a view's socket.io connection: it connects with the role's
 * handshake, keeps the latest snapshots (see state.ts), reconnects by itself with the same
 * identity, stops and says why when the server refuses, and sends commands with acknowledgement.
 * On a wake (see lib/wake.ts) it drops a connection it cannot trust and reconnects on a fresh one
 * at once, so a phone back from sleep does not wait out dead connections.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io, type Socket } from 'socket.io-client';
import type { Ack, ErrorCode, ProtocolError } from '../../shared/protocol/errors.js';
import type { ClientToServerEvents, RoundRevealedPayload, ServerToClientEvents } from '../../shared/protocol/events.js';
import { applyRevealPatch, gradedFromWire } from '../../shared/protocol/reveal-wire.js';
import type { AckOf, ClientEventName, PayloadOf } from '../../shared/protocol/client-events.js';
import type { Handshake } from '../../shared/protocol/schemas.js';
import type { SeatChangeReason } from '../../shared/session/events.js';
import type { SessionSnapshot } from '../../shared/session/views.js';
import { storage } from '../lib/storage.js';
import { watchWake, type WakeSignal } from '../lib/wake.js';
import { initialSession, withGrade, type ClientSession, type Role } from './state.js';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Refusals that trying again cannot fix: stop and show the reason. */
const FINAL_REFUSALS = new Set<string>(['forbidden', 'removed', 'unknown-session', 'invalid-payload', 'invalid-name', 'locked', 'session-full', 'finished']);
const ACK_TIMEOUT_MS = 10_000;
const REDUCED_MOTION_FRAME_MS = 700;
/**
 * How long one connect attempt may take to open its engine.io connection, by attempt (the last
 * value repeats). Short at first: on a fresh path a handshake takes a few round trips, and an
 * attempt stuck on a dead connection (one the browser kept in its pool from before a sleep) fails
 * fast and the next one starts; longer later, so a very slow network still gets in.
 */
const CONNECT_TIMEOUTS_MS = [5_000, 5_000, 10_000, 20_000];
/** The server's ping interval until its handshake says otherwise (engine.io's default). */
const DEFAULT_PING_INTERVAL_MS = 25_000;
/**
 * On a wake, a connection that has heard nothing (no ping, no message) for one ping interval plus
 * this is not trusted: the server pings every interval on a live connection.
 */
const WAKE_SILENCE_GRACE_MS = 2_000;
/** A wake does not restart a connect attempt younger than this: it is already on a fresh path. */
const FRESH_ATTEMPT_MS = 2_000;

function prefersReducedMotion(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export interface SessionControllerOptions {
  readonly code: string;
  readonly role: Role;
  /** A student's first snapshot carries their resume token (and, when new, their seat code): keep them. */
  readonly onResumeToken?: (token: string, name: string, seatCode?: string) => void;
  /** This device was signed out of the student's seat: its token is dead (the seat code is not, unless `new-seat`). */
  readonly onSignedOut?: (reason: SeatChangeReason) => void;
  /** The server refused this identity for good (removed, or a token it does not know). */
  readonly onRefused?: (error: ProtocolError) => void;
  readonly onRevealed?: (payload: RoundRevealedPayload) => void;
}

export class SessionController implements ReactiveController {
  state: ClientSession;
  private socket: ClientSocket | null = null;
  private handshake: Handshake | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retries = 0;
  private stopped = false;
  private lastProgressPaint = 0;
  private stopWatchingWake: (() => void) | null = null;
  /** Date.now() when the server was last heard on the current connection (a ping or a message). */
  private lastHeard = 0;
  /** Date.now() when the connect attempt in progress started; 0 when none is. */
  private attemptStartedAt = 0;
  /** How often the server pings (ms), from its engine.io handshake. */
  private pingInterval = DEFAULT_PING_INTERVAL_MS;
  /** The websocket transport has worked from this page: reconnects try it first. */
  private websocketWorked = false;
  private readonly watchedEngines = new WeakSet<object>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: SessionControllerOptions,
  ) {
    this.state = initialSession(options.code, options.role);
    host.addController(this);
  }

  hostConnected(): void {
    this.stopWatchingWake ??= watchWake((signal) => this.onWake(signal));
    if (this.handshake && !this.socket && !this.stopped) this.open();
  }

  hostDisconnected(): void {
    this.stopWatchingWake?.();
    this.stopWatchingWake = null;
    this.close();
  }

  /** Connects (or reconnects) with this identity. */
  connect(handshake: Handshake): void {
    this.handshake = handshake;
    this.stopped = false;
    this.close();
    this.update({ refusal: null, connection: 'connecting', attempts: 0, signedOut: null, elsewhere: null });
    this.open();
  }

  /** Switches the identity used for every later reconnect (a student's resume token). */
  setHandshake(handshake: Handshake): void {
    this.handshake = handshake;
  }

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  /** Sends a command; always resolves with the server's answer or a local failure. */
  async send<E extends ClientEventName>(event: E, payload: PayloadOf<E>): Promise<Ack<AckOf<E>>> {
    const socket = this.socket;
    if (!socket || !socket.connected) return failure('unavailable', 'Not connected to the server right now. It reconnects by itself; try again in a moment.');
    try {
      // socket.io's emit overloads cannot follow a generic event name to its own payload and ack types.
      const timed = socket.timeout(ACK_TIMEOUT_MS) as unknown as { emitWithAck(e: E, p: PayloadOf<E>): Promise<Ack<AckOf<E>>> };
      return await timed.emitWithAck(event, payload);
    } catch (e) {
      // socket.io fails a pending acknowledgement at once when the connection drops.
      if (e instanceof Error && /disconnected/.test(e.message)) return failure('unavailable', 'The connection dropped before the server confirmed this. It reconnects by itself; send again then.');
      return failure('unavailable', 'The server did not answer in time. Check the connection and try again.');
    }
  }

  /**
   * Sends a student's answer. The acknowledgement confirms what was stored (the server sends the
   * new `you.answer` only to the student's other tabs), so this tab records it from the ack.
   */
  async submitAnswer(payload: PayloadOf<'answer:submit'>): Promise<Ack<AckOf<'answer:submit'>>> {
    const ack = await this.send('answer:submit', payload);
    const you = this.state.you;
    if (ack.ok && you) this.update({ you: { ...you, answer: { round: ack.round, answers: ack.stored, at: ack.at, revision: ack.revision, done: ack.done } } });
    return ack;
  }

  /**
   * Signs the student's other devices and tabs out of her seat: this tab gets a new resume token
   * (kept, as after joining); the others' token stops working.
   */
  async signOutOthers(): Promise<Ack<AckOf<'student:sign-out-others'>>> {
    const ack = await this.send('student:sign-out-others', {});
    if (ack.ok) {
      this.handshake = { code: this.options.code, role: 'student', resumeToken: ack.resumeToken };
      if (this.state.you) this.options.onResumeToken?.(ack.resumeToken, this.state.you.name, ack.seatCode);
      this.update({ elsewhere: null });
    }
    return ack;
  }

  /** Hides the "opened on another device" notice (it was this student's own device). */
  dismissElsewhere(): void {
    this.update({ elsewhere: null });
  }

  private open(): void {
    if (!this.handshake) return;
    const socket: ClientSocket = io({
      path: '/socket.io',
      forceNew: true,
      // Evaluated at every attempt, so a reconnect uses the latest identity (the resume token).
      // Every tab sends its id: the server's limits count per client, and a student's reconnecting
      // tab replaces its own old socket.
      // A student's browser also sends its own id, so a copied token shows as another device.
      auth: (cb) => cb(this.handshake ? { ...this.handshake, tab: storage.tabId(), ...(this.handshake.role === 'student' && { device: storage.deviceId() }) } : {}),
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      randomizationFactor: 0.3,
      timeout: CONNECT_TIMEOUTS_MS[0]!,
      // When the first transport fails outright (a websocket refused by a proxy), try the next
      // one in the same attempt.
      tryAllTransports: true,
    });
    this.socket = socket;
    this.attemptStartedAt = Date.now();
    this.watchEngine();

    socket.on('connect', () => {
      this.retries = 0;
      this.lastHeard = Date.now();
      if (socket.io.engine.transport.name === 'websocket') this.websocketWorked = true;
      this.update({ connection: 'connected', attempts: 0, refusal: null, notice: null });
    });
    socket.on('disconnect', (reason) => {
      if (this.stopped) return;
      this.update({ connection: 'reconnecting' });
      // The server closed this socket on purpose (not a removal, handled below): come back.
      if (reason === 'io server disconnect') this.retryLater();
    });
    socket.io.on('reconnect_attempt', (attempt) => {
      this.prepareAttempt(attempt);
      // The manager opens the attempt's engine right after this event.
      queueMicrotask(() => this.watchEngine());
      if (!this.stopped) this.update({ connection: 'reconnecting', attempts: attempt });
    });
    // Every ping and message proves the path works.
    socket.io.on('ping', () => (this.lastHeard = Date.now()));
    socket.io.on('packet', () => (this.lastHeard = Date.now()));
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      this.attemptStartedAt = 0;
      const code = err.data?.code;
      if (code && FINAL_REFUSALS.has(code)) {
        const refusal: ProtocolError = { code: code as ErrorCode, message: err.message };
        this.stop();
        this.update({ connection: 'refused', refusal });
        this.options.onRefused?.(refusal);
        return;
      }
      // Transport errors retry by themselves (socket.active); a refusal such as rate-limited or
      // shutting-down does not, so try again after a pause.
      this.update({ connection: this.state.session ? 'reconnecting' : 'connecting', notice: code ? err.message : this.state.notice });
      if (!socket.active) this.retryLater();
    });

    socket.on('session:state', (snapshot) => this.receive(snapshot));
    socket.on('round:revealed', (payload) => {
      // Students get no separate session:state after a reveal: the new public state rides along, as
      // a patch of the one this client holds (a client holds one from its first snapshot on).
      const previous = this.state.session;
      if (!previous) return;
      this.update({ lastRevealed: payload, session: applyRevealPatch(previous, payload.session), progress: null, liveHistory: [] });
      this.options.onRevealed?.(payload);
    });
    socket.on('answer:graded', (payload) => {
      // Folded into `you.results`, so a live reveal and a reload read the same list.
      if (this.state.you) this.update({ you: withGrade(this.state.you, gradedFromWire(payload), this.state.session) });
    });
    socket.on('train:progress', (payload) => {
      const trainable = this.state.session?.trainable ?? Object.keys(payload.params);
      const point = { iteration: payload.iteration, ssr: payload.ssr, params: Object.fromEntries(trainable.map((p) => [p, payload.params[p]!])) };
      this.state = { ...this.state, progress: payload, liveHistory: [...this.state.liveHistory, point] };
      // With reduced motion the squiggle moves in a few calm steps instead of 20 frames a second.
      const now = performance.now();
      if (!payload.running || !prefersReducedMotion() || now - this.lastProgressPaint >= REDUCED_MOTION_FRAME_MS) {
        this.lastProgressPaint = now;
        this.host.requestUpdate();
      }
    });
    socket.on('session:removed', ({ message }) => {
      const refusal: ProtocolError = { code: 'removed', message };
      this.stop();
      this.update({ connection: 'refused', refusal });
      this.options.onRefused?.(refusal);
    });
    socket.on('session:replaced', ({ message }) => {
      // Not a refusal of the seat (the token stays): another tab of this browser has the session now.
      this.stop();
      this.update({ connection: 'refused', refusal: { code: 'rate-limited', message }, notice: message });
    });
    socket.on('server:restarting', ({ message }) => this.update({ notice: message }));
    socket.on('session:signed-out', ({ message, reason }) => {
      // The token this device holds no longer opens the seat: stop, and say why.
      this.stop();
      this.update({ connection: 'refused', refusal: { code: 'forbidden', message }, signedOut: { reason, message }, elsewhere: null });
      this.options.onSignedOut?.(reason);
    });
    socket.on('student:elsewhere', ({ message }) => this.update({ elsewhere: message }));
  }

  private receive(snapshot: SessionSnapshot): void {
    const patch: { -readonly [K in keyof ClientSession]?: ClientSession[K] } = { session: snapshot.session, clockOffset: snapshot.serverTime - Date.now(), notice: null };
    if (snapshot.role === 'student') {
      if (snapshot.you) {
        patch.you = snapshot.you;
        if (snapshot.you.resumeToken) {
          this.handshake = { code: this.options.code, role: 'student', resumeToken: snapshot.you.resumeToken };
          this.options.onResumeToken?.(snapshot.you.resumeToken, snapshot.you.name, snapshot.you.seatCode);
          patch.signedOut = null;
        }
      }
    } else {
      patch.staff = snapshot.staff;
    }
    // A full snapshot outside a run supersedes the progress received during it.
    if (snapshot.session.phase !== 'running') {
      patch.progress = null;
      patch.liveHistory = [];
    }
    if (snapshot.session.phase === 'running' && this.state.session?.phase !== 'running') patch.liveHistory = [];
    this.update(patch);
  }

  /**
   * A wake: a connection that may have died unnoticed is replaced by a fresh one at once; one
   * that heard the server within its last heartbeat is kept. Not connected (waiting for the next
   * retry, or an attempt that may hang on a connection from before the sleep): start over now.
   */
  private onWake(signal: WakeSignal): void {
    const socket = this.socket;
    if (!socket || this.stopped) return;
    const now = Date.now();
    if (socket.connected) {
      const silentFor = now - this.lastHeard;
      if (!signal.networkChanged && silentFor <= this.pingInterval + WAKE_SILENCE_GRACE_MS) return;
    } else if (!signal.networkChanged && now - this.attemptStartedAt < FRESH_ATTEMPT_MS) {
      // An attempt made since the page woke is already on a fresh path; one made before a
      // network change is not.
      return;
    }
    this.reconnectNow();
  }

  /**
   * Drops the engine.io connection (and any attempt or wait in progress) and opens a new one now.
   * The goodbye `disconnect()` writes goes nowhere on a dead path; it also stops the manager's own
   * retries, and `connect()` starts a new engine, on a new TCP connection (see prepareAttempt).
   */
  private reconnectNow(): void {
    const socket = this.socket;
    if (!socket) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    socket.disconnect();
    this.update({ connection: this.state.session ? 'reconnecting' : 'connecting' });
    this.prepareAttempt(1);
    socket.connect();
    this.watchEngine();
  }

  /**
   * Sets up the next connect attempt. Once the websocket has worked, attempts start with it:
   * Chromium opens every websocket on a new TCP connection, while a polling request goes out on a
   * pooled keep-alive connection, which after a sleep may be dead and hang until the connect
   * timeout. Every third attempt starts with polling, for a network whose proxy swallows
   * websockets without refusing them.
   */
  private prepareAttempt(attempt: number): void {
    const manager = this.socket?.io;
    if (!manager) return;
    manager.timeout(CONNECT_TIMEOUTS_MS[Math.min(attempt, CONNECT_TIMEOUTS_MS.length) - 1]!);
    manager.opts.transports = this.websocketWorked && attempt % 3 !== 0 ? ['websocket', 'polling'] : ['polling', 'websocket'];
    this.attemptStartedAt = Date.now();
  }

  /** Learns the server's ping interval and whether the websocket works from each new engine.io connection. */
  private watchEngine(): void {
    const engine = this.socket?.io.engine;
    if (!engine || this.watchedEngines.has(engine)) return;
    this.watchedEngines.add(engine);
    engine.once('handshake', ({ pingInterval }) => (this.pingInterval = pingInterval));
    engine.on('upgrade', (transport) => {
      if (transport.name === 'websocket') this.websocketWorked = true;
    });
  }

  private retryLater(): void {
    if (this.retryTimer || this.stopped) return;
    const delay = Math.min(5000, 500 * 2 ** this.retries++) * (0.8 + Math.random() * 0.4);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped && this.socket && !this.socket.connected) {
        this.prepareAttempt(this.retries);
        this.socket.connect();
        this.watchEngine();
      }
    }, delay);
  }

  private stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.socket?.disconnect();
  }

  private close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.socket) {
      this.socket.removeAllListeners();
      this.socket.io.removeAllListeners();
      this.socket.disconnect();
      this.socket = null;
    }
  }

  private update(patch: Partial<ClientSession>): void {
    this.state = { ...this.state, ...patch };
    this.host.requestUpdate();
  }
}

function failure(code: ErrorCode, message: string): { ok: false; error: ProtocolError } {
  return { ok: false, error: { code, message } };
}
