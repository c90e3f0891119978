/**
 * The session rules: a command and the current state in, the events it causes (or a refusal)
 * out. Pure and deterministic: no clock (the time comes in `context.now`), no randomness
 * (ids and token hashes come in the command), no I/O. A refused command changes nothing.
 */
import { sumOfSquaredResiduals } from '../engine/gradient-step.js';
import { layoutFor, toValues, toVector, type ParamValues } from '../engine/layout.js';
import { stopReasonAfter } from '../engine/train.js';
import { answerSetOf, fieldLabel, isParamQuantity, isPointQuantity, pointQuantities, QUANTITY_LABELS, quantityLabel, sameField, type AnswerSet, type FieldRef, type Quantity } from '../grader/fields.js';
import { gradeAnswers } from '../grader/grade.js';
import { scoreFields, SPEED_WINDOW_MS } from '../grader/scoring.js';
import type { DomainError, DomainErrorCode, SessionCommand } from './commands.js';
import type { Grade, SessionEvent, TrainingStopReason } from './events.js';
import { evolve } from './evolve.js';
import { distinctName, nameKeys, nameProblem, normalizeName } from './names.js';
import { gradientStepAt, policyOf } from './round-sheet.js';
import { applySettingsChange } from './settings.js';
import { phaseRefusal, PHASE_WORDS } from './phases.js';
import type { CloseReason, SessionState, Student } from './state.js';

export interface DecideContext {
  /** Milliseconds since the epoch. */
  readonly now: number;
}

export type Decision = { readonly ok: true; readonly events: SessionEvent[] } | { readonly ok: false; readonly error: DomainError };

const refuse = (code: DomainErrorCode, message: string): Decision => ({ ok: false, error: { code, message } });
const accept = (...events: SessionEvent[]): Decision => ({ ok: true, events });

/** An answer sent as the countdown ends still counts if it arrives this soon after the deadline. */
export const DEADLINE_GRACE_MS = 500;

function shapeOf(state: SessionState) {
  return { activation: state.setup.activation, width: state.setup.width };
}

/** The exact step from the current parameters at the current learning rate. */
function currentStep(state: SessionState) {
  return gradientStepAt(state, state.params);
}

function advancedTo(state: SessionState, iteration: number, params: ParamValues, now: number): SessionEvent {
  const ssr = sumOfSquaredResiduals(shapeOf(state), state.setup.data, toVector(layoutFor(state.setup.width), params));
  return { type: 'advanced', at: now, iteration, params, ssr };
}

function roundOpened(state: SessionState, now: number, iteration: number, policy = policyOf(state.settings, state.setup.trainable, state.setup.data.length)): SessionEvent {
  const timer = state.settings.timerSeconds;
  return { type: 'round-opened', at: now, round: state.roundsPlayed + 1, iteration, deadline: timer === null ? null : now + timer * 1000, policy };
}

/** Only asked fields, each a finite number (null: left empty, in a per-point array), at least one. */
function checkAnswers(state: SessionState, answers: AnswerSet): string | null {
  const asked = state.round!.sheet.asked;
  const pointCount = state.setup.data.length;
  let count = 0;
  const check = (field: FieldRef, value: unknown, askedNow: readonly FieldRef[], words: string): string | null => {
    // Asked or not comes first: an empty entry for a field the round does not ask is refused too.
    if (!askedNow.some((f) => sameField(f, field))) {
      const names = [...new Set(askedNow.map((f) => f.param ?? f.quantity))];
      return names.length === 0 ? `this round does not ask for any ${words}` : `this round does not ask for the ${fieldLabel(field)} (asked: ${names.join(', ')})`;
    }
    if (value === null || value === undefined) return null;
    if (typeof value !== 'number' || !Number.isFinite(value)) return `the ${fieldLabel(field)} must be a finite number`;
    count++;
    return null;
  };
  for (const [key, values] of Object.entries(answers)) {
    if (values === undefined) continue;
    if (key === 'points' || key === 'terms') {
      for (const [name, list] of Object.entries(values as Record<string, ReadonlyArray<number | null>>)) {
        const quantity = key === 'terms' ? 'terms' : name;
        if (key === 'points' && !isPointQuantity(name, state.setup.width)) return `unknown per-point quantity "${name}" (per point: ${pointQuantities(state.setup.width).join(', ')})`;
        if (list.length > pointCount) return `${name} has ${list.length} values; the data has ${pointCount} points`;
        const askedNow = asked.filter((f) => f.quantity === quantity && (key === 'points' || f.param === name));
        const words = key === 'terms' ? `term of ${name}` : quantityLabel(name as Quantity);
        for (let point = 0; point < list.length; point++) {
          const field: FieldRef = key === 'terms' ? { quantity: 'terms', param: name, point } : { quantity: name as Quantity, point };
          const problem = check(field, list[point], askedNow, words);
          if (problem) return problem;
        }
      }
      continue;
    }
    if (!isParamQuantity(key)) return `unknown quantity "${key}"`;
    const askedNow = asked.filter((f) => f.quantity === key);
    for (const [param, value] of Object.entries(values as Record<string, number>)) {
      const problem = check({ quantity: key, param }, value, askedNow, QUANTITY_LABELS[key]);
      if (problem) return problem;
    }
  }
  return count === 0 ? 'the answer is empty: fill in at least one field' : null;
}

/** Grades an answer at the moment it is submitted against the round's sheet: accuracy, and the speed bonus if asked for. */
function gradeAt(state: SessionState, answers: AnswerSet, answeredAfterMs: number | null, studentId?: string): Grade {
  const graded = gradeAnswers(state.round!.sheet, answers, studentId === undefined ? {} : earlierStages(state, studentId));
  const windowMs = state.settings.timerSeconds !== null ? state.settings.timerSeconds * 1000 : SPEED_WINDOW_MS;
  const fields = scoreFields(graded, state.settings.scoring, answeredAfterMs === null ? undefined : { elapsedMs: answeredAfterMs, windowMs });
  return { fields, points: fields.reduce((sum, f) => sum + f.points, 0) };
}

/** What the student answered in earlier rounds on the current round's iteration since the parameters last moved or were reset (its earlier stages). */
function earlierStages(state: SessionState, studentId: string): AnswerSet {
  const round = state.round!;
  const results = state.students.get(studentId)?.results ?? [];
  const values: Array<[FieldRef, number]> = [];
  for (const r of results) {
    if (r.iteration !== round.iteration || r.round >= round.number || r.round <= state.stagesAfterRound) continue;
    for (const f of r.fields) if (f.answer !== null) values.push([f, f.answer]);
  }
  return values.length === 0 ? {} : answerSetOf(values, state.setup.data.length);
}

function reveal(state: SessionState, closedBy: CloseReason, now: number): SessionEvent {
  const round = state.round!;
  const record = round.sheet.step;
  const stopReason = stopReasonAfter(currentStep(state), state.iteration + 1, state.settings.stopRule, undefined, state.history[0]!.ssr);
  // Every answer was graded when it arrived; the reveal only adds the grade of an empty answer.
  return { type: 'round-revealed', at: now, round: round.number, iteration: round.iteration, closedBy, step: record, stopReason, unanswered: gradeAt(state, {}, null) };
}

const SIGNED_OUT_REFUSAL = 'this device was signed out of the seat: its token no longer works';

/** Whether the device that sent a command still holds the student's token (`ifTokenHash` absent: not asked). */
function holdsToken(student: Student, ifTokenHash: string | undefined): boolean {
  return ifTokenHash === undefined || ifTokenHash === student.tokenHash;
}

/** A round timer may fire this much before its deadline (timers are not exact) and still close the round. */
const TIMER_EARLY_MS = 250;

/** Training stopped by itself at `state` (its iteration and SSR are where it stopped). */
function trainingStopped(state: SessionState, reason: TrainingStopReason, now: number): SessionEvent {
  return { type: 'training-stopped', at: now, reason, iteration: state.iteration, ssr: state.history.at(-1)!.ssr };
}

/**
 * Whether a run starting at `state` would stop before its first step: the next step diverges or is
 * already below the step-size threshold, or the step cap is reached (iterations since the start or
 * the last reset).
 */
function ruleMetBeforeStepping(state: SessionState): TrainingStopReason | null {
  const rule = state.settings.stopRule;
  const next = stopReasonAfter(currentStep(state), state.iteration + 1, rule, undefined, state.history[0]!.ssr);
  if (next === 'diverged' || next === 'step-size') return next;
  return state.iteration >= rule.maxSteps ? 'max-steps' : null;
}

export function decide(state: SessionState, command: SessionCommand, context: DecideContext): Decision {
  const now = context.now;
  // The phase rule comes from the one table (phases.ts); an answer first checks who sends it.
  if (command.type !== 'submit') {
    const refused = phaseRefusal(state.phase, command.type);
    if (refused) return command.type === 'join' && refused.code === 'finished' ? refuse('finished', 'this session has finished; ask your instructor for a new code') : { ok: false, error: refused };
  }
  switch (command.type) {
    case 'join': {
      if (state.locked) return refuse('locked', 'joining is locked by the instructor');
      if (state.activeStudents >= command.maxStudents) return refuse('session-full', `this session is full (${command.maxStudents} students)`);
      if (state.students.has(command.studentId)) return refuse('invalid-name', 'student id already in use');
      const problem = nameProblem(command.name);
      if (problem) return refuse('invalid-name', problem);
      const clean = normalizeName(command.name)!;
      // A removed student stays out under any look-alike of their name until the instructor lets them back.
      if (nameKeys(clean).some((key) => state.removedNames.has(key))) return refuse('removed', 'a student with this name was removed from this session; ask your instructor to let you back in');
      // The number skips removed students' names too, so "Ana" cannot come back as a removed "Ana (2)".
      const name = distinctName(clean, (n) => nameKeys(n).some((key) => state.takenNames.has(key) || state.removedNames.has(key)));
      return accept({ type: 'student-joined', at: now, studentId: command.studentId, name, tokenHash: command.tokenHash, ...(command.seatHash !== undefined && { seatHash: command.seatHash }) });
    }
    case 'change-seat': {
      const student = state.students.get(command.studentId);
      if (!student) return refuse('not-found', 'no such student in this session');
      if (student.removed) return refuse('removed', `${student.name} was removed from this session`);
      // Two devices signing each other out at once: the second was signed out by the first.
      if (!holdsToken(student, command.ifTokenHash)) return refuse('signed-out', SIGNED_OUT_REFUSAL);
      return accept({
        type: 'student-token-changed',
        at: now,
        studentId: student.id,
        tokenHash: command.tokenHash,
        ...(command.seatHash !== undefined && { seatHash: command.seatHash }),
        ...(command.keepTab !== undefined && { keepTab: command.keepTab }),
        reason: command.reason,
      });
    }
    case 'remove': {
      const student = state.students.get(command.studentId);
      if (!student) return refuse('not-found', 'no such student in this session');
      if (student.removed) return refuse('removed', `${student.name} was already removed`);
      return accept({ type: 'student-removed', at: now, studentId: student.id });
    }
    case 'readmit': {
      const student = state.students.get(command.studentId);
      if (!student) return refuse('not-found', 'no such student in this session');
      if (!student.removed) return refuse('invalid-name', `${student.name} is in the session already`);
      // A readmitted student keeps their name (their results carry it), so not while another has it.
      if (nameKeys(student.name).some((key) => state.takenNames.has(key))) return refuse('invalid-name', `another student now has a name like ${student.name}; they can come back once that student has left the session`);
      return accept({ type: 'student-readmitted', at: now, studentId: student.id });
    }
    case 'lock':
    case 'unlock': {
      const locked = command.type === 'lock';
      // Idempotent: locking a locked session is not an error, and changes nothing.
      return state.locked === locked ? accept() : accept({ type: 'joining-locked', at: now, locked });
    }
    case 'replace-projector-key':
      return accept({ type: 'projector-key-changed', at: now, key: command.key });
    case 'open': {
      // Another stage of this iteration: asking again what an earlier stage revealed would grade
      // the class on copying it from the screen.
      const shown = state.shown && state.shown.iteration === state.iteration ? state.shown.asked : [];
      const policy = policyOf(state.settings, state.setup.trainable, state.setup.data.length);
      const again = policy.asked.filter((f) => shown.some((g) => sameField(f, g)));
      if (again.length > 0) {
        const names = [...new Set(again.map((f) => (f.point !== undefined ? `${f.quantity === 'terms' ? `terms of ${f.param}` : f.quantity} at every dose` : fieldLabel(f))))];
        return refuse('invalid-settings', `already revealed at this iteration: ${names.join(', ')}. Ask other fields, or advance to the next iteration first`);
      }
      return accept(roundOpened(state, now, state.iteration, policy));
    }
    case 'submit': {
      const student = state.students.get(command.studentId);
      if (!student) return refuse('not-found', 'you are not in this session');
      if (student.removed) return refuse('removed', 'you were removed from this session');
      // Sent from a device signed out of the seat (its command was already on its way).
      if (!holdsToken(student, command.ifTokenHash)) return refuse('signed-out', SIGNED_OUT_REFUSAL);
      if (phaseRefusal(state.phase, 'submit')) return refuse(state.phase === 'finished' ? 'finished' : 'wrong-phase', `answers are closed: ${PHASE_WORDS[state.phase]}`);
      const round = state.round!;
      if (command.round !== undefined && command.round !== round.number) {
        return refuse('wrong-round', `round ${command.round} is closed; round ${round.number} is open`);
      }
      if (round.deadline !== null && now > round.deadline + DEADLINE_GRACE_MS) return refuse('wrong-phase', `time is up: round ${round.number} closed when its timer ran out`);
      const problem = checkAnswers(state, command.answers);
      if (problem) return refuse('invalid-answer', problem);
      const grade = gradeAt(state, command.answers, now - round.openedAt, student.id);
      const previous = round.answers.get(student.id);
      // Sent stays sent: written into the event, since a store keeps only the latest one.
      const draft = command.done === false && previous?.done !== true;
      return accept({ type: 'answer-submitted', at: now, round: round.number, iteration: round.iteration, studentId: student.id, answers: command.answers, grade, ...(draft && { done: false as const }), revision: (previous?.revision ?? 0) + 1 });
    }
    case 'reveal': {
      const round = state.round!;
      if (command.round !== undefined && command.round !== round.number) return refuse('wrong-round', `round ${command.round} is no longer open`);
      // A timer armed for a deadline that was moved since (added time) is not the round's timer any more.
      if (command.by === 'timer' && round.deadline !== null && now < round.deadline - TIMER_EARLY_MS) return refuse('wrong-round', 'the round has more time now');
      return accept(reveal(state, command.by, now));
    }
    case 'extend': {
      const round = state.round!;
      const deadline = Math.max(round.deadline ?? now, now) + command.seconds * 1000;
      return accept({ type: 'round-extended', at: now, round: round.number, deadline });
    }
    case 'advance': {
      const round = state.round!;
      const step = round.step!;
      // A step that diverges is not taken; the class stays, to lower the learning rate and go on.
      if (round.stopReason === 'diverged') return accept(trainingStopped(state, 'diverged', now));
      const params = { ...state.params, ...step.next };
      const events: SessionEvent[] = [advancedTo(state, state.iteration + 1, params, now)];
      // The stop rule met at this step is shown with the reveal; the next round may still open.
      if (command.open) events.push(roundOpened({ ...state, iteration: state.iteration + 1 }, now, state.iteration + 1));
      return accept(...events);
    }
    case 'run': {
      const events: SessionEvent[] = [];
      let from = state;
      if (state.phase === 'revealed') {
        // The revealed step is taken first, so the run continues from where the class is.
        const round = state.round!;
        if (round.stopReason === 'diverged') return accept(trainingStopped(state, 'diverged', now));
        const advanced = advancedTo(state, state.iteration + 1, { ...state.params, ...round.step!.next }, now);
        events.push(advanced);
        from = evolve(state, [advanced]);
      }
      // Already where the stop rule stops: say so instead of taking a step past it.
      const already = ruleMetBeforeStepping(from);
      if (already) return accept(...events, trainingStopped(from, already, now));
      events.push({ type: 'run-started', at: now, requested: command.steps });
      return accept(...events);
    }
    case 'tick': {
      if (command.iteration !== undefined && command.iteration !== state.iteration) return refuse('wrong-round', `training is at iteration ${state.iteration}, not ${command.iteration}`);
      const raw = currentStep(state);
      const reason = stopReasonAfter(raw, state.iteration + 1, state.settings.stopRule, undefined, state.history[0]!.ssr);
      if (reason === 'diverged') return accept(trainingStopped(state, reason, now));
      const layout = layoutFor(state.setup.width);
      const advanced = advancedTo(state, state.iteration + 1, toValues(layout, raw.next), now);
      const events: SessionEvent[] = [advanced];
      const run = state.run!;
      // The stop rule stops training, never the class: the session stays open for whatever comes next.
      if (reason === 'step-size' || reason === 'max-steps') events.push(trainingStopped(evolve(state, [advanced]), reason, now));
      else if (run.requested !== null && run.taken + 1 >= run.requested) events.push({ type: 'run-stopped', at: now, reason: 'steps-requested' });
      return accept(...events);
    }
    case 'pause':
      return accept({ type: 'run-stopped', at: now, reason: 'paused' });
    case 'reset': {
      const params = state.setup.initialParams;
      const ssr = sumOfSquaredResiduals(shapeOf(state), state.setup.data, toVector(layoutFor(state.setup.width), params));
      return accept({ type: 'session-reset', at: now, params, ssr });
    }
    case 'configure': {
      const settings = applySettingsChange(state.settings, command.change, state.setup.trainable, state.setup.width);
      if (typeof settings === 'string') return refuse('invalid-settings', settings);
      return accept({ type: 'settings-changed', at: now, settings });
    }
    case 'end': {
      const events: SessionEvent[] = [];
      // Answers given in an open round are graded, not thrown away.
      if (state.phase === 'open') events.push(reveal(state, 'ended', now));
      events.push({ type: 'session-finished', at: now, reason: 'ended' });
      return accept(...events);
    }
  }
}
