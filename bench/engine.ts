/**
 * Engine benchmark: `npm run bench:engine [-- --json]`.
 * 1. A full 1000-step run of the lesson network (stop rule off so it always takes 1000 steps).
 * 2. One gradient step of a hidden layer 10,000 wide (all parameters trainable), next to a plain
 *    Float64Array loop computing the same gradients in the same process; their ratio.
 * Prints medians over repeated, warmed-up runs.
 */
import { activationFunctions, gradientStep, layoutFor, LESSON_DATA, resolvePreset, toVector, train } from '../shared/engine/index.js';
import { seededNormal } from '../shared/engine/random.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void, runs: number, warmup = Math.max(3, Math.floor(runs / 5))): number {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

// 1. The lesson, 1000 steps.
const lesson = resolvePreset('three-parameters', { rule: { stepThreshold: 0, maxSteps: 1000 } });
const lessonLayout = layoutFor(2);
const lessonInput = {
  shape: { activation: 'softplus' as const, width: 2 },
  data: LESSON_DATA,
  params: toVector(lessonLayout, lesson.params),
  trainable: lesson.setup.trainable.map((n) => lessonLayout.indexOf(n)!),
  learningRate: lesson.setup.learningRate,
  rule: lesson.setup.rule,
};
let lessonSteps = 0;
const lessonMs = time(() => {
  lessonSteps = train(lessonInput).steps.length;
}, 50);

// 2. A hidden layer 10,000 wide.
const width = 10_000;
const wide = layoutFor(width);
const normal = seededNormal(7);
const params = new Float64Array(wide.size);
for (const p of wide.params) params[p.index] = p.kind.endsWith('weight') ? normal.next() : 0;
const all = wide.params.map((p) => p.index);
const wideInput = { shape: { activation: 'softplus' as const, width }, data: LESSON_DATA, params, trainable: all, learningRate: 0.01 };
let engineGradient: Float64Array = new Float64Array(0);
const engineMs = time(() => {
  engineGradient = gradientStep(wideInput).derivatives;
}, 40);

// The plain loop: same math, no intermediates kept beyond what the gradient needs.
const { value: f, slope: df } = activationFunctions.softplus;
const inputs = Float64Array.from(LESSON_DATA, (d) => d.input);
const observed = Float64Array.from(LESSON_DATA, (d) => d.observed);
function plainGradient(): Float64Array {
  const n = inputs.length;
  const grad = new Float64Array(3 * width + 1);
  const y = new Float64Array(n * width);
  const s = new Float64Array(n * width);
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let p = params[3 * width]!;
    for (let k = 0; k < width; k++) {
      const x = params[2 * k]! * inputs[i]! + params[2 * k + 1]!;
      y[i * width + k] = f(x);
      s[i * width + k] = df(x);
      p += params[2 * width + k]! * y[i * width + k]!;
    }
    g[i] = -2 * (observed[i]! - p);
  }
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    for (let k = 0; k < width; k++) {
      const back = gi * params[2 * width + k]! * s[i * width + k]!;
      grad[2 * k] = grad[2 * k]! + back * inputs[i]!;
      grad[2 * k + 1] = grad[2 * k + 1]! + back;
      grad[2 * width + k] = grad[2 * width + k]! + gi * y[i * width + k]!;
    }
    grad[3 * width] = grad[3 * width]! + gi;
  }
  return grad;
}
let plain: Float64Array = new Float64Array(0);
const plainMs = time(() => {
  plain = plainGradient();
}, 40);

// Same gradients, or the comparison means nothing.
let maxDiff = 0;
for (let j = 0; j < all.length; j++) maxDiff = Math.max(maxDiff, Math.abs(engineGradient[j]! - plain[all[j]!]!));
if (!(maxDiff < 1e-9)) throw new Error(`engine and plain loop disagree by ${maxDiff}`);

const result = {
  lessonRunSteps: lessonSteps,
  lessonRunMs: lessonMs,
  wideWidth: width,
  wideStepMs: engineMs,
  plainLoopMs: plainMs,
  wideRatio: engineMs / plainMs,
  maxGradientDifference: maxDiff,
};
if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  process.stdout.write(
    [
      `node ${process.version}, ${process.arch}`,
      `lesson network, full ${lessonSteps}-step run: ${lessonMs.toFixed(3)} ms (median of 50; target well under 5 ms)`,
      `one step, hidden layer ${width} wide (${wide.size} trainable parameters): engine ${engineMs.toFixed(3)} ms, plain Float64Array loop ${plainMs.toFixed(3)} ms, ratio ${(engineMs / plainMs).toFixed(2)}x (target within 3x)`,
      `largest gradient difference between the two: ${maxDiff.toExponential(2)}`,
    ].join('\n') + '\n',
  );
}
