/**
 * Which command fits which phase: the one table `decide` refuses by, the dashboard enables its
 * buttons by and docs/protocol.md prints (test/session/phases.test.ts checks that the three agree).
 * Phases: lobby (no round open), open, revealed, running (training animates), finished.
 */
import type { DomainError, SessionCommandType } from './commands.js';
import type { Phase } from './state.js';

export const PHASES = ['lobby', 'open', 'revealed', 'running', 'finished'] as const satisfies readonly Phase[];

export interface CommandRule {
  /** The phases the command is accepted in. */
  readonly phases: readonly Phase[];
  /** What the command does, as the refusal says it: "cannot <action> now". */
  readonly action: string;
}

const ALL_BUT_FINISHED: readonly Phase[] = ['lobby', 'open', 'revealed', 'running'];

/** Every session command and the phases it is accepted in. */
export const PHASE_TABLE: { readonly [C in SessionCommandType]: CommandRule } = {
  join: { phases: ALL_BUT_FINISHED, action: 'join' },
  // A removal stays possible after the end, so an instructor can tidy the exported roster.
  remove: { phases: PHASES, action: 'remove a student' },
  readmit: { phases: PHASES, action: 'let a student back in' },
  // A student may want their results on another device after the end too.
  'change-seat': { phases: PHASES, action: "change a student's seat code" },
  lock: { phases: ALL_BUT_FINISHED, action: 'lock joining' },
  unlock: { phases: ALL_BUT_FINISHED, action: 'unlock joining' },
  // The projector may show the final leaderboard, so its link can be replaced at any time.
  'replace-projector-key': { phases: PHASES, action: 'replace the projector link' },
  // From revealed: another round on the same iteration (a later stage of the chain); the parameters do not move.
  open: { phases: ['lobby', 'revealed'], action: 'open a round' },
  submit: { phases: ['open'], action: 'submit an answer' },
  reveal: { phases: ['open'], action: 'reveal' },
  extend: { phases: ['open'], action: 'add time to the round' },
  advance: { phases: ['revealed'], action: 'advance' },
  run: { phases: ['lobby', 'revealed'], action: 'run training' },
  tick: { phases: ['running'], action: 'take a training step' },
  pause: { phases: ['running'], action: 'pause training' },
  // Not while a round is open: its answers are graded against the current parameters.
  reset: { phases: ['lobby', 'revealed', 'running', 'finished'], action: 'reset' },
  // Settings stay editable after the end (they shape the export's wording only).
  configure: { phases: ['lobby', 'revealed', 'finished'], action: 'change settings' },
  end: { phases: ALL_BUT_FINISHED, action: 'end the session' },
};

export const PHASE_WORDS: Record<Phase, string> = {
  lobby: 'no round is open',
  open: 'a round is open',
  revealed: 'the round has been revealed',
  running: 'training is running',
  finished: 'the session has finished',
};

/** Whether `command` is accepted in `phase` (the phase rule only; `decide` checks the rest). */
export function can(phase: Phase, command: SessionCommandType): boolean {
  return PHASE_TABLE[command].phases.includes(phase);
}

/**
 * The refusal of a command the phase does not allow, or null when it does. In a finished session
 * the code is `finished` (clients treat it as final); otherwise `wrong-phase`, naming the phases
 * that would accept it.
 */
export function phaseRefusal(phase: Phase, command: SessionCommandType): DomainError | null {
  if (can(phase, command)) return null;
  const rule = PHASE_TABLE[command];
  if (phase === 'finished') return { code: 'finished', message: `cannot ${rule.action}: ${PHASE_WORDS.finished}` };
  const when = rule.phases.map((p) => `while ${PHASE_WORDS[p]}`).join(' or ');
  return { code: 'wrong-phase', message: `cannot ${rule.action} now (${PHASE_WORDS[phase]}); allowed only ${when}` };
}

/** The phase table as a Markdown table (generated into docs/protocol.md). */
export function phaseTableMarkdown(label: (command: SessionCommandType) => string = (c) => `\`${c}\``): string {
  const head = `| Command | ${PHASES.join(' | ')} |\n| --- |${PHASES.map(() => ' :-: |').join('')}`;
  const rows = (Object.keys(PHASE_TABLE) as SessionCommandType[]).map((c) => `| ${label(c)} | ${PHASES.map((p) => (can(p, c) ? 'yes' : '—')).join(' | ')} |`);
  return [head, ...rows].join('\n');
}
