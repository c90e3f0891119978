/** What the instructor can change between rounds, with the product's defaults. */
import { defaultQuestions, PARAM_QUANTITIES, pointQuantities, QUANTITY_LABELS, type Questions } from '../grader/fields.js';
import type { Scoring } from '../grader/scoring.js';
import { DEFAULT_SCORING } from '../grader/scoring.js';
import { DEFAULT_TOLERANCE, type Tolerance } from '../grader/tolerance.js';
import { DEFAULT_PRECISION, type Precision } from '../grader/precision.js';
import type { StopRule } from '../engine/train.js';

export const LEADERBOARD_MODES = ['shown', 'anonymous', 'hidden'] as const;
export type LeaderboardMode = (typeof LEADERBOARD_MODES)[number];

export interface SessionSettings {
  readonly learningRate: number;
  /** Which fields students predict. */
  readonly questions: Questions;
  /** What precision students are asked to keep in every number they write; acceptance bands come from it. */
  readonly precision: Precision;
  /** A fixed tolerance overriding the bands from `precision`; null (the default): no override. */
  readonly tolerance: Tolerance | null;
  /** Round timer; null: the round stays open until the instructor reveals. */
  readonly timerSeconds: number | null;
  /** Students see the hidden-node values x and y at each data point. */
  readonly hints: boolean;
  readonly scoring: Scoring;
  /** Close the round as soon as every connected student has answered. */
  readonly autoClose: boolean;
  readonly leaderboard: LeaderboardMode;
  /** Iterations per second while `train:run` animates the squiggle. */
  readonly stepsPerSecond: number;
  /**
   * When training stops by itself: every |step size| below `stepThreshold`, or `maxSteps`
   * iterations since the start (or the last reset). Reaching it stops training, never the session.
   */
  readonly stopRule: StopRule;
}

export const LIMITS = {
  learningRate: { min: 1e-6, max: 100 },
  timerSeconds: { min: 5, max: 3600 },
  stepsPerSecond: { min: 1, max: 60 },
  tolerance: { max: 1000 },
} as const;

export function defaultSettings(trainable: readonly string[], learningRate: number, stopRule: StopRule): SessionSettings {
  return {
    learningRate,
    questions: defaultQuestions(trainable),
    precision: DEFAULT_PRECISION,
    tolerance: null,
    timerSeconds: null,
    hints: true,
    scoring: DEFAULT_SCORING,
    autoClose: false,
    leaderboard: 'shown',
    stepsPerSecond: 20,
    stopRule,
  };
}

export type SettingsChange = {
  readonly [K in keyof SessionSettings]?: K extends 'questions' ? Partial<Questions> : K extends 'tolerance' ? Partial<Tolerance> | null : K extends 'stopRule' ? Partial<StopRule> : SessionSettings[K];
};

/**
 * Applies a change, checking what the schema cannot know: that asked parameters are trainable.
 * Returns a message for the first problem found.
 */
export function applySettingsChange(current: SessionSettings, change: SettingsChange, trainable: readonly string[], width: number): SessionSettings | string {
  const next: SessionSettings = {
    ...current,
    ...change,
    questions: change.questions ? { ...current.questions, ...change.questions } : current.questions,
    // A partial override completes the current one, or the defaults when there is none.
    tolerance: change.tolerance === null ? null : change.tolerance ? { ...(current.tolerance ?? DEFAULT_TOLERANCE), ...change.tolerance } : current.tolerance,
    scoring: change.scoring ? { ...current.scoring, ...change.scoring } : current.scoring,
    stopRule: change.stopRule ? { ...current.stopRule, ...change.stopRule } : current.stopRule,
  } as SessionSettings;
  const ordered: Record<string, string[]> = {};
  for (const q of [...PARAM_QUANTITIES, 'terms'] as const) {
    const asked = next.questions[q] ?? [];
    for (const p of asked) if (!trainable.includes(p)) return `cannot ask for ${p}: only trainable parameters (${trainable.join(', ')}) have a ${QUANTITY_LABELS[q]}`;
    ordered[q] = trainable.filter((p) => asked.includes(p));
  }
  const points = next.questions.points ?? [];
  const known = pointQuantities(width);
  for (const q of points) if (!(known as string[]).includes(q)) return `cannot ask for ${q} at each data point: this network has ${known.join(', ')}`;
  // In chain order, whatever order they were given in.
  ordered.points = known.filter((q) => points.includes(q));
  const questions = ordered as unknown as Questions;
  if (PARAM_QUANTITIES.every((q) => questions[q].length === 0) && ordered.points.length === 0 && ordered.terms!.length === 0) return 'ask at least one quantity';
  return { ...next, questions };
}

/**
 * Settings as stored by older versions: before precision existed the old default tolerance meant no
 * deliberate override; before the stop rule was a setting it was the session's setup (`rule`).
 */
export function upgradeSettings(settings: SessionSettings, rule: StopRule): SessionSettings {
  const stored = settings as Partial<SessionSettings> & SessionSettings;
  if (stored.stopRule === undefined) return upgradeSettings({ ...settings, stopRule: rule }, rule);
  // Before per-point questions existed.
  if (stored.questions.points === undefined || stored.questions.terms === undefined) return upgradeSettings({ ...settings, questions: { ...settings.questions, points: stored.questions.points ?? [], terms: stored.questions.terms ?? [] } }, rule);
  if (stored.precision !== undefined && stored.tolerance !== undefined) return settings;
  const legacy = stored.tolerance as Tolerance | null | undefined;
  const isOldDefault = legacy && legacy.absolute === DEFAULT_TOLERANCE.absolute && legacy.relative === DEFAULT_TOLERANCE.relative;
  return { ...settings, precision: stored.precision ?? DEFAULT_PRECISION, tolerance: legacy && !isOldDefault ? legacy : null };
}
