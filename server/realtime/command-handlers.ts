/**
 * Client events -> session commands. Every event is acknowledged: { ok: true, version, ... } or
 * { ok: false, error: { code, message } }. Role, payload structure and schema are checked
 * before anything reaches the session; a refused event changes nothing and the socket stays usable.
 */
import type { ProtocolError } from '../../shared/protocol/errors.js';
import type { AnswerStored } from '../../shared/protocol/events.js';
import { commandSchemas, INSTRUCTOR_EVENTS, type ClientEventName, type InstructorEventName } from '../../shared/protocol/schemas.js';
import { settingsChangeFrom } from '../../shared/protocol/settings-input.js';
import type { SessionCommand } from '../../shared/session/commands.js';
import type { SessionState } from '../../shared/session/state.js';
import type { SessionHost } from '../sessions/session-host.js';
import type { IoSocket } from './types.js';
import { validatePayload } from './validate.js';

type Reply = (response: object) => void;

export interface HandlerHooks {
  /** Every refused event, by reason (metrics). */
  readonly onRejected?: (event: string, code: ProtocolError['code']) => void;
  /** Admission control per socket event (rate limits); return an error to refuse. */
  readonly admit?: (socket: IoSocket, event: string) => ProtocolError | null;
}

const toCommand: { [E in InstructorEventName]: (payload: never, state: SessionState) => SessionCommand } = {
  'round:open': () => ({ type: 'open' }),
  'round:reveal': () => ({ type: 'reveal', by: 'instructor' }),
  'round:advance': (p: { open?: boolean }) => ({ type: 'advance', open: p.open ?? true }),
  'train:run': (p: { steps?: number }) => ({ type: 'run', steps: p.steps ?? null }),
  'train:pause': () => ({ type: 'pause' }),
  'session:reset': () => ({ type: 'reset' }),
  'session:configure': (p: Parameters<typeof settingsChangeFrom>[0], state) => ({ type: 'configure', change: settingsChangeFrom(p, state.setup.trainable) }),
  'session:lock': () => ({ type: 'lock' }),
  'session:unlock': () => ({ type: 'unlock' }),
  'student:remove': (p: { studentId: string }) => ({ type: 'remove', studentId: p.studentId }),
  'session:end': () => ({ type: 'end' }),
};

const KNOWN_EVENTS = new Set<string>(Object.keys(commandSchemas));

export function registerCommandHandlers(socket: IoSocket, host: SessionHost, hooks: HandlerHooks = {}): void {
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
    if (limited) return refuse(reply, KNOWN_EVENTS.has(event) ? event : 'unknown', limited);
    if (!KNOWN_EVENTS.has(event)) return refuse(reply, 'unknown', { code: 'invalid-payload', message: `unknown event "${String(event).slice(0, 40)}"` });
    if (payload.length > 1) return refuse(reply, event, { code: 'invalid-payload', message: `${event} takes one payload object and an acknowledgement callback` });
    void handle(event as ClientEventName, payload.length === 0 ? {} : payload[0], reply);
  });

  async function handle(event: ClientEventName, raw: unknown, reply: Reply): Promise<void> {
    const role = socket.data.role;
    if (event === 'answer:submit') {
      if (role !== 'student') return refuse(reply, event, { code: 'forbidden', message: 'only students submit answers' });
    } else if (role !== 'instructor') {
      return refuse(reply, event, { code: 'forbidden', message: `${event} is an instructor command` });
    }
    const checked = validatePayload(commandSchemas[event], raw);
    if (!checked.ok) return refuse(reply, event, { code: 'invalid-payload', message: `${event}: ${checked.message}` });

    if (event === 'answer:submit' && socket.data.role === 'student') {
      const { round, ...answers } = checked.value as { round?: number } & Record<string, Record<string, number>>;
      const outcome = await host.execute({ type: 'submit', studentId: socket.data.studentId, answers, ...(round !== undefined && { round }) });
      if (!outcome.ok) return refuse(reply, event, outcome.error);
      const stored = outcome.state.round!.answers.get(socket.data.studentId)!;
      const ack: { ok: true; version: number } & AnswerStored = { ok: true, version: outcome.state.version, round: outcome.state.round!.number, stored: stored.answers, at: stored.at, revision: stored.revision };
      return reply(ack);
    }
    if ((INSTRUCTOR_EVENTS as readonly string[]).includes(event)) {
      const command = toCommand[event as InstructorEventName](checked.value as never, host.state);
      const outcome = await host.execute(command);
      if (!outcome.ok) return refuse(reply, event, outcome.error);
      return reply({ ok: true, version: outcome.state.version });
    }
  }
}
