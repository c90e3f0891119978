/**
 * The class's summary at the end of a session, for the projector's closing screen: how many
 * rounds were played, how accurate the class was on each quantity it was asked, and the mistake
 * most students made. Built from the grades stored with the students (every active student gets
 * one result per revealed round, answered or not); removed students are left out.
 */
import { PARAM_QUANTITIES, type Quantity } from '../grader/fields.js';
import { MISTAKE_IDS, type MistakeId } from '../grader/mistakes.js';
import type { SessionState } from './state.js';

export interface QuantityAccuracy {
  readonly quantity: Quantity;
  /** Fields of this quantity the class filled in, over all revealed rounds (blanks are not counted). */
  readonly answered: number;
  /** Of those, the ones graded fully correct (follow-on credit is not counted as correct). */
  readonly correct: number;
  /** correct / answered, in [0, 1]; null when nothing was answered. */
  readonly share: number | null;
}

export interface FinalSummary {
  /** Revealed rounds (rounds with grades), in the whole session. */
  readonly rounds: number;
  /** One entry per quantity asked in some revealed round, in the order derivatives, steps, next. */
  readonly accuracy: readonly QuantityAccuracy[];
  /** The mistake made by the most students (each student counted once however often they made it); null if none. */
  readonly topMistake: { readonly id: MistakeId; readonly students: number } | null;
  /** Students who made at least one diagnosed mistake, per mistake (only mistakes someone made). */
  readonly mistakeStudents: Partial<Record<MistakeId, number>>;
}

export function finalSummary(state: SessionState): FinalSummary {
  const rounds = new Set<number>();
  const asked = new Map<Quantity, { answered: number; correct: number }>();
  const mistakeStudents: Partial<Record<MistakeId, number>> = {};
  for (const student of state.students.values()) {
    if (student.removed) continue;
    const made = new Set<MistakeId>();
    for (const result of student.results) {
      rounds.add(result.round);
      for (const f of result.fields) {
        const a = asked.get(f.quantity) ?? { answered: 0, correct: 0 };
        asked.set(f.quantity, a);
        if (f.answer === null) continue;
        a.answered++;
        if (f.credit === 'full') a.correct++;
        if (f.mistake) made.add(f.mistake);
      }
    }
    for (const m of made) mistakeStudents[m] = (mistakeStudents[m] ?? 0) + 1;
  }
  const accuracy = PARAM_QUANTITIES.filter((q) => asked.has(q)).map((quantity) => {
    const { answered, correct } = asked.get(quantity)!;
    return { quantity, answered, correct, share: answered ? correct / answered : null };
  });
  let topMistake: FinalSummary['topMistake'] = null;
  // Ties go to the mistake listed first in the catalogue: the same answer on every screen.
  for (const id of MISTAKE_IDS) {
    const n = mistakeStudents[id] ?? 0;
    if (n > 0 && (!topMistake || n > topMistake.students)) topMistake = { id, students: n };
  }
  return { rounds: rounds.size, accuracy, topMistake, mistakeStudents };
}
