/**
 * A gradient step as plain named JSON: what the server broadcasts at a reveal, stores, and
 * what the grader and the worked solution read.
 */
import type { GradientStep } from './gradient-step.js';
import { layoutFor, toValues, type ParamValues } from './layout.js';

export interface HiddenNodeRecord {
  /** x_k,i = w_k * Input_i + b_k */
  readonly x: number;
  /** y_k,i = f(x_k,i) */
  readonly y: number;
  /** f'(x_k,i), the factor a hidden parameter's chain passes through */
  readonly slope: number;
}

export interface PointRecord {
  readonly input: number;
  readonly observed: number;
  readonly hidden: readonly HiddenNodeRecord[];
  readonly predicted: number;
  readonly residual: number;
  readonly dSSRdPredicted: number;
}

export interface StepRecord {
  readonly activation: GradientStep['shape']['activation'];
  readonly width: number;
  readonly learningRate: number;
  /** Every parameter's value before the step. */
  readonly params: ParamValues;
  readonly ssr: number;
  readonly points: readonly PointRecord[];
  /** Trainable parameters, in layout order. */
  readonly trainable: readonly string[];
  readonly derivatives: ParamValues;
  /** Per-point chain-rule terms of each trainable parameter's derivative. */
  readonly terms: Readonly<Record<string, readonly number[]>>;
  readonly steps: ParamValues;
  /** New values of the trainable parameters. */
  readonly next: ParamValues;
}

export function toStepRecord(step: GradientStep): StepRecord {
  const width = step.shape.width;
  const layout = layoutFor(width);
  const n = step.data.length;
  const points: PointRecord[] = step.data.map((point, i) => {
    const hidden: HiddenNodeRecord[] = [];
    for (let k = 0; k < width; k++) {
      const at = i * width + k;
      hidden.push({ x: step.x[at]!, y: step.y[at]!, slope: step.slope[at]! });
    }
    return {
      input: point.input,
      observed: point.observed,
      hidden,
      predicted: step.predicted[i]!,
      residual: step.residual[i]!,
      dSSRdPredicted: step.dSSRdPredicted[i]!,
    };
  });
  const trainable = step.trainable.map((index) => layout.params[index]!.name);
  const derivatives: ParamValues = {};
  const steps: ParamValues = {};
  const terms: Record<string, number[]> = {};
  trainable.forEach((name, j) => {
    derivatives[name] = step.derivatives[j]!;
    steps[name] = step.stepSizes[j]!;
    terms[name] = Array.from(step.terms.subarray(j * n, (j + 1) * n));
  });
  return {
    activation: step.shape.activation,
    width,
    learningRate: step.learningRate,
    params: toValues(layout, step.params),
    ssr: step.ssr,
    points,
    trainable,
    derivatives,
    terms,
    steps,
    next: toValues(layout, step.next, step.trainable),
  };
}
