/**
 * Points for a graded round. Accuracy first: 100 per correct field, 50 for a value carried
 * correctly from the student's own wrong derivative. A speed bonus only when the instructor
 * turns it on: up to +50% of a correct field's points, shrinking linearly over the answer window.
 */
import type { FieldGrade } from './grade.js';

export interface Scoring {
  readonly speedBonus: boolean;
}

export const DEFAULT_SCORING: Scoring = Object.freeze({ speedBonus: false });

export const POINTS_CORRECT = 100;
export const POINTS_FOLLOW_ON = 50;
export const SPEED_BONUS_SHARE = 0.5;
/** Without a round timer, the bonus shrinks to nothing over this window. */
export const SPEED_WINDOW_MS = 60_000;

export interface Timing {
  /** Milliseconds from the round opening to the student's last change of their answer. */
  readonly elapsedMs: number;
  /** The answer window: the round timer, or SPEED_WINDOW_MS. */
  readonly windowMs: number;
}

export function fieldPoints(grade: FieldGrade): number {
  return grade.credit === 'full' ? POINTS_CORRECT : grade.credit === 'follow-on' ? POINTS_FOLLOW_ON : 0;
}

/** A graded field with the points it earned. */
export interface ScoredField extends FieldGrade {
  readonly points: number;
}

export function scoreFields(grades: readonly FieldGrade[], scoring: Scoring, timing?: Timing): ScoredField[] {
  return grades.map((g) => {
    let points = fieldPoints(g);
    if (scoring.speedBonus && timing && g.credit === 'full') {
      // Clamped both ways: a clock that stepped back cannot earn more than an instant answer.
      const remaining = Math.min(1, Math.max(0, 1 - timing.elapsedMs / Math.max(1, timing.windowMs)));
      points += Math.round(POINTS_CORRECT * SPEED_BONUS_SHARE * remaining);
    }
    return { ...g, points };
  });
}

export function roundPoints(grades: readonly FieldGrade[], scoring: Scoring, timing?: Timing): number {
  return scoreFields(grades, scoring, timing).reduce((sum, f) => sum + f.points, 0);
}
