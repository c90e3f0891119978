// The lesson's order as a plan of stages: which stage the dashboard offers next, which is open,
// which are done on this iteration, and the stage a round's fields belong to.
import { describe, expect, it } from 'vitest';
import { resolvePreset, stepFrom, toStepRecord } from '../../shared/engine/index.js';
import { askedFields, LINK_ORDER } from '../../shared/grader/fields.js';
import { askedLinks, lessonPlan, planStatus, stageIndexOf, stepUpTo, type PlanSessionView } from '../../shared/session/stages.js';

const lesson = resolvePreset('three-parameters');
const plan = lessonPlan(lesson.setup.width, lesson.setup.trainable);
const n = lesson.setup.data.length;
const step = toStepRecord(stepFrom(lesson.setup, lesson.params));
const stageFields = plan.map((s) => askedFields(s.questions, n));
const rankOf = (l: (typeof LINK_ORDER)[number]) => LINK_ORDER.indexOf(l);

function at(phase: PlanSessionView['phase'], stage: number | null, opts: { iteration?: number; roundIteration?: number; known?: number } = {}): PlanSessionView {
  const iteration = opts.iteration ?? 0;
  return {
    phase,
    iteration,
    round: stage === null ? null : { iteration: opts.roundIteration ?? iteration, asked: stageFields[stage]!, known: opts.known === undefined ? null : stepUpTo(step, opts.known) },
  };
}

describe('the lesson plan', () => {
  it('has three stages, in chain order', () => {
    expect(plan.map((s) => s.title)).toEqual(['Forward pass', 'The shared term', 'Terms, derivatives and the update']);
    expect(stageFields.map((f) => askedLinks(f))).toEqual([['x', 'y', 'predicted'], ['residual', 'dssrDpredicted'], ['terms', 'derivatives', 'next']]);
  });

  it('offers the first stage before any round, and again on a new iteration', () => {
    expect(planStatus(plan, at('lobby', null), n)).toEqual(['next', 'later', 'later']);
    // After an advance the last round belongs to the previous iteration.
    expect(planStatus(plan, at('lobby', 2, { iteration: 1, roundIteration: 0 }), n)).toEqual(['next', 'later', 'later']);
  });

  it('walks the stages: open, revealed, next', () => {
    expect(planStatus(plan, at('open', 0), n)).toEqual(['open', 'later', 'later']);
    expect(planStatus(plan, at('revealed', 0), n)).toEqual(['done', 'next', 'later']);
    // The second stage open: the first stays done (its links are known).
    expect(planStatus(plan, at('open', 1, { known: rankOf('predicted') }), n)).toEqual(['done', 'open', 'later']);
    expect(planStatus(plan, at('revealed', 1), n)).toEqual(['done', 'done', 'next']);
    expect(planStatus(plan, at('revealed', 2), n)).toEqual(['done', 'done', 'done']);
  });

  it('counts a round built freely by how deep it reached', () => {
    const free = { phase: 'revealed' as const, iteration: 0, round: { iteration: 0, asked: [{ quantity: 'residual' as const, point: 0 }] } };
    expect(planStatus(plan, free, n)).toEqual(['done', 'next', 'later']);
    expect(stageIndexOf(plan, free.round.asked, n)).toBe(-1);
  });

  it('offers nothing while training runs or after the end', () => {
    expect(planStatus(plan, at('running', null), n)).toEqual(['later', 'later', 'later']);
    expect(planStatus(plan, at('finished', 2), n)).toEqual(['later', 'later', 'later']);
  });

  it('names the stage a round asks, whatever the order of its fields', () => {
    expect(stageIndexOf(plan, [...stageFields[1]!].reverse(), n)).toBe(1);
    expect(stageIndexOf(plan, stageFields[2]!.slice(1), n)).toBe(-1);
  });
});
