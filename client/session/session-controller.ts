/**
 * The reactive controller that owns a view's socket.io connection: it connects with the role's
 * handshake, keeps the latest snapshots (see state.ts), reconnects by itself with the same
 * identity, stops and says why when the server refuses, and sends commands with acknowledgement.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io, type Socket } from 'socket.io-client';
import type { Ack, ErrorCode, ProtocolError } from '../../shared/protocol/errors.js';
import type { ClientToServerEvents, RoundRevealedPayload, ServerToClientEvents } from '../../shared/protocol/events.js';
import type { AckOf, ClientEventName, PayloadOf } from '../../shared/protocol/client-events.js';
import type { Handshake } from '../../shared/protocol/schemas.js';
import type { SessionSnapshot } from '../../shared/session/views.js';
import { storage } from '../lib/storage.js';
import { initialSession, withGrade, type ClientSession, type Role } from './state.js';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Refusals that trying again cannot fix: stop and show the reason. */
const FINAL_REFUSALS = new Set<string>(['forbidden', 'removed', 'unknown-session', 'invalid-payload', 'invalid-name', 'locked', 'session-full', 'finished']);
const ACK_TIMEOUT_MS = 10_000;
const REDUCED_MOTION_FRAME_MS = 700;

function prefersReducedMotion(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export interface SessionControllerOptions {
  readonly code: string;
  readonly role: Role;
  /** A student's first snapshot carries their resume token: keep it. */
  readonly onResumeToken?: (token: string, name: string) => void;
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
  private readonly onOnline = (): void => {
    if (this.socket && !this.socket.connected && !this.stopped) this.socket.connect();
  };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: SessionControllerOptions,
  ) {
    this.state = initialSession(options.code, options.role);
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('online', this.onOnline);
    if (this.handshake && !this.socket && !this.stopped) this.open();
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.onOnline);
    this.close();
  }

  /** Connects (or reconnects) with this identity. */
  connect(handshake: Handshake): void {
    this.handshake = handshake;
    this.stopped = false;
    this.close();
    this.update({ refusal: null, connection: 'connecting', attempts: 0 });
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
    if (ack.ok && you) this.update({ you: { ...you, answer: { round: ack.round, answers: ack.stored, at: ack.at, revision: ack.revision } } });
    return ack;
  }

  private open(): void {
    if (!this.handshake) return;
    const socket: ClientSocket = io({
      path: '/socket.io',
      forceNew: true,
      // Evaluated at every attempt, so a reconnect uses the latest identity (the resume token).
      // Every tab sends its id: the server's limits count per client, and a student's reconnecting
      // tab replaces its own old socket.
      auth: (cb) => cb(this.handshake ? { ...this.handshake, tab: storage.tabId() } : {}),
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      randomizationFactor: 0.3,
    });
    this.socket = socket;

    socket.on('connect', () => {
      this.retries = 0;
      this.update({ connection: 'connected', attempts: 0, refusal: null, notice: null });
    });
    socket.on('disconnect', (reason) => {
      if (this.stopped) return;
      this.update({ connection: 'reconnecting' });
      // The server closed this socket on purpose (not a removal, handled below): come back.
      if (reason === 'io server disconnect') this.retryLater();
    });
    socket.io.on('reconnect_attempt', (attempt) => {
      if (!this.stopped) this.update({ connection: 'reconnecting', attempts: attempt });
    });
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
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
      // Students get no separate session:state after a reveal: the new public state rides along.
      this.update({ lastRevealed: payload, session: payload.session, progress: null, liveHistory: [] });
      this.options.onRevealed?.(payload);
    });
    socket.on('answer:graded', (payload) => {
      // Folded into `you.results`, so a live reveal and a reload read the same list.
      if (this.state.you) this.update({ you: withGrade(this.state.you, payload, this.state.session) });
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
  }

  private receive(snapshot: SessionSnapshot): void {
    const patch: { -readonly [K in keyof ClientSession]?: ClientSession[K] } = { session: snapshot.session, clockOffset: snapshot.serverTime - Date.now(), notice: null };
    if (snapshot.role === 'student') {
      if (snapshot.you) {
        patch.you = snapshot.you;
        if (snapshot.you.resumeToken) {
          this.handshake = { code: this.options.code, role: 'student', resumeToken: snapshot.you.resumeToken };
          this.options.onResumeToken?.(snapshot.you.resumeToken, snapshot.you.name);
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

  private retryLater(): void {
    if (this.retryTimer || this.stopped) return;
    const delay = Math.min(5000, 500 * 2 ** this.retries++) * (0.8 + Math.random() * 0.4);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped && this.socket && !this.socket.connected) this.socket.connect();
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
