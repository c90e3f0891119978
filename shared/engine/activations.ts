/** Hidden-node activation functions and their derivatives, as the lesson family uses them. */

export const ACTIVATIONS = ['softplus', 'relu', 'sigmoid', 'identity'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export interface ActivationFunction {
  /** y = f(x) */
  readonly value: (x: number) => number;
  /** dy/dx = f'(x) */
  readonly slope: (x: number) => number;
  /** How the activation is written in a formula (KaTeX). */
  readonly tex: string;
}

function sigmoid(x: number): number {
  // Split by sign so exp never overflows.
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** ln(1 + e^x) without overflow for large x or loss of precision for very negative x. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

export const activationFunctions: Readonly<Record<Activation, ActivationFunction>> = {
  softplus: { value: softplus, slope: sigmoid, tex: '\\operatorname{SoftPlus}' },
  // The derivative at exactly 0 is taken as 0 (the left derivative), a common convention.
  relu: { value: (x) => (x > 0 ? x : 0), slope: (x) => (x > 0 ? 1 : 0), tex: '\\operatorname{ReLU}' },
  sigmoid: {
    value: sigmoid,
    slope: (x) => {
      const s = sigmoid(x);
      return s * (1 - s);
    },
    tex: '\\sigma',
  },
  identity: { value: (x) => x, slope: () => 1, tex: '\\operatorname{id}' },
};
