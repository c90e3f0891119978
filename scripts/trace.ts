/**
 * Answer key on the command line: prints a training run of a preset.
 *   npm run -s trace -- --preset three-parameters [--learning-rate 0.01] [--steps N] [--seed S]
 *                       [--threshold 0.001] [--max-steps 1000] [--json]
 * The --json format is stable (instructors script it); see docs/engine.md.
 */
import { parseArgs } from 'node:util';
import { layoutFor, PRESET_IDS, resolvePreset, toStepRecord, toValues, toVector, train, type PresetId } from '../shared/engine/index.js';

const usage = `usage: npm run -s trace -- --preset ${PRESET_IDS.join('|')} [--learning-rate X] [--steps N] [--seed S] [--threshold T] [--max-steps M] [--json]`;

function fail(message: string): never {
  process.stderr.write(`trace: ${message}\n${usage}\n`);
  process.exit(2);
}

function numberOption(raw: string | undefined, name: string, check: (v: number) => boolean, what: string): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || !check(v)) fail(`--${name} must be ${what}, got "${raw}"`);
  return v;
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      preset: { type: 'string', default: 'three-parameters' },
      'learning-rate': { type: 'string' },
      steps: { type: 'string' },
      seed: { type: 'string' },
      threshold: { type: 'string' },
      'max-steps': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }));
} catch (e) {
  fail((e as Error).message);
}
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

const preset = String(values.preset);
if (!(PRESET_IDS as readonly string[]).includes(preset)) fail(`unknown preset "${preset}"`);
const learningRate = numberOption(values['learning-rate'] as string | undefined, 'learning-rate', (v) => v > 0, 'a positive number');
const steps = numberOption(values.steps as string | undefined, 'steps', (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
const seed = numberOption(values.seed as string | undefined, 'seed', Number.isSafeInteger, 'an integer');
const stepThreshold = numberOption(values.threshold as string | undefined, 'threshold', (v) => v > 0, 'a positive number');
const maxSteps = numberOption(values['max-steps'] as string | undefined, 'max-steps', (v) => Number.isInteger(v) && v >= 1, 'a positive integer');

const start = resolvePreset(preset as PresetId, {
  ...(learningRate !== undefined && { learningRate }),
  ...(seed !== undefined && { seed }),
  rule: { ...(stepThreshold !== undefined && { stepThreshold }), ...(maxSteps !== undefined && { maxSteps }) },
});
const { setup } = start;
const layout = layoutFor(setup.width);
const run = train({
  shape: { activation: setup.activation, width: setup.width },
  data: setup.data,
  params: toVector(layout, start.params),
  trainable: setup.trainable.map((n) => layout.indexOf(n)!),
  learningRate: setup.learningRate,
  rule: setup.rule,
  ...(steps !== undefined && { steps }),
});

const iterations = run.steps.map((step, iteration) => {
  const r = toStepRecord(step);
  return { iteration, params: toValues(layout, step.params), ssr: r.ssr, derivatives: r.derivatives, steps: r.steps, next: r.next };
});

if (values.json) {
  process.stdout.write(`${JSON.stringify({ preset, learningRate: setup.learningRate, seed: start.seed, stopReason: run.stopReason, iterations })}\n`);
} else {
  const fmt = (v: number): string => (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-4) ? v.toExponential(3) : v.toFixed(4)).padStart(10);
  const header = ['iter'.padStart(5), 'SSR'.padStart(10), ...setup.trainable.flatMap((p) => [p.padStart(10), `d/d${p}`.padStart(10), `step ${p}`.padStart(10)])];
  const lines = [
    `preset ${preset}: ${setup.activation}, ${setup.width} hidden nodes, training ${setup.trainable.join(', ')} at learning rate ${setup.learningRate}`,
    `fixed: ${layout.names.filter((n) => !setup.trainable.includes(n)).map((n) => `${n} = ${start.params[n]}`).join(', ') || 'none'}`,
    header.join(' '),
  ];
  for (const it of iterations) {
    lines.push([String(it.iteration).padStart(5), fmt(it.ssr), ...setup.trainable.flatMap((p) => [fmt(it.params[p]!), fmt(it.derivatives[p]!), fmt(it.steps[p]!)])].join(' '));
  }
  const last = iterations.at(-1)!;
  lines.push(`stopped: ${run.stopReason} after ${iterations.length} steps; final ${setup.trainable.map((p) => `${p} = ${last.next[p]!.toFixed(4)}`).join(', ')}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
