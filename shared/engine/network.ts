/** The network family of the lesson: one input, one hidden layer, one linear output. */
import type { Activation } from './activations.js';

export interface DataPoint {
  readonly input: number;
  readonly observed: number;
}

export interface NetworkShape {
  readonly activation: Activation;
  /** Number of hidden nodes (the lesson has 2). */
  readonly width: number;
}

/** The lesson's data set: three doses with their observed efficacy. */
export const LESSON_DATA: readonly DataPoint[] = Object.freeze([
  { input: 0, observed: 0 },
  { input: 0.5, observed: 1 },
  { input: 1, observed: 0 },
]);
