/**
 * A training setup: everything needed to compute steps, as plain named data (what sessions store
 * and send), plus the conversion to the vector form the engine computes on.
 */
import type { Activation } from './activations.js';
import { gradientStep, type GradientStep } from './gradient-step.js';
import { layoutFor, toVector, type Layout, type ParamValues } from './layout.js';
import type { DataPoint } from './network.js';
import { PRESETS, type PresetId } from './presets.js';
import { seededNormal } from './random.js';
import { DEFAULT_STOP_RULE, type StopRule } from './train.js';

export interface TrainingSetup {
  readonly activation: Activation;
  readonly width: number;
  readonly data: readonly DataPoint[];
  /** Names of the trained parameters, in layout order. */
  readonly trainable: readonly string[];
  readonly learningRate: number;
  readonly rule: StopRule;
}

/** Weights from N(0, 1), biases 0, from a seed: the lesson's random start, replayable. */
export function randomParams(layout: Layout, seed: number): ParamValues {
  const normal = seededNormal(seed);
  const values: ParamValues = {};
  for (const p of layout.params) {
    values[p.name] = p.kind === 'hidden-weight' || p.kind === 'output-weight' ? normal.next() : 0;
  }
  return values;
}

export interface SetupOverrides {
  readonly learningRate?: number;
  /** Overrides individual starting values. */
  readonly params?: Readonly<ParamValues>;
  readonly seed?: number;
  readonly trainable?: readonly string[];
  readonly rule?: Partial<StopRule>;
}

export interface ResolvedStart {
  readonly setup: TrainingSetup;
  readonly params: ParamValues;
  readonly seed: number;
}

/** A preset plus overrides, checked: unknown parameter names and non-finite values are refused. */
export function resolvePreset(presetId: PresetId, overrides: SetupOverrides = {}): ResolvedStart {
  const preset = PRESETS[presetId];
  const layout = layoutFor(preset.width);
  const seed = overrides.seed ?? preset.seed;
  const base = preset.params ? { ...preset.params } : randomParams(layout, seed);
  for (const [name, value] of Object.entries(overrides.params ?? {})) {
    if (layout.indexOf(name) === undefined) throw new RangeError(`unknown parameter ${name}; this network has ${layout.names.join(', ')}`);
    if (!Number.isFinite(value)) throw new RangeError(`parameter ${name} must be a finite number`);
    base[name] = value;
  }
  const trainable = orderTrainable(layout, overrides.trainable ?? preset.trainable);
  const setup: TrainingSetup = {
    activation: preset.activation,
    width: preset.width,
    data: preset.data,
    trainable,
    learningRate: overrides.learningRate ?? preset.learningRate,
    rule: { ...DEFAULT_STOP_RULE, ...overrides.rule },
  };
  return { setup, params: base, seed };
}

/** Validates names and returns them in layout order without duplicates. */
export function orderTrainable(layout: Layout, names: readonly string[]): string[] {
  const wanted = new Set(names);
  for (const name of wanted) {
    if (layout.indexOf(name) === undefined) throw new RangeError(`unknown parameter ${name}; this network has ${layout.names.join(', ')}`);
  }
  return layout.names.filter((n) => wanted.has(n));
}

/** One step from named parameters. */
export function stepFrom(setup: TrainingSetup, params: ParamValues): GradientStep {
  const layout = layoutFor(setup.width);
  return gradientStep({
    shape: { activation: setup.activation, width: setup.width },
    data: setup.data,
    params: toVector(layout, params),
    trainable: setup.trainable.map((n) => layout.indexOf(n)!),
    learningRate: setup.learningRate,
  });
}
