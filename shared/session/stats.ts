/** What the class did: rankings, and per field the answers and the mistakes of a revealed round. */
import { fieldKey, LINK_ORDER, linkOf, linkRank, type Link, type Quantity } from '../grader/fields.js';
import { deepestLink } from './stages.js';
import { FOLLOW_ON_KINDS, type MistakeId } from '../grader/mistakes.js';

const isFollowOn = (m: MistakeId): boolean => (FOLLOW_ON_KINDS as readonly string[]).includes(m);
import { allowance, sheetField } from '../grader/sheet.js';
import type { SessionState, Student } from './state.js';

export interface Rankings {
  /** Active students, best score first (ties: who joined first). */
  readonly ordered: readonly Student[];
  /** Competition ranking: equal scores share a rank (1, 2, 2, 4). */
  readonly rankOf: ReadonlyMap<string, number>;
}

export function rankings(state: SessionState): Rankings {
  const ordered = [...state.students.values()].filter((s) => !s.removed).sort((a, b) => b.score - a.score || a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : 1));
  const rankOf = new Map<string, number>();
  ordered.forEach((s, i) => {
    const prev = ordered[i - 1];
    rankOf.set(s.id, prev && prev.score === s.score ? rankOf.get(prev.id)! : i + 1);
  });
  return { ordered, rankOf };
}

/**
 * A student's competition rank: from the index when it lists them, else from their score (1 + how
 * many ranked students scored more, by binary search over `ordered`). The second case covers
 * students who joined after the index was built: their 0 points change nobody else's rank.
 * Null for an unknown or removed student.
 */
export function rankOf(ranked: Rankings, student: Student | undefined): number | null {
  if (!student || student.removed) return null;
  const known = ranked.rankOf.get(student.id);
  if (known !== undefined) return known;
  const ordered = ranked.ordered;
  let lo = 0;
  let hi = ordered.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ordered[mid]!.score > student.score) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

export interface LeaderboardEntry {
  readonly rank: number;
  /** Null when the leaderboard is anonymised. */
  readonly name: string | null;
  readonly score: number;
}

export function leaderboard(ranked: Rankings, top: number, anonymous: boolean): LeaderboardEntry[] {
  return ranked.ordered.slice(0, top).map((s) => ({ rank: ranked.rankOf.get(s.id)!, name: anonymous ? null : s.name, score: s.score }));
}

export interface FieldSummary {
  readonly quantity: Quantity;
  readonly param?: string;
  /** The data point (0-based), for a per-point field. */
  readonly point?: number;
  readonly exact: number;
  /** The largest |answer - exact| graded correct in this round (its band on the round's sheet). */
  readonly allowed: number;
  /** Catalogued mistakes this band could not tell apart from a right answer. */
  readonly cannotTell: readonly MistakeId[];
  /** The value each diagnosed mistake of this field leads to (only mistakes someone made). */
  readonly mistakeValues: Partial<Record<MistakeId, number>>;
  /** Every answer given, sorted by value: no order that could follow the roster. */
  readonly answers: readonly number[];
  readonly correct: number;
  readonly followOn: number;
  readonly wrong: number;
  readonly unanswered: number;
  readonly mistakes: Partial<Record<MistakeId, number>>;
}

export interface RoundSummary {
  readonly round: number;
  readonly iteration: number;
  readonly answered: number;
  readonly graded: number;
  readonly fields: readonly FieldSummary[];
  /**
   * Students who made each mistake (once per student, however many fields it shows in). Follow-on
   * credit is credit, not a mistake: it is counted in `followOnStudents` instead.
   */
  readonly mistakes: Partial<Record<MistakeId, number>>;
  /** Students with follow-on credit in some field (a value computed correctly from their own earlier one). */
  readonly followOnStudents: number;
  /** Per link of the chain the round asked (in chain order): answers given and how many were wrong (no credit). */
  readonly links: ReadonlyArray<{ readonly link: Link; readonly answered: number; readonly wrong: number }>;
  /** The link with the largest share of wrong answers (null: none wrong); ties go to the link further up the chain. */
  readonly worstLink: Link | null;
}

/** The summary of the current round once revealed, from the grades stored with the students. */
export function roundSummary(state: SessionState): RoundSummary | null {
  const round = state.round;
  if (!round || !round.step) return null;
  // The round's own sheet, not today's settings (they may be reconfigured after the reveal).
  const sheet = round.sheet;
  const acc = sheet.asked.map((f) => ({
    quantity: f.quantity,
    ...(f.param !== undefined && { param: f.param }),
    ...(f.point !== undefined && { point: f.point }),
    exact: sheetField(sheet, f).exact,
    allowed: allowance(sheet, f),
    cannotTell: sheetField(sheet, f).cannotTell,
    mistakeValues: {} as Partial<Record<MistakeId, number>>,
    answers: [] as number[],
    correct: 0,
    followOn: 0,
    wrong: 0,
    unanswered: 0,
    mistakes: {} as Partial<Record<MistakeId, number>>,
  }));
  const index = new Map(acc.map((a, i) => [fieldKey(a), i]));
  const totals: Partial<Record<MistakeId, number>> = {};
  let graded = 0;
  let followOnStudents = 0;
  for (const student of state.students.values()) {
    const result = student.results.at(-1);
    if (!result || result.round !== round.number) continue;
    graded++;
    const made = new Set<MistakeId>();
    let followedOn = false;
    for (const g of result.fields) {
      const a = acc[index.get(fieldKey(g)) ?? -1];
      if (!a) continue;
      if (g.answer === null) {
        a.unanswered++;
        continue;
      }
      a.answers.push(g.answer);
      if (g.credit === 'full') a.correct++;
      else if (g.credit === 'follow-on') a.followOn++;
      else a.wrong++;
      if (g.credit === 'follow-on') followedOn = true;
      if (g.mistake) {
        a.mistakes[g.mistake] = (a.mistakes[g.mistake] ?? 0) + 1;
        if (!isFollowOn(g.mistake)) made.add(g.mistake);
      }
    }
    for (const m of made) totals[m] = (totals[m] ?? 0) + 1;
    if (followedOn) followOnStudents++;
  }
  // A mistake's value may be the exact value of a later link (the step typed as the derivative):
  // not shown before that link is revealed.
  const deepest = deepestLink(sheet.asked);
  const later = new Set(Object.values(sheet.fields).filter((f) => linkRank(f.quantity) > deepest).map((f) => f.exact));
  for (const a of acc) {
    a.answers.sort((x, y) => x - y);
    // Each mistake someone made at the value its best-preferred variant gives.
    for (const c of sheetField(sheet, a).candidates) {
      if (a.mistakes[c.mistake] !== undefined && a.mistakeValues[c.mistake] === undefined && !later.has(c.value)) a.mistakeValues[c.mistake] = c.value;
    }
  }
  const byLink = new Map<Link, { link: Link; answered: number; wrong: number }>();
  for (const a of acc) {
    const link = linkOf(a.quantity);
    const entry = byLink.get(link) ?? { link, answered: 0, wrong: 0 };
    entry.answered += a.answers.length;
    entry.wrong += a.wrong;
    byLink.set(link, entry);
  }
  const links = [...byLink.values()].sort((x, y) => LINK_ORDER.indexOf(x.link) - LINK_ORDER.indexOf(y.link));
  let worstLink: Link | null = null;
  let worst = 0;
  for (const l of links) {
    const share = l.answered > 0 ? l.wrong / l.answered : 0;
    if (share > worst) [worst, worstLink] = [share, l.link];
  }
  return { round: round.number, iteration: round.iteration, answered: round.answers.size, graded, fields: acc, mistakes: totals, followOnStudents, links, worstLink };
}
