/** Results as rows: one per student, round and field, for CSV and JSON downloads. */
import type { SessionState } from './state.js';

export interface ResultRow {
  readonly studentId: string;
  readonly name: string;
  readonly removed: boolean;
  readonly round: number;
  readonly iteration: number;
  readonly quantity: string;
  readonly param: string;
  readonly answer: number | null;
  readonly exact: number;
  readonly correct: boolean;
  readonly credit: string;
  readonly mistake: string | null;
  readonly points: number;
}

export const RESULT_COLUMNS = ['name', 'studentId', 'removed', 'round', 'iteration', 'quantity', 'param', 'answer', 'exact', 'correct', 'credit', 'mistake', 'points'] as const satisfies readonly (keyof ResultRow)[];

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
          param: f.param,
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
