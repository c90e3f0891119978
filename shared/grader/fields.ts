/** What students can be asked to predict: per trainable parameter, its derivative, step size or new value. */

export const QUANTITIES = ['derivatives', 'steps', 'next'] as const;
export type Quantity = (typeof QUANTITIES)[number];

export const QUANTITY_LABELS: Readonly<Record<Quantity, string>> = {
  derivatives: 'derivative',
  steps: 'step size',
  next: 'new value',
};

/** A student's predictions: any subset of quantities and parameters. */
export type AnswerSet = { [Q in Quantity]?: Record<string, number> };

/** Which fields the instructor asks, per quantity the parameter names (in layout order). */
export type Questions = { readonly [Q in Quantity]: readonly string[] };

export interface FieldRef {
  readonly quantity: Quantity;
  readonly param: string;
}

/** The asked fields in display order: derivatives, then steps, then new values; parameters in layout order. */
export function askedFields(questions: Questions): FieldRef[] {
  const out: FieldRef[] = [];
  for (const quantity of QUANTITIES) for (const param of questions[quantity]) out.push({ quantity, param });
  return out;
}

export function answerOf(answers: AnswerSet, field: FieldRef): number | undefined {
  return answers[field.quantity]?.[field.param];
}

/** The default the product asks for: the new value of every trainable parameter. */
export function defaultQuestions(trainable: readonly string[]): Questions {
  return { derivatives: [], steps: [], next: [...trainable] };
}
