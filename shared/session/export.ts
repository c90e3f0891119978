/** Results as rows: one per student, round and field, for CSV and JSON downloads. */
import type { SessionState } from './state.js';

export interface ResultRow {
  readonly studentId: string;
  readonly name: string;
  readonly removed: boolean;
  readonly round: number;
  readonly iteration: number;
  readonly quantity: string;
  /** The parameter, for a derivative, step, new value or term; null for a per-point link. */
  readonly param: string | null;
  /** The data point, numbered from 1, for a per-point field; null otherwise. */
  readonly point: number | null;
  readonly answer: number | null;
  readonly exact: number;
  readonly correct: boolean;
  readonly credit: string;
  readonly mistake: string | null;
  readonly points: number;
}

export const RESULT_COLUMNS = ['name', 'studentId', 'removed', 'round', 'iteration', 'quantity', 'param', 'point', 'answer', 'exact', 'correct', 'credit', 'mistake', 'points'] as const satisfies readonly (keyof ResultRow)[];

/** Students in joining order, their rounds in order, fields in question order. */
export function resultRows(state: SessionState): ResultRow[] {
  const rows: ResultRow[] = [];
  const students = [...state.students.values()].sort((a, b) => a.joinedAt - b.joinedAt);
  for (const s of students) {
    for (const r of s.results) {
      for (const f of r.fields) {
        rows.push({
          studentId: s.id,
          name: s.name,
          removed: s.removed,
          round: r.round,
          iteration: r.iteration,
          quantity: f.quantity,
          param: f.param ?? null,
          // Numbered from 1 as people count data points (null: not a per-point field).
          point: f.point === undefined ? null : f.point + 1,
          answer: f.answer,
          exact: f.exact,
          correct: f.correct,
          credit: f.credit,
          mistake: f.mistake ?? null,
          points: f.points,
        });
      }
    }
  }
  return rows;
}
