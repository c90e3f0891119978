/**
 * Client events -> session commands. Every event is acknowledged: { ok: true, version, ... } or
 * { ok: false, error: { code, message } }. Role, payload structure and schema are checked
 * before anything reaches the session; a refused event changes nothing and the socket stays usable.
 */
import type { ProtocolError } from '../../shared/protocol/errors.js';
import { CLIENT_EVENTS, type Secrets, type Sender } from '../../shared/protocol/client-events.js';
import { EVENT_META, isClientEvent, type ClientEventName } from '../../shared/protocol/event-meta.js';
import type { SessionCommand } from '../../shared/session/commands.js';
import type { SessionState } from '../../shared/session/state.js';
import type { Outcome } from '../sessions/session-host.js';
import type { IoSocket } from './types.js';
import { validatePayload } from './validate.js';
import { hashSecret, randomSeatCode, randomToken } from '../security/tokens.js';

const SERVER_SECRETS: Secrets = { fresh: () => randomToken(24), hash: hashSecret, seatCode: randomSeatCode };

/** What the handlers need of a session: its state and a way to run a command. */
export interface CommandTarget {
  readonly state: SessionState;
  execute(command: SessionCommand): Promise<Outcome>;
}

type Reply = (response: object) => void;

export interface HandlerHooks {
  /** Every refused event, by reason (metrics). */
  readonly onRejected?: (event: string, code: ProtocolError['code']) => void;
  /** Admission control per socket event (rate limits); return an error to refuse. */
  readonly admit?: (socket: IoSocket, event: string) => ProtocolError | null;
  /** Budgets charged only for a valid event (a student's answers); return an error to refuse. */
  readonly charge?: (socket: IoSocket, event: ClientEventName) => ProtocolError | null;
}

export function registerCommandHandlers(socket: IoSocket, host: CommandTarget, hooks: HandlerHooks = {}): void {
  const refuse = (reply: Reply, event: string, error: ProtocolError) => {
    hooks.onRejected?.(event, error.code);
    reply({ ok: false, error });
  };

  // One listener for everything, so unknown events are answered too instead of vanishing.
  socket.onAny((event: string, ...args: unknown[]) => {
    const last = args.at(-1);
    const reply: Reply = typeof last === 'function' ? (last as Reply) : () => {};
    const payload = typeof last === 'function' ? args.slice(0, -1) : args;
    // Every event counts against the socket's rate, known or not.
    const limited = hooks.admit?.(socket, event);
    if (limited) return refuse(reply, isClientEvent(event) ? event : 'unknown', limited);
    if (!isClientEvent(event)) return refuse(reply, 'unknown', { code: 'invalid-payload', message: `unknown event "${String(event).slice(0, 40)}"` });
    if (payload.length > 1) return refuse(reply, event, { code: 'invalid-payload', message: `${event} takes one payload object and an acknowledgement callback` });
    void handle(event, payload.length === 0 ? {} : payload[0], reply);
  });

  async function handle(event: ClientEventName, raw: unknown, reply: Reply): Promise<void> {
    const spec = CLIENT_EVENTS[event];
    const role = EVENT_META[event].role;
    const data = socket.data;
    if (data.role !== role) {
      return refuse(reply, event, { code: 'forbidden', message: role === 'student' ? 'only students submit answers' : `${event} is an instructor command` });
    }
    const checked = validatePayload(spec.schema, raw);
    if (!checked.ok) return refuse(reply, event, { code: 'invalid-payload', message: `${event}: ${checked.message}` });
    const spent = hooks.charge?.(socket, event);
    if (spent) return refuse(reply, event, spent);
    const sender: Sender =
      data.role === 'student'
        ? { role: 'student', studentId: data.studentId, ...(data.tab !== undefined && { tab: data.tab }), ...(data.tokenHash !== undefined && { tokenHash: data.tokenHash }) }
        : { role: 'instructor' };
    // The table pairs each schema with its mapping; TypeScript cannot follow the pairing through the union.
    const toCommand = spec.toCommand as (payload: unknown, state: SessionState, sender: Sender, secrets: Secrets) => SessionCommand;
    const ack = spec.ack as (after: SessionState, sender: Sender, command: SessionCommand) => object;
    const command = toCommand(checked.value, host.state, sender, SERVER_SECRETS);
    const outcome = await host.execute(command);
    if (!outcome.ok) return refuse(reply, event, outcome.error);
    // This socket now holds the seat's new token (it signed the others out).
    if (command.type === 'change-seat' && socket.data.role === 'student' && socket.data.studentId === command.studentId) socket.data = { ...socket.data, tokenHash: command.tokenHash };
    reply({ ok: true, version: outcome.state.version, ...ack(outcome.state, sender, command) });
  }
}
