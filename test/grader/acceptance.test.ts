// The acceptance and diagnosis rules over whole training runs, against a hand computation
// written independently of the grader (hand-work.ts).
import { describe, expect, it } from 'vitest';
import { resolvePreset, stepFrom, toStepRecord, type ParamValues, type PresetId, type StepRecord } from '../../shared/engine/index.js';
import { askedFields, buildSheet, gradeField, type MistakeId, type ParamQuantity, type Precision, type QuestionSheet } from '../../shared/grader/index.js';
import { keeper, paperStep, type PaperSlip, type Seven } from './hand-work.js';

interface Run {
  readonly label: string;
  readonly preset: PresetId;
  readonly learningRate?: number;
}

const RUNS: Run[] = [
  { label: 'lesson at 0.01', preset: 'three-parameters', learningRate: 0.01 },
  { label: 'lesson at 0.1', preset: 'three-parameters', learningRate: 0.1 },
  { label: 'bias only', preset: 'bias-only' },
  { label: 'all parameters', preset: 'all-parameters' },
];

/** The steps of a run until its stop rule: every |step| < 0.001, or 1000 steps. */
function stepsOf(run: Run): StepRecord[] {
  const start = resolvePreset(run.preset, run.learningRate ? { learningRate: run.learningRate } : {});
  const out: StepRecord[] = [];
  let params: ParamValues = { ...start.params };
  for (let i = 0; i < 1000; i++) {
    const record = toStepRecord(stepFrom(start.setup, params));
    out.push(record);
    if (Object.values(record.steps).every((s) => Math.abs(s) < 0.001)) break;
    params = { ...params, ...record.next };
  }
  return out;
}

interface PaperMistake {
  readonly mistake: MistakeId;
  readonly slip?: PaperSlip;
  /** Applies to this kind of parameter only. */
  readonly only?: (param: string) => boolean;
  /** Answers for a field from the correct paper work (wrong quantity, decimal shift, last round). */
  readonly from?: 'step-as-derivative' | 'next-as-derivative' | 'next-as-step' | 'step-as-next' | 'derivative-as-next' | 'times-10' | 'over-10' | 'previous';
}

const output = (p: string) => p === 'w3' || p === 'w4';
const hidden = (p: string) => /^[wb][12]$/.test(p);
const hiddenWeight = (p: string) => p === 'w1' || p === 'w2';

/** Slips in the derivative's chain: every quantity of the parameter inherits them. */
const CHAIN_SLIPS: PaperMistake[] = [
  { mistake: 'sign-flipped', slip: { shared: 2 } },
  { mistake: 'missing-factor-2', slip: { shared: -1 } },
  { mistake: 'missing-minus-2', slip: { shared: 1 } },
  { mistake: 'missing-chain-factor', slip: { drop: 'y' }, only: output },
  { mistake: 'missing-chain-factor', slip: { drop: 'w-out' }, only: hidden },
  { mistake: 'missing-chain-factor', slip: { drop: 'slope' }, only: hidden },
  { mistake: 'missing-chain-factor', slip: { drop: 'input' }, only: hiddenWeight },
  { mistake: 'swapped-inputs', slip: { swap: true }, only: output },
  { mistake: 'swapped-nodes', slip: { swap: true }, only: hidden },
  { mistake: 'single-data-point', slip: { onlyPoint: 0 } },
  { mistake: 'single-data-point', slip: { onlyPoint: 1 } },
  { mistake: 'single-data-point', slip: { onlyPoint: 2 } },
];
/** The learning rate left out or misread: steps and new values. */
const RATE_SLIPS: PaperMistake[] = [
  { mistake: 'learning-rate-not-applied', slip: { rate: null } },
  { mistake: 'learning-rate-misread', slip: { rate: 10 } },
  { mistake: 'learning-rate-misread', slip: { rate: 0.1 } },
];
/** The right work copied wrongly: last round's value, or the decimal point moved. */
const COPY_SLIPS: PaperMistake[] = [
  { mistake: 'previous-values', from: 'previous' },
  { mistake: 'decimal-shifted', from: 'times-10' },
  { mistake: 'decimal-shifted', from: 'over-10' },
];

const MISTAKES: Record<ParamQuantity, PaperMistake[]> = {
  derivatives: [
    ...CHAIN_SLIPS,
    { mistake: 'wrong-quantity', from: 'step-as-derivative' },
    { mistake: 'wrong-quantity', from: 'next-as-derivative' },
    ...COPY_SLIPS,
  ],
  steps: [...RATE_SLIPS, ...CHAIN_SLIPS, { mistake: 'wrong-quantity', from: 'next-as-step' }, ...COPY_SLIPS],
  next: [
    { mistake: 'step-added', slip: { addStep: true } },
    ...RATE_SLIPS,
    ...CHAIN_SLIPS,
    { mistake: 'wrong-quantity', from: 'step-as-next' },
    { mistake: 'wrong-quantity', from: 'derivative-as-next' },
    ...COPY_SLIPS,
  ],
};

type Paper = ReturnType<typeof paperStep>;
const valueOf = (paper: Paper, q: ParamQuantity, p: string) => (q === 'derivatives' ? paper.derivatives[p]! : q === 'steps' ? paper.steps[p]! : paper.next[p]!);

function paperAnswer(m: PaperMistake, q: ParamQuantity, param: string, right: Paper, previous: Paper | null, work: (slip: PaperSlip) => Paper): number | null {
  if (m.slip) return valueOf(work(m.slip), q, param);
  switch (m.from!) {
    case 'step-as-derivative':
    case 'step-as-next':
      return right.steps[param]!;
    case 'next-as-derivative':
    case 'next-as-step':
      return right.next[param]!;
    case 'derivative-as-next':
      return right.derivatives[param]!;
    case 'times-10':
      return valueOf(right, q, param) * 10;
    case 'over-10':
      return valueOf(right, q, param) / 10;
    case 'previous':
      return previous ? valueOf(previous, q, param) : null;
  }
}

interface Tally {
  iterations: number;
  fields: number;
  mistakesChecked: number;
  named: number;
  unclear: number;
}

function checkRun(run: Run, precision: Precision): Tally {
  const steps = stepsOf(run);
  const keep = keeper(precision);
  const tally: Tally = { iterations: steps.length, fields: 0, mistakesChecked: 0, named: 0, unclear: 0 };
  let previousPaper: Paper | null = null;
  let previousRecord: StepRecord | null = null;
  for (const record of steps) {
    const trainable = record.trainable;
    const asked = askedFields({ derivatives: trainable, steps: trainable, next: trainable }, record.points.length);
    const sheet: QuestionSheet = buildSheet(record, previousRecord, { asked, precision, tolerance: null });
    const work = (slip: PaperSlip) => paperStep(record.params as Seven, trainable, record.learningRate, keep, slip);
    const right = work({});
    for (const { quantity, param } of asked) {
      // Only parameter quantities are asked here: the per-point links have test/grader/links.test.ts.
      const field = { quantity: quantity as ParamQuantity, param: param! };
      tally.fields++;
      const f = sheet.fields[`${field.quantity}:${field.param}`]!;
      const answer = valueOf(right, field.quantity, field.param);
      const g = gradeField(sheet, { [field.quantity]: { [field.param]: answer } }, field);
      if (!g.correct) throw new Error(`${run.label} iteration ${steps.indexOf(record)}: hand work ${answer} for ${field.quantity} ${field.param} (exact ${f.exact}, band ${f.allowed}) graded wrong`);
      for (const m of MISTAKES[field.quantity]) {
        if (m.only && !m.only(field.param)) continue;
        if (m.slip?.onlyPoint !== undefined && Math.abs(record.terms[field.param]![m.slip.onlyPoint]!) < 1e-12) continue;
        const wrong = paperAnswer(m, field.quantity, field.param, right, previousPaper, work);
        if (wrong === null) continue;
        tally.mistakesChecked++;
        if (f.cannotTell.includes(m.mistake)) {
          tally.unclear++;
          continue;
        }
        const mg = gradeField(sheet, { [field.quantity]: { [field.param]: wrong } }, field);
        const named = mg.mistake === m.mistake || (mg.alsoFits ?? []).includes(m.mistake);
        if (mg.correct || !named) {
          throw new Error(`${run.label} iteration ${steps.indexOf(record)} ${field.quantity} ${field.param}: ${m.mistake} by hand gives ${wrong} (exact ${f.exact} ± ${f.allowed}); graded ${JSON.stringify(mg)}`);
        }
        tally.named++;
      }
    }
    previousPaper = right;
    previousRecord = record;
  }
  return tally;
}

describe('acceptance from the precision students keep, over whole training runs', () => {
  for (const precision of [{ significant: 3 }, { significant: 5 }, { decimals: 4 }] as Precision[]) {
    for (const run of RUNS) {
      it(`${run.label}, ${JSON.stringify(precision)}: hand work is correct in every field; every separable mistake is named as itself`, () => {
        const t = checkRun(run, precision);
        expect(t.fields).toBeGreaterThan(0);
        expect(t.named).toBeGreaterThan(0);
        // eslint-disable-next-line no-console
        console.log(`${run.label} ${JSON.stringify(precision)}: ${t.iterations} iterations, ${t.fields} fields, ${t.mistakesChecked} mistakes by hand: ${t.named} named as themselves, ${t.unclear} flagged cannot-tell`);
      });
    }
  }
});
