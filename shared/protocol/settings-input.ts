/** From what clients send (lists or true/false per quantity) to the session's settings change. */
import { PARAM_QUANTITIES, type Questions } from '../grader/fields.js';
import type { SettingsChange } from '../session/settings.js';
import type { QuestionsInput, SettingsInput } from './schemas.js';

export function questionsFrom(input: QuestionsInput, trainable: readonly string[]): Partial<Questions> {
  const out: { -readonly [Q in keyof Questions]?: readonly string[] } = {};
  for (const q of [...PARAM_QUANTITIES, 'terms'] as const) {
    const v = input[q];
    if (v === undefined) continue;
    out[q] = v === true ? [...trainable] : v === false ? [] : v;
  }
  if (input.points !== undefined) out.points = input.points;
  return out;
}

export function settingsChangeFrom(input: SettingsInput, trainable: readonly string[]): SettingsChange {
  const { questions, tolerance, scoring, ...rest } = input;
  return {
    ...rest,
    ...(questions && { questions: questionsFrom(questions, trainable) }),
    ...(tolerance !== undefined && { tolerance }),
    ...(scoring && { scoring: { speedBonus: scoring.speedBonus ?? false } }),
  } as SettingsChange;
}
