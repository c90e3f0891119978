// The session rules without sockets: commands in, events and state out.
import { describe, expect, it } from 'vitest';
import { resolvePreset, stepFrom, toStepRecord } from '../../shared/engine/index.js';
import { allowance, askedFields, buildSheet, DEFAULT_PRECISION, gradeAnswers, scoreFields } from '../../shared/grader/index.js';
import { DEADLINE_GRACE_MS, decide } from '../../shared/session/decide.js';
import { replay } from '../../shared/session/evolve.js';
import { roundSummary } from '../../shared/session/stats.js';
import { publicSession, studentSelf } from '../../shared/session/views.js';
import { Drive } from './fixtures.js';
import { handDerivatives } from '../grader/hand-work.js';

const lesson = resolvePreset('three-parameters');

describe('round states', () => {
  it('go lobby -> open -> revealed -> (advance) -> open ... with a version per event', () => {
    const d = new Drive();
    expect(d.state).toMatchObject({ phase: 'lobby', version: 1, iteration: 0 });
    d.join('a');
    d.do({ type: 'open' });
    expect(d.state).toMatchObject({ phase: 'open', version: 3 });
    expect(d.state.round).toMatchObject({ number: 1, iteration: 0 });
    d.do({ type: 'reveal', by: 'instructor' });
    expect(d.state.phase).toBe('revealed');
    d.do({ type: 'advance', open: true });
    expect(d.state).toMatchObject({ phase: 'open', iteration: 1 });
    expect(d.state.round).toMatchObject({ number: 2, iteration: 1 });
    expect(d.state.version).toBe(d.log.length);
  });

  it('refuse a command that does not fit, and change nothing', () => {
    const d = new Drive();
    const before = d.state;
    expect(d.refused({ type: 'reveal', by: 'instructor' })).toBe('wrong-phase');
    expect(d.refused({ type: 'advance', open: true })).toBe('wrong-phase');
    expect(d.refused({ type: 'pause' })).toBe('wrong-phase');
    expect(d.refused({ type: 'tick' })).toBe('wrong-phase');
    expect(d.state).toBe(before);
    d.do({ type: 'open' });
    expect(d.refused({ type: 'open' })).toBe('wrong-phase');
    expect(d.refused({ type: 'reset' })).toBe('wrong-phase');
    expect(d.refused({ type: 'configure', change: { hints: false } })).toBe('wrong-phase');
    expect(d.refused({ type: 'run', steps: 3 })).toBe('wrong-phase');
    d.do({ type: 'end' });
    expect(d.state.phase).toBe('finished');
    expect(d.refused({ type: 'open' })).toBe('finished');
    expect(d.refused({ type: 'join', studentId: 'z', name: 'Z', tokenHash: 'h', maxStudents: 10 })).toBe('finished');
  });

  it('reveal the engine step and advance to its new values', () => {
    const d = new Drive();
    d.do({ type: 'open' });
    const [revealed] = d.do({ type: 'reveal', by: 'instructor' });
    const expected = toStepRecord(stepFrom(lesson.setup, lesson.params));
    expect(revealed).toMatchObject({ type: 'round-revealed', step: expected, stopReason: null });
    d.do({ type: 'advance', open: false });
    expect(d.state.phase).toBe('lobby');
    expect(d.state.params).toEqual({ ...lesson.params, ...expected.next });
    expect(d.state.history.map((h) => h.iteration)).toEqual([0, 1]);
  });

  it('never shows the exact step before the reveal', () => {
    const d = new Drive();
    d.join('a');
    d.do({ type: 'open' });
    const view = JSON.stringify(publicSession(d.state));
    expect(publicSession(d.state).reveal).toBeNull();
    const exactNext = toStepRecord(stepFrom(lesson.setup, lesson.params)).next.w3!;
    expect(view).not.toContain(String(exactNext));
    d.do({ type: 'reveal', by: 'instructor' });
    expect(publicSession(d.state).reveal?.step.next?.w3).toBe(exactNext);
  });
});

describe('answers', () => {
  it('count once per student per round; the last one replaces the earlier', () => {
    const d = new Drive();
    d.join('a');
    d.do({ type: 'open' });
    d.do({ type: 'submit', studentId: 'a', answers: { next: { w3: 1 } } });
    d.do({ type: 'submit', studentId: 'a', answers: { next: { w3: 0.3342, w4: 0.6174, b3: -0.019 } } });
    expect(d.state.round!.answers.size).toBe(1);
    expect(d.state.round!.answers.get('a')).toMatchObject({ revision: 2, answers: { next: { w3: 0.3342 } } });
    d.do({ type: 'reveal', by: 'instructor' });
    const a = d.state.students.get('a')!;
    expect(a.results).toHaveLength(1);
    expect(a.score).toBe(300);
    expect(d.refused({ type: 'submit', studentId: 'a', answers: { next: { w3: 1 } } })).toBe('wrong-phase');
  });

  it('close with the round timer: an answer arriving within the grace counts, a later one is refused', () => {
    const d = new Drive({ settings: { timerSeconds: 30 } });
    d.join('a');
    d.join('b');
    d.do({ type: 'open' }, 0);
    const deadline = d.state.round!.deadline!;
    expect(deadline).toBe(d.now + 30_000);
    d.now = deadline + DEADLINE_GRACE_MS;
    d.do({ type: 'submit', studentId: 'a', answers: { next: { w3: 0.33 } } }, 0);
    d.now = deadline + DEADLINE_GRACE_MS + 1;
    expect(d.refused({ type: 'submit', studentId: 'b', answers: { next: { w3: 0.33 } } })).toBe('wrong-phase');
    expect(d.state.round!.answers.has('b')).toBe(false);
  });

  it('refuse unasked fields, empty answers, a closed round number and unknown or removed students', () => {
    const d = new Drive();
    d.join('a');
    d.join('b');
    d.do({ type: 'open' });
    expect(d.refused({ type: 'submit', studentId: 'a', answers: { derivatives: { w3: 1 } } })).toBe('invalid-answer');
    expect(d.refused({ type: 'submit', studentId: 'a', answers: { next: { w1: 1 } } })).toBe('invalid-answer');
    expect(d.refused({ type: 'submit', studentId: 'a', answers: {} })).toBe('invalid-answer');
    expect(d.refused({ type: 'submit', studentId: 'a', answers: { next: { w3: Number.NaN } } })).toBe('invalid-answer');
    expect(d.refused({ type: 'submit', studentId: 'a', answers: { next: { w3: 1 } }, round: 7 })).toBe('wrong-round');
    expect(d.refused({ type: 'submit', studentId: 'nobody', answers: { next: { w3: 1 } } })).toBe('not-found');
    d.do({ type: 'submit', studentId: 'b', answers: { next: { w3: 1 } } });
    d.do({ type: 'remove', studentId: 'b' });
    expect(d.state.round!.answers.has('b')).toBe(false);
    expect(d.refused({ type: 'submit', studentId: 'b', answers: { next: { w3: 1 } } })).toBe('removed');
  });

  it('are graded exactly as the grader grades them, every student including those who did not answer', () => {
    const d = new Drive({ settings: { questions: { derivatives: ['w3', 'w4', 'b3'], steps: [], next: ['w3'] } } });
    d.join('a');
    d.join('b');
    d.do({ type: 'open' });
    const answers = { derivatives: { w3: 1.29, w4: 2.58, b3: 1.9 }, next: { w3: 0.36 - 0.0129 } };
    d.do({ type: 'submit', studentId: 'a', answers });
    d.do({ type: 'reveal', by: 'instructor' });
    const step = toStepRecord(stepFrom(lesson.setup, lesson.params));
    const sheet = buildSheet(step, null, { asked: askedFields(d.state.settings.questions, 3), precision: DEFAULT_PRECISION, tolerance: null });
    const expected = scoreFields(gradeAnswers(sheet, answers), d.state.settings.scoring);
    expect(d.state.students.get('a')!.results[0]!.fields).toEqual(expected);
    // Half the derivative; w3's derivative given for w4; b3 right (1.8996); the new value carried from the halved derivative.
    expect(expected.map((f) => f.mistake)).toEqual(['missing-factor-2', 'swapped-inputs', undefined, undefined]);
    expect(expected.map((f) => f.credit)).toEqual(['none', 'none', 'full', 'follow-on']);
    expect(expected[3]!.followOn).toBe('follows-from-own-derivative');
    const b = d.state.students.get('b')!.results[0]!;
    expect(b.points).toBe(0);
    expect(b.fields.every((f) => f.answer === null)).toBe(true);
  });
});

describe('students', () => {
  it('get distinct, clean names and are refused when locked or full', () => {
    const d = new Drive();
    d.do({ type: 'join', studentId: 'a', name: '  Ana\u200b  Lopez ', tokenHash: 'h', maxStudents: 2 });
    d.do({ type: 'join', studentId: 'b', name: 'ana lopez', tokenHash: 'h', maxStudents: 2 });
    expect([...d.state.students.values()].map((s) => s.name)).toEqual(['Ana Lopez', 'ana lopez (2)']);
    expect(d.refused({ type: 'join', studentId: 'c', name: 'C', tokenHash: 'h', maxStudents: 2 })).toBe('session-full');
    expect(d.refused({ type: 'join', studentId: 'c', name: '\u200b \n', tokenHash: 'h', maxStudents: 5 })).toBe('invalid-name');
    d.do({ type: 'lock' });
    expect(d.refused({ type: 'join', studentId: 'c', name: 'C', tokenHash: 'h', maxStudents: 5 })).toBe('locked');
    d.do({ type: 'unlock' });
    d.do({ type: 'join', studentId: 'c', name: 'C', tokenHash: 'h', maxStudents: 5 });
    // A lone surrogate (no character at all) is dropped like a control character; a real pair stays.
    d.do({ type: 'join', studentId: 'd', name: 'Bo\ud800b \ud83e\uddee', tokenHash: 'h', maxStudents: 5 });
    expect(d.state.students.get('d')!.name).toBe('Bo b 🧮');
    // encodeURIComponent throws on a lone surrogate.
    expect(() => encodeURIComponent(d.state.students.get('d')!.name)).not.toThrow();
  });
});

describe('training runs', () => {
  it('take the requested steps one tick at a time, then return to the lobby', () => {
    const d = new Drive();
    d.do({ type: 'run', steps: 3 });
    expect(d.state.phase).toBe('running');
    d.do({ type: 'tick' });
    d.do({ type: 'tick' });
    expect(d.state.phase).toBe('running');
    d.do({ type: 'tick' });
    expect(d.state).toMatchObject({ phase: 'lobby', iteration: 3, run: null });
  });

  it('stop training at the stop rule, never the session', () => {
    const d = new Drive({ preset: 'bias-only' });
    d.do({ type: 'run', steps: null });
    let guard = 0;
    while (d.state.phase === 'running' && guard++ < 100) d.do({ type: 'tick' });
    expect(d.state).toMatchObject({ phase: 'lobby', finishReason: null, trainingStop: { reason: 'step-size', iteration: d.state.iteration } });
    expect(d.state.params.b3).toBeCloseTo(2.61, 2);
    // Running again right there takes no step past the rule: it says so.
    const at = d.state.iteration;
    d.do({ type: 'run', steps: null });
    expect(d.state).toMatchObject({ phase: 'lobby', iteration: at, trainingStop: { reason: 'step-size' } });
    // Everything else works: a round opens (and clears the notice), and reset goes back to the start.
    d.do({ type: 'open' });
    expect(d.state).toMatchObject({ phase: 'open', trainingStop: null });
    d.do({ type: 'reveal', by: 'instructor' });
    d.do({ type: 'reset' });
    expect(d.state).toMatchObject({ phase: 'lobby', iteration: 0, params: { b3: 0 } });
  });

  // Issue 17, case 2: on the lesson at learning rate 0.01 "Run to the stop rule" reached the 1000-step
  // cap with SSR 0.108 and ended the class; "Run 1500 steps" did the same.
  it('on the lesson, the step cap stops training where the class can raise it and run on to the step-size rule', () => {
    const d = new Drive();
    expect(d.state.settings.stopRule).toEqual({ stepThreshold: 0.001, maxSteps: 1000 });
    d.do({ type: 'run', steps: 1500 });
    let guard = 0;
    while (d.state.phase === 'running' && guard++ < 5000) d.do({ type: 'tick' });
    expect(d.state).toMatchObject({ phase: 'lobby', iteration: 1000, finishReason: null, trainingStop: { reason: 'max-steps', iteration: 1000 } });
    // The SSR the issue measured there.
    expect(d.state.trainingStop!.ssr).toBeCloseTo(0.108, 2);
    // At the cap, Run stops at once (no step past it) and says why.
    d.do({ type: 'run', steps: null });
    expect(d.state).toMatchObject({ phase: 'lobby', iteration: 1000, trainingStop: { reason: 'max-steps' } });
    // The instructor raises the cap from the dashboard; the step-size rule stops it a little later (~1,024 steps, SSR ~0.10).
    d.do({ type: 'configure', change: { stopRule: { maxSteps: 5000 } } });
    expect(d.state.settings.stopRule).toEqual({ stepThreshold: 0.001, maxSteps: 5000 });
    d.do({ type: 'run', steps: null });
    guard = 0;
    while (d.state.phase === 'running' && guard++ < 5000) d.do({ type: 'tick' });
    expect(d.state.trainingStop).toMatchObject({ reason: 'step-size' });
    expect(d.state.iteration).toBeGreaterThan(1000);
    expect(d.state.iteration).toBeLessThan(1100);
    expect(d.state.trainingStop!.ssr).toBeCloseTo(0.1, 1);
    // Still a class: rounds open, and only "End session" ends it.
    d.do({ type: 'open' });
    expect(d.state.phase).toBe('open');
    d.do({ type: 'end' });
    expect(d.state).toMatchObject({ phase: 'finished', finishReason: 'ended' });
  });

  it('a revealed step that meets the stop rule still advances and opens the next round; one that diverges is not taken', () => {
    const met = new Drive({ preset: 'bias-only', settings: { stopRule: { stepThreshold: 100 } } });
    met.do({ type: 'open' });
    met.do({ type: 'reveal', by: 'instructor' });
    expect(met.state.round!.stopReason).toBe('step-size');
    met.do({ type: 'advance', open: true });
    expect(met.state).toMatchObject({ phase: 'open', iteration: 1, finishReason: null });
    // At learning rate 1 the lesson diverges within a few steps (see grading-rules.test.ts): round by round until a revealed step does.
    const wild = new Drive({ settings: { learningRate: 1 } });
    for (let i = 0; i < 30; i++) {
      wild.do({ type: 'open' });
      wild.do({ type: 'reveal', by: 'instructor' });
      if (wild.state.round!.stopReason === 'diverged') break;
      wild.do({ type: 'advance', open: false });
    }
    expect(wild.state.round!.stopReason).toBe('diverged');
    const iteration = wild.state.iteration;
    const before = wild.state.params;
    wild.do({ type: 'advance', open: true });
    expect(wild.state).toMatchObject({ phase: 'lobby', iteration, params: before, trainingStop: { reason: 'diverged', iteration } });
  });

  it('pause on request', () => {
    const d = new Drive();
    d.do({ type: 'run', steps: null });
    d.do({ type: 'tick' });
    d.do({ type: 'pause' });
    expect(d.state).toMatchObject({ phase: 'lobby', iteration: 1 });
  });
});

describe('settings', () => {
  it('change between rounds, refusing questions about fixed parameters', () => {
    const d = new Drive();
    d.do({ type: 'configure', change: { learningRate: 0.1, questions: { derivatives: ['w3'] }, timerSeconds: 30 } });
    expect(d.state.settings).toMatchObject({ learningRate: 0.1, timerSeconds: 30, questions: { derivatives: ['w3'], steps: [], next: ['w3', 'w4', 'b3'] } });
    expect(d.refused({ type: 'configure', change: { questions: { next: ['w1'] } } })).toBe('invalid-settings');
    expect(d.refused({ type: 'configure', change: { questions: { derivatives: [], next: [] } } })).toBe('invalid-settings');
    d.do({ type: 'open' });
    expect(d.state.round!.deadline).toBe(d.now + 30_000);
  });

  it('leave the summary of a revealed round about the questions it asked', () => {
    const d = new Drive();
    d.join('a');
    d.do({ type: 'open' });
    d.do({ type: 'submit', studentId: 'a', answers: { next: { w3: 0.33, w4: 0.62 } } });
    d.do({ type: 'reveal', by: 'instructor' });
    const asked = ['next:w3', 'next:w4', 'next:b3'];
    expect(roundSummary(d.state)!.fields.map((f) => `${f.quantity}:${f.param}`)).toEqual(asked);
    d.do({ type: 'configure', change: { questions: { derivatives: ['w3'], next: [] } } });
    const summary = roundSummary(d.state)!;
    expect(summary.fields.map((f) => `${f.quantity}:${f.param}`)).toEqual(asked);
    expect(summary.fields.map((f) => f.answers)).toEqual([[0.33], [0.62], []]);
    expect(summary.fields[2]!.unanswered).toBe(1);
  });
});

describe('a revealed round', () => {
  it('keeps the questions and tolerance it was graded with when the settings change after it', () => {
    const d = new Drive();
    d.do({ type: 'configure', change: { questions: { derivatives: ['w3', 'w4', 'b3'], next: [] } } });
    for (const id of ['exact', 'sign', 'two']) d.join(id);
    d.do({ type: 'open' });
    const start = { w3: lesson.params['w3']!, w4: lesson.params['w4']!, b3: lesson.params['b3']! };
    // Worked by hand (test/grader/hand-work.ts), independently of the engine.
    const exact = handDerivatives(start);
    const flipped = handDerivatives(start, { flipSign: true });
    const halved = handDerivatives(start, { dropTwo: true });
    d.do({ type: 'submit', studentId: 'exact', answers: { derivatives: exact } });
    d.do({ type: 'submit', studentId: 'sign', answers: { derivatives: { ...exact, w3: flipped.w3 } } });
    d.do({ type: 'submit', studentId: 'two', answers: { derivatives: { ...exact, w4: halved.w4 } } });
    d.do({ type: 'reveal', by: 'instructor' });

    const check = () => {
      const reveal = publicSession(d.state).reveal!;
      expect(reveal.asked).toEqual(['w3', 'w4', 'b3'].map((param) => ({ quantity: 'derivatives', param })));
      expect(reveal.sheet).toMatchObject({ precision: { significant: 3 }, tolerance: null });
      const summary = roundSummary(d.state)!;
      for (const f of summary.fields) {
        // One band everywhere: the summary's is the revealed sheet's, and it is a few percent of the derivative.
        expect(f.allowed).toBe(allowance(reveal.sheet, f));
        expect(f.allowed).toBeGreaterThan(0.001);
        expect(f.allowed).toBeLessThan(0.05 * Math.abs(exact[f.param as 'w3']));
        expect(f.cannotTell).toEqual([]);
      }
      const [w3, w4, b3] = summary.fields;
      expect(w3!.mistakeValues).toEqual({ 'sign-flipped': expect.closeTo(flipped.w3, 2) });
      expect(w4!.mistakeValues).toEqual({ 'missing-factor-2': expect.closeTo(halved.w4, 2) });
      expect(b3!.mistakeValues).toEqual({});
      expect(summary.fields.map((f) => f.correct)).toEqual([2, 2, 3]);
    };
    check();
    // The instructor loosens the tolerance and asks something else for the next round.
    d.do({ type: 'configure', change: { tolerance: { absolute: 5, relative: 0.5 }, questions: { derivatives: ['b3'], next: ['w3'] } } });
    check();
    expect(publicSession(d.state).settings.tolerance).toEqual({ absolute: 5, relative: 0.5 });
    // The same after a restart: the log replays to the same round.
    expect(replay(JSON.parse(JSON.stringify(d.log))).round).toEqual(d.state.round);
  });
});

describe('the event log', () => {
  it('replays to the same state, and views hide token hashes', () => {
    const d = new Drive();
    d.join('a');
    d.join('b');
    d.do({ type: 'open' });
    d.do({ type: 'submit', studentId: 'a', answers: { next: { w3: 0.33 } } });
    d.do({ type: 'reveal', by: 'instructor' });
    d.do({ type: 'advance', open: true });
    d.do({ type: 'end' });
    expect(replay(JSON.parse(JSON.stringify(d.log)))).toEqual(d.state);
    const you = JSON.stringify(studentSelf(d.state, 'a', 1));
    expect(you).not.toContain('h-a');
    expect(JSON.stringify(publicSession(d.state))).not.toMatch(/h-a|tokenHash|instructorTokenHash/);
  });

  it('decide never mutates the state it is given', () => {
    const d = new Drive();
    d.join('a');
    d.do({ type: 'open' });
    const frozen = JSON.stringify(replay(d.log), (_k, v) => (v instanceof Map ? [...v] : v));
    decide(d.state, { type: 'submit', studentId: 'a', answers: { next: { w3: 1 } } }, { now: 1 });
    decide(d.state, { type: 'reveal', by: 'instructor' }, { now: 1 });
    expect(JSON.stringify(d.state, (_k, v) => (v instanceof Map ? [...v] : v))).toBe(frozen);
  });
});

// Issue 17, case 6: no way to add time to a running timer.
describe('more time for a round', () => {
  it('moves the timer of the open round, or starts one; a timer armed for the old deadline does not close it', () => {
    const d = new Drive({ settings: { timerSeconds: 20 } });
    d.do({ type: 'open' }, 0);
    const opened = d.state.round!.deadline!;
    expect(opened).toBe(d.now + 20_000);
    d.do({ type: 'extend', seconds: 30 }, 5_000);
    expect(d.state.round!.deadline).toBe(opened + 30_000);
    // The old deadline passes: a timer that fires now is refused; the answers still come in.
    d.now = opened + 1;
    expect(d.refused({ type: 'reveal', by: 'timer', round: d.state.round!.number })).toBe('wrong-round');
    d.join('late');
    d.do({ type: 'submit', studentId: 'late', answers: { next: { w3: 0.3 } } }, 0);
    // At the new deadline it closes.
    d.now = opened + 30_000;
    d.do({ type: 'reveal', by: 'timer', round: d.state.round!.number }, 0);
    expect(d.state.phase).toBe('revealed');
    // A round without a timer gets one, 30 s from now.
    const untimed = new Drive();
    untimed.do({ type: 'open' });
    expect(untimed.state.round!.deadline).toBeNull();
    untimed.do({ type: 'extend', seconds: 30 }, 0);
    expect(untimed.state.round!.deadline).toBe(untimed.now + 30_000);
    // Not outside an open round.
    untimed.do({ type: 'reveal', by: 'instructor' });
    expect(untimed.refused({ type: 'extend', seconds: 30 })).toBe('wrong-phase');
  });
});
