/**
 * What every client event is, apart from its payload schema: who may send it, the session command
 * it becomes (so the phase table says when it is accepted), and the dashboard's words for it.
 * The browser reads this module (no zod in its bundle); client-events.ts adds each event's schema,
 * mapping and acknowledgement, keyed by the same names, so the two cannot drift apart.
 */
import type { SessionCommandType } from '../session/commands.js';
import { can, phaseTableMarkdown } from '../session/phases.js';
import type { Phase } from '../session/state.js';

export interface EventMeta {
  readonly role: 'instructor' | 'student';
  /** The session command the event becomes. */
  readonly command: SessionCommandType;
  /** The status line once the server acknowledged the event. */
  readonly done: string;
  /** Asked before sending; `{student}` stands for the student's name. */
  readonly confirm?: string;
}

export const EVENT_META = {
  'round:open': { role: 'instructor', command: 'open', done: 'Round opened.' },
  'round:reveal': { role: 'instructor', command: 'reveal', done: 'Answers revealed.' },
  'round:extend': { role: 'instructor', command: 'extend', done: 'Time added to the round.' },
  'round:advance': { role: 'instructor', command: 'advance', done: 'Moved to the next iteration.' },
  'train:run': { role: 'instructor', command: 'run', done: 'Training started.' },
  'train:pause': { role: 'instructor', command: 'pause', done: 'Training paused.' },
  'session:reset': { role: 'instructor', command: 'reset', done: 'Parameters reset to the start.', confirm: 'Reset to the starting parameters (iteration 0)? Scores are kept.' },
  'session:configure': { role: 'instructor', command: 'configure', done: 'Settings applied.' },
  'session:lock': { role: 'instructor', command: 'lock', done: 'Joining locked.' },
  'session:unlock': { role: 'instructor', command: 'unlock', done: 'Joining unlocked.' },
  'projector:replace': {
    role: 'instructor',
    command: 'replace-projector-key',
    done: 'New projector link made; screens opened with the old one are closed.',
    confirm: 'Make a new projector link? Every screen opened with the current link is closed and needs the new one.',
  },
  'student:remove': { role: 'instructor', command: 'remove', done: 'Student removed.', confirm: 'Remove {student} from this session? Their answer to an open round stops counting and their link stops working.' },
  'student:readmit': { role: 'instructor', command: 'readmit', done: 'Student let back in.' },
  'student:new-seat': {
    role: 'instructor',
    command: 'change-seat',
    done: 'New seat code made: give it to the student.',
    confirm: 'Give {student} a new seat code? Every device of theirs is signed out until they enter the new code.',
  },
  'student:sign-out-others': { role: 'student', command: 'change-seat', done: 'Your other devices are signed out.' },
  'session:end': { role: 'instructor', command: 'end', done: 'Session ended.', confirm: 'End the session for everyone? An open round is graded first. Results stay downloadable.' },
  'answer:submit': { role: 'student', command: 'submit', done: 'Answer stored.' },
} as const satisfies Record<string, EventMeta>;

type Meta = typeof EVENT_META;
export type ClientEventName = keyof Meta;
export type InstructorEventName = { [E in ClientEventName]: Meta[E]['role'] extends 'instructor' ? E : never }[ClientEventName];
export type StudentEventName = { [E in ClientEventName]: Meta[E]['role'] extends 'student' ? E : never }[ClientEventName];

export const CLIENT_EVENT_NAMES = Object.keys(EVENT_META) as ClientEventName[];
export const INSTRUCTOR_EVENTS = CLIENT_EVENT_NAMES.filter((e): e is InstructorEventName => EVENT_META[e].role === 'instructor');
export const STUDENT_EVENTS = CLIENT_EVENT_NAMES.filter((e): e is StudentEventName => EVENT_META[e].role === 'student');

export function isClientEvent(name: string): name is ClientEventName {
  return Object.hasOwn(EVENT_META, name);
}

/** Whether the session's phase accepts the event (the phase table of session/phases.ts). */
export function canSend(phase: Phase, event: ClientEventName): boolean {
  return can(phase, EVENT_META[event].command);
}

/** The confirmation question of an event, with the student's name filled in where it has one. */
export function confirmText(event: ClientEventName, student = ''): string | undefined {
  const meta: EventMeta = EVENT_META[event];
  return meta.confirm?.replace('{student}', () => student);
}

/** Who else sends a command than a client event: the handshake and the server's own clocks. */
const OTHER_SOURCES: Partial<Record<SessionCommandType, string>> = {
  join: 'a student handshake with a name',
  reveal: 'the round timer; the last connected student answering, with `autoClose`',
  tick: "the server's training ticker",
};

/** The phase table as docs/protocol.md prints it, each command named by the events that send it. */
export function protocolPhaseTable(): string {
  return phaseTableMarkdown((command) => {
    const events = CLIENT_EVENT_NAMES.filter((e) => EVENT_META[e].command === command).map((e) => `\`${e}\``);
    const other = OTHER_SOURCES[command];
    return `\`${command}\`: ${[...events, ...(other ? [other] : [])].join(', ')}`;
  });
}
