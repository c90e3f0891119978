/**
 * Folds events into state. Never mutates its input: every change makes a new object for what it
 * touches and shares the rest (students and answers are persistent maps, so one answer costs
 * O(log n), not a copy of the class). The previous state stays valid: the server keeps it until
 * the events are stored.
 */
import { Map as PersistentMap } from 'immutable';
import { sumOfSquaredResiduals } from '../engine/gradient-step.js';
import { layoutFor, toVector } from '../engine/layout.js';
import type { SessionEvent } from './events.js';
import { nameKeys } from './names.js';
import { sheetFor, storedPolicy } from './round-sheet.js';
import { deepestLink } from './stages.js';
import { sameField } from '../grader/fields.js';
import { upgradeSettings } from './settings.js';
import type { Round, SessionState, Student } from './state.js';

export function initialState(created: Extract<SessionEvent, { type: 'session-created' }>): SessionState {
  const { setup } = created;
  const ssr = sumOfSquaredResiduals({ activation: setup.activation, width: setup.width }, setup.data, toVector(layoutFor(setup.width), setup.initialParams));
  return {
    code: created.code,
    version: 1,
    createdAt: created.at,
    instructorTokenHash: created.instructorTokenHash,
    projectorKey: created.projectorKey ?? null,
    setup,
    settings: upgradeSettings(created.settings, created.setup.rule),
    phase: 'lobby',
    locked: false,
    iteration: 0,
    params: setup.initialParams,
    history: [{ iteration: 0, params: setup.initialParams, ssr }],
    round: null,
    roundsPlayed: 0,
    stagesAfterRound: 0,
    shown: null,
    run: null,
    finishReason: null,
    trainingStop: null,
    students: PersistentMap(),
    activeStudents: 0,
    takenNames: PersistentMap(),
    removedNames: PersistentMap(),
    lastActivityAt: created.at,
  };
}

function withStudent(state: SessionState, student: Student): SessionState['students'] {
  return state.students.set(student.id, student);
}

function withRound(state: SessionState, change: Partial<Round>): Round | null {
  return state.round ? { ...state.round, ...change } : null;
}

export function evolveOne(state: SessionState, event: SessionEvent): SessionState {
  const base = { ...state, version: state.version + 1, lastActivityAt: Math.max(state.lastActivityAt, event.at) };
  switch (event.type) {
    case 'session-created':
      throw new Error('session-created starts a session; use initialState');
    case 'student-joined': {
      const student: Student = { id: event.studentId, name: event.name, tokenHash: event.tokenHash, ...(event.seatHash !== undefined && { seatHash: event.seatHash }), joinedAt: event.at, removed: false, score: 0, results: [] };
      return { ...base, students: withStudent(state, student), activeStudents: state.activeStudents + 1, takenNames: nameKeys(event.name).reduce((taken, key) => taken.set(key, true as const), state.takenNames) };
    }
    case 'student-token-changed': {
      const student = state.students.get(event.studentId);
      if (!student) return base;
      return { ...base, students: withStudent(state, { ...student, tokenHash: event.tokenHash, ...(event.seatHash !== undefined && { seatHash: event.seatHash }) }) };
    }
    case 'student-removed': {
      const student = state.students.get(event.studentId);
      if (!student || student.removed) return base;
      let round = state.round;
      if (round && round.closedAt === null && round.answers.has(event.studentId)) {
        // A removed student's pending answer no longer counts.
        round = { ...round, answers: round.answers.delete(event.studentId) };
      }
      return {
        ...base,
        round,
        students: withStudent(state, { ...student, removed: true }),
        activeStudents: state.activeStudents - 1,
        takenNames: nameKeys(student.name).reduce((taken, key) => taken.delete(key), state.takenNames),
        removedNames: nameKeys(student.name).reduce((removed, key) => removed.set(key, student.id), state.removedNames),
      };
    }
    case 'student-readmitted': {
      const student = state.students.get(event.studentId);
      if (!student || !student.removed) return base;
      const keys = nameKeys(student.name);
      return {
        ...base,
        students: withStudent(state, { ...student, removed: false }),
        activeStudents: state.activeStudents + 1,
        takenNames: keys.reduce((taken, key) => taken.set(key, true as const), state.takenNames),
        // Only the keys this student holds: another removed student with a like name stays out.
        removedNames: keys.reduce((removed, key) => (removed.get(key) === student.id ? removed.delete(key) : removed), state.removedNames),
      };
    }
    case 'joining-locked':
      return { ...base, locked: event.locked };
    case 'projector-key-changed':
      return { ...base, projectorKey: event.key };
    case 'round-opened': {
      const sheet = sheetFor(state, event.iteration, state.params, storedPolicy(event.policy, state.settings, state.setup.trainable, state.setup.data.length));
      return {
        ...base,
        phase: 'open',
        trainingStop: null,
        roundsPlayed: event.round,
        round: { number: event.round, iteration: event.iteration, openedAt: event.at, deadline: event.deadline, answers: PersistentMap(), closedAt: null, closedBy: null, step: null, stopReason: null, sheet },
      };
    }
    case 'round-extended': {
      const round = state.round;
      if (!round || round.number !== event.round || round.closedAt !== null) return base;
      return { ...base, round: { ...round, deadline: event.deadline } };
    }
    case 'answer-submitted': {
      const round = state.round!;
      const previous = round.answers.get(event.studentId);
      const answers = round.answers.set(event.studentId, { answers: event.answers, at: event.at, revision: event.revision ?? (previous?.revision ?? 0) + 1, grade: event.grade, done: event.done !== false || previous?.done === true });
      return { ...base, round: { ...round, answers } };
    }
    case 'round-revealed': {
      const round = state.round!;
      const students = state.students.withMutations((students) => {
        for (const s of state.students.values()) {
          if (s.removed) continue;
          const submitted = round.answers.get(s.id);
          const grade = submitted?.grade ?? event.unanswered;
          students.set(s.id, {
            ...s,
            score: s.score + grade.points,
            results: [...s.results, { round: event.round, iteration: round.iteration, fields: grade.fields, points: grade.points, answeredAfterMs: submitted ? submitted.at - round.openedAt : null }],
          });
        }
      });
      const upTo = deepestLink(round.sheet.asked);
      const same = state.shown && state.shown.iteration === round.iteration ? state.shown : null;
      // The fields revealed so far at this iteration, each once.
      const asked = [...(same?.asked ?? []), ...round.sheet.asked.filter((f) => !(same?.asked ?? []).some((g) => sameField(f, g)))];
      return {
        ...base,
        phase: 'revealed',
        shown: { iteration: round.iteration, upTo: Math.max(same?.upTo ?? -1, upTo), asked },
        students,
        round: withRound(state, { closedAt: event.at, closedBy: event.closedBy, step: event.step, stopReason: event.stopReason }),
      };
    }
    case 'advanced': {
      const history = [...state.history, { iteration: event.iteration, params: event.params, ssr: event.ssr }];
      const run = state.run ? { ...state.run, taken: state.run.taken + 1 } : null;
      return { ...base, phase: state.phase === 'running' ? 'running' : 'lobby', iteration: event.iteration, params: event.params, history, run, stagesAfterRound: state.roundsPlayed };
    }
    case 'run-started':
      return { ...base, phase: 'running', run: { requested: event.requested, taken: 0, startedAt: event.at }, trainingStop: null };
    case 'training-stopped':
      return { ...base, phase: 'lobby', run: null, trainingStop: { reason: event.reason, iteration: event.iteration, ssr: event.ssr } };
    case 'run-stopped':
      return { ...base, phase: 'lobby', run: null };
    case 'settings-changed':
      return { ...base, settings: upgradeSettings(event.settings, state.settings.stopRule) };
    case 'session-reset':
      return {
        ...base,
        phase: 'lobby',
        iteration: 0,
        params: event.params,
        history: [{ iteration: 0, params: event.params, ssr: event.ssr }],
        run: null,
        finishReason: null,
        trainingStop: null,
        shown: null,
        stagesAfterRound: state.roundsPlayed,
        round: state.round && state.round.closedAt === null ? null : state.round,
      };
    case 'session-finished':
      return { ...base, phase: 'finished', run: null, finishReason: event.reason };
  }
}

export function evolve(state: SessionState, events: readonly SessionEvent[]): SessionState {
  let s = state;
  for (const e of events) s = evolveOne(s, e);
  return s;
}

/** The state after a whole event log (the first event creates the session). */
export function replay(events: readonly SessionEvent[]): SessionState {
  const [first, ...rest] = events;
  if (!first || first.type !== 'session-created') throw new Error('an event log starts with session-created');
  return evolve(initialState(first), rest);
}
