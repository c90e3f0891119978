/**
 * Every inbound payload's schema. Strict objects: unknown fields are refused, numbers must be
 * finite, strings and collections are bounded. The server validates with these; the client uses
 * them to type what it sends.
 */
import { z } from 'zod';
import { PRESET_IDS } from '../engine/presets.js';
import { LEADERBOARD_MODES, LIMITS } from '../session/settings.js';
import { PRECISION_LIMITS } from '../grader/precision.js';

/** w1, b3, w12...: the names the engine gives parameters (see shared/engine/layout.ts). */
export const paramName = z.string().regex(/^[wb][1-9]\d{0,4}$/, 'a parameter name like w3 or b3');
const boundedRecord = <T extends z.ZodType>(value: T) =>
  z.record(paramName, value).refine((r) => Object.keys(r).length <= 64, 'at most 64 parameters');

export const joinCodeInput = z.string().trim().min(4).max(16);
const token = z.string().min(8).max(200);
/** A browser tab's own id (kept in its sessionStorage): a reconnect from the same tab replaces that tab's old socket. */
const tabId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a tab id of 8 to 64 letters, digits, - or _');

export const handshakeSchema = z.union([
  z.strictObject({ code: joinCodeInput, role: z.literal('instructor'), token, tab: tabId.optional() }),
  z.strictObject({ code: joinCodeInput, role: z.literal('student'), name: z.string().max(200), tab: tabId.optional(), device: tabId.optional() }),
  z.strictObject({ code: joinCodeInput, role: z.literal('student'), resumeToken: token, tab: tabId.optional(), device: tabId.optional() }),
  /** A seat opened on this device with the student's seat code ("ABCD-EFGH", any case, dashes and spaces ignored). */
  z.strictObject({ code: joinCodeInput, role: z.literal('student'), seat: z.string().min(1).max(32), tab: tabId.optional(), device: tabId.optional() }),
  z.strictObject({ code: joinCodeInput, role: z.literal('projector'), key: token, tab: tabId.optional() }),
]);
export type Handshake = z.infer<typeof handshakeSchema>;

const quantityList = z.union([z.array(paramName).max(64), z.boolean()]);
/** x1, y1, ..., predicted, residual, dssrDpredicted: what can be asked at every data point (see shared/grader/fields.ts). */
export const pointQuantityName = z.string().regex(/^(?:[xy][1-9]\d{0,3}|predicted|residual|dssrDpredicted)$/, 'a per-point quantity: x1, y1, x2, y2, ..., predicted, residual or dssrDpredicted');
/**
 * Per parameter quantity: a list of parameters, `true` (every trainable one) or `false` (none).
 * `points`: the per-point quantities asked at every data point; `terms`: the parameters whose
 * chain-rule term is asked at every data point (`true`: every trainable one).
 */
export const questionsInput = z.strictObject({
  derivatives: quantityList.optional(),
  steps: quantityList.optional(),
  next: quantityList.optional(),
  points: z.array(pointQuantityName).max(64).optional(),
  terms: quantityList.optional(),
});
export type QuestionsInput = z.infer<typeof questionsInput>;

export const toleranceInput = z.strictObject({
  absolute: z.number().min(0).max(LIMITS.tolerance.max).optional(),
  relative: z.number().min(0).max(1).optional(),
});

/** `{ decimals: n }` or `{ significant: n }`: what students are asked to keep in every number. */
export const precisionInput = z.union([
  z.strictObject({ decimals: z.number().int().min(PRECISION_LIMITS.decimals.min).max(PRECISION_LIMITS.decimals.max) }),
  z.strictObject({ significant: z.number().int().min(PRECISION_LIMITS.significant.min).max(PRECISION_LIMITS.significant.max) }),
]);

const learningRate = z.number().min(LIMITS.learningRate.min).max(LIMITS.learningRate.max);

export const settingsInput = z.strictObject({
  learningRate: learningRate.optional(),
  questions: questionsInput.optional(),
  precision: precisionInput.optional(),
  /** A fixed tolerance overriding the precision's bands; null removes the override. */
  tolerance: toleranceInput.nullable().optional(),
  timerSeconds: z.number().int().min(LIMITS.timerSeconds.min).max(LIMITS.timerSeconds.max).nullable().optional(),
  hints: z.boolean().optional(),
  scoring: z.strictObject({ speedBonus: z.boolean().optional() }).optional(),
  autoClose: z.boolean().optional(),
  leaderboard: z.enum(LEADERBOARD_MODES).optional(),
  stepsPerSecond: z.number().int().min(LIMITS.stepsPerSecond.min).max(LIMITS.stepsPerSecond.max).optional(),
  /** When training stops by itself (it never ends the session): every |step size| below `stepThreshold`, or `maxSteps` iterations. */
  stopRule: z
    .strictObject({
      stepThreshold: z.number().positive().max(1e3).optional(),
      // The staff views carry every iteration's parameters: 10,000 keeps them to about 1 MB.
      maxSteps: z.number().int().min(1).max(10_000).optional(),
    })
    .optional(),
});
export type SettingsInput = z.infer<typeof settingsInput>;

export const createSessionSchema = settingsInput.extend({
  preset: z.enum(PRESET_IDS).optional(),
  /** Starting values overriding the preset's. */
  params: boundedRecord(z.number().min(-1e6).max(1e6)).optional(),
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  trainable: z.array(paramName).min(1).max(64).optional(),
});
export type CreateSessionInput = z.infer<typeof createSessionSchema>;

const answerValues = boundedRecord(z.number());
/** Per data point in data order; null: left empty. */
const pointValues = z.array(z.number().nullable()).max(1000);
const pointAnswers = z.record(pointQuantityName, pointValues).refine((r) => Object.keys(r).length <= 64, 'at most 64 quantities');
const termAnswers = z.record(paramName, pointValues).refine((r) => Object.keys(r).length <= 64, 'at most 64 parameters');
export const answerSubmitSchema = z
  .strictObject({
    round: z.number().int().min(1).optional(),
    /**
     * false: saved as the student types (it counts when the round closes); true (the default): the
     * student's explicit "Send", which also counts towards closing the round when all have sent.
     */
    done: z.boolean().optional(),
    derivatives: answerValues.optional(),
    steps: answerValues.optional(),
    next: answerValues.optional(),
    /** Per-point quantities: `{ y1: [0.21, 0.94, 2.2] }`, indexed by data point. */
    points: pointAnswers.optional(),
    /** Each parameter's chain-rule term per data point: `{ w3: [-0.3, 0.1, null] }`. */
    terms: termAnswers.optional(),
  })
  .refine((a) => a.derivatives !== undefined || a.steps !== undefined || a.next !== undefined || a.points !== undefined || a.terms !== undefined, 'fill in at least one field');
export type AnswerSubmitInput = z.infer<typeof answerSubmitSchema>;

/** A readable one-line message from a zod error. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
