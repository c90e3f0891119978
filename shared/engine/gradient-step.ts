/**
 * One gradient-descent step on the sum of squared residuals, computed with the chain rule,
 * keeping every intermediate a teacher would write on the board.
 *
 * For data point i and hidden node k:
 *   x_k,i = w_k * Input_i + b_k,  y_k,i = f(x_k,i)
 *   Predicted_i = sum_k w_out_k * y_k,i + b_out
 *   dSSR/dPredicted_i = -2 (Observed_i - Predicted_i)
 * and the chain-rule term of each parameter for point i:
 *   output weight k:  dSSR/dPredicted_i * y_k,i
 *   output bias:      dSSR/dPredicted_i * 1
 *   hidden weight k:  dSSR/dPredicted_i * w_out_k * f'(x_k,i) * Input_i
 *   hidden bias k:    dSSR/dPredicted_i * w_out_k * f'(x_k,i) * 1
 * The derivative is the sum of its terms; step size = derivative * learning rate;
 * new value = old value - step size. All trainable parameters move together.
 */
import { activationFunctions } from './activations.js';
import { hiddenBiasIndex, hiddenWeightIndex, outputBiasIndex, outputWeightIndex } from './layout.js';
import type { DataPoint, NetworkShape } from './network.js';

export interface StepInput {
  readonly shape: NetworkShape;
  readonly data: readonly DataPoint[];
  /** Parameter vector in layout order (see layout.ts). */
  readonly params: Float64Array;
  /** Indices of the trainable parameters, ascending. */
  readonly trainable: readonly number[];
  readonly learningRate: number;
}

export interface GradientStep extends StepInput {
  /** Hidden-node inputs x_k,i, row-major by data point: x[i * width + k]. */
  readonly x: Float64Array;
  /** Hidden-node outputs y_k,i, same layout. */
  readonly y: Float64Array;
  /** Activation slopes f'(x_k,i), same layout. */
  readonly slope: Float64Array;
  readonly predicted: Float64Array;
  /** Observed_i - Predicted_i */
  readonly residual: Float64Array;
  /** dSSR/dPredicted_i = -2 * residual_i: the term every parameter's chain shares. */
  readonly dSSRdPredicted: Float64Array;
  readonly ssr: number;
  /** Chain-rule terms: terms[j * n + i] for trainable parameter j and data point i. */
  readonly terms: Float64Array;
  /** derivatives[j] = sum over i of terms[j * n + i] */
  readonly derivatives: Float64Array;
  readonly stepSizes: Float64Array;
  /** The whole parameter vector after the step (fixed parameters unchanged). */
  readonly next: Float64Array;
}

/** Forward pass only: predictions and SSR for a parameter vector. */
export function sumOfSquaredResiduals(shape: NetworkShape, data: readonly DataPoint[], params: Float64Array): number {
  const { value } = activationFunctions[shape.activation];
  const width = shape.width;
  const bOut = params[outputBiasIndex(width)]!;
  let ssr = 0;
  for (const point of data) {
    let predicted = bOut;
    for (let k = 0; k < width; k++) {
      predicted += params[outputWeightIndex(width, k)]! * value(params[hiddenWeightIndex(k)]! * point.input + params[hiddenBiasIndex(k)]!);
    }
    const r = point.observed - predicted;
    ssr += r * r;
  }
  return ssr;
}

/** Predicted output for one input (used to draw the squiggle). */
export function predict(shape: NetworkShape, params: ArrayLike<number>, input: number): number {
  const { value } = activationFunctions[shape.activation];
  const width = shape.width;
  let predicted = params[outputBiasIndex(width)]!;
  for (let k = 0; k < width; k++) {
    predicted += params[outputWeightIndex(width, k)]! * value(params[hiddenWeightIndex(k)]! * input + params[hiddenBiasIndex(k)]!);
  }
  return predicted;
}

export function gradientStep(input: StepInput): GradientStep {
  const { shape, data, params, trainable, learningRate } = input;
  const { value, slope: slopeOf } = activationFunctions[shape.activation];
  const width = shape.width;
  const n = data.length;
  const x = new Float64Array(n * width);
  const y = new Float64Array(n * width);
  const slope = new Float64Array(n * width);
  const predicted = new Float64Array(n);
  const residual = new Float64Array(n);
  const dSSRdPredicted = new Float64Array(n);
  const outBias = params[outputBiasIndex(width)]!;
  const outWeight0 = outputWeightIndex(width, 0);

  let ssr = 0;
  for (let i = 0; i < n; i++) {
    const point = data[i]!;
    const row = i * width;
    let p = outBias;
    for (let k = 0; k < width; k++) {
      const xk = params[2 * k]! * point.input + params[2 * k + 1]!;
      const yk = value(xk);
      x[row + k] = xk;
      y[row + k] = yk;
      slope[row + k] = slopeOf(xk);
      p += params[outWeight0 + k]! * yk;
    }
    predicted[i] = p;
    const r = point.observed - p;
    residual[i] = r;
    dSSRdPredicted[i] = -2 * r;
    ssr += r * r;
  }

  const m = trainable.length;
  const terms = new Float64Array(m * n);
  const derivatives = new Float64Array(m);
  const stepSizes = new Float64Array(m);
  const next = Float64Array.from(params);
  for (let j = 0; j < m; j++) {
    const index = trainable[j]!;
    const base = j * n;
    let sum = 0;
    if (index === outputBiasIndex(width)) {
      for (let i = 0; i < n; i++) {
        const t = dSSRdPredicted[i]!;
        terms[base + i] = t;
        sum += t;
      }
    } else if (index >= outWeight0) {
      const k = index - outWeight0;
      for (let i = 0; i < n; i++) {
        const t = dSSRdPredicted[i]! * y[i * width + k]!;
        terms[base + i] = t;
        sum += t;
      }
    } else {
      const k = index >> 1;
      const isWeight = (index & 1) === 0;
      const wOut = params[outWeight0 + k]!;
      for (let i = 0; i < n; i++) {
        const t = dSSRdPredicted[i]! * wOut * slope[i * width + k]! * (isWeight ? data[i]!.input : 1);
        terms[base + i] = t;
        sum += t;
      }
    }
    derivatives[j] = sum;
    const step = sum * learningRate;
    stepSizes[j] = step;
    next[index] = params[index]! - step;
  }

  return { shape, data, params, trainable, learningRate, x, y, slope, predicted, residual, dSSRdPredicted, ssr, terms, derivatives, stepSizes, next };
}
