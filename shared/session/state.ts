/** The state of one live session: plain data, rebuilt from its events (see evolve.ts). */
import type { TrainingStopReason } from './events.js';
import type { Map as PersistentMap } from 'immutable';
import type { DataPoint } from '../engine/network.js';
import type { Activation } from '../engine/activations.js';
import type { ParamValues } from '../engine/layout.js';
import type { PresetId } from '../engine/presets.js';
import type { StepRecord } from '../engine/step-record.js';
import type { StopReason, StopRule } from '../engine/train.js';
import type { AnswerSet, FieldRef } from '../grader/fields.js';
import type { ScoredField } from '../grader/scoring.js';
import type { QuestionSheet } from '../grader/sheet.js';
import type { Grade } from './events.js';
import type { SessionSettings } from './settings.js';

/**
 * lobby: no round is open (before the first round, between rounds, after a run);
 * open: students are answering; revealed: the step is shown; running: `train:run` is animating;
 * finished: the stop rule was reached or the instructor ended the session.
 */
export const PHASES = ['lobby', 'open', 'revealed', 'running', 'finished'] as const;
export type Phase = (typeof PHASES)[number];

export type FinishReason = StopReason | 'ended';

export interface TrainingStop {
  readonly reason: TrainingStopReason;
  readonly iteration: number;
  readonly ssr: number;
}
export type CloseReason = 'instructor' | 'timer' | 'all-answered' | 'ended';

/** The fixed part of a session: the network and data it trains. */
export interface SessionSetup {
  readonly preset: PresetId;
  readonly title: string;
  readonly activation: Activation;
  readonly width: number;
  readonly data: readonly DataPoint[];
  readonly trainable: readonly string[];
  readonly seed: number;
  readonly initialParams: ParamValues;
  readonly rule: StopRule;
}

export interface SubmittedAnswer {
  readonly answers: AnswerSet;
  /** When it was last replaced (ms since epoch). */
  readonly at: number;
  /** How many times it was replaced this round, starting at 1. */
  readonly revision: number;
  /** Its grade, kept on the server until the reveal. */
  readonly grade: Grade;
  /**
   * Sent with "Send" (false: saved as typed; it counts at the close all the same). Once sent it
   * stays sent: later changes saved as typed still count, and do not hold an autoClose round open.
   */
  readonly done: boolean;
}

export interface RoundResult {
  readonly round: number;
  readonly iteration: number;
  readonly fields: readonly ScoredField[];
  readonly points: number;
  /** The student's answer time (ms after the round opened), if they answered. */
  readonly answeredAfterMs: number | null;
}

export interface Student {
  readonly id: string;
  readonly name: string;
  /** SHA-256 of the resume token's secret (the token itself is never kept). */
  readonly tokenHash: string;
  /** SHA-256 of the seat code that restores this seat on another device (absent for students of older logs). */
  readonly seatHash?: string;
  readonly joinedAt: number;
  readonly removed: boolean;
  readonly score: number;
  readonly results: readonly RoundResult[];
}

export interface Round {
  /** Rounds are numbered from 1 across the whole session (a reset does not renumber them). */
  readonly number: number;
  readonly iteration: number;
  readonly openedAt: number;
  /** When the timer closes it (ms since epoch), or null. */
  readonly deadline: number | null;
  /** Persistent map: a new answer shares the rest, so a burst costs no copy of the class. */
  readonly answers: PersistentMap<string, SubmittedAnswer>;
  readonly closedAt: number | null;
  readonly closedBy: CloseReason | null;
  /** Set at the reveal: the exact step, and whether it met the stop rule. */
  readonly step: StepRecord | null;
  readonly stopReason: StopReason | null;
  /** Fixed when it opens: the fields it asks, their exact values, bands and mistakes (settings may change after it). */
  readonly sheet: QuestionSheet;
}

export interface IterationPoint {
  readonly iteration: number;
  readonly params: ParamValues;
  readonly ssr: number;
}

export interface TrainingRun {
  /** How many steps were asked for (null: until the stop rule). */
  readonly requested: number | null;
  readonly taken: number;
  readonly startedAt: number;
}

export type { PersistentMap };

export interface SessionState {
  readonly code: string;
  /** Number of events applied; every accepted command raises it. */
  readonly version: number;
  readonly createdAt: number;
  readonly instructorTokenHash: string;
  /**
   * The projector link's secret (`#key=` in the link the dashboard shows; sent in the projector's
   * handshake). Kept in clear, unlike the tokens, so every dashboard of the instructor can show the
   * link; replacing it closes the screens that used the old one. Null in sessions stored before it
   * existed: no projector until the instructor makes a link.
   */
  readonly projectorKey: string | null;
  readonly setup: SessionSetup;
  readonly settings: SessionSettings;
  readonly phase: Phase;
  readonly locked: boolean;
  /** The iteration whose parameters are current (0 at the start). */
  readonly iteration: number;
  readonly params: ParamValues;
  /** One entry per iteration reached since the last reset, for the SSR and parameter plots. */
  readonly history: readonly IterationPoint[];
  /** The current round, or the last one (kept after the reveal until the next opens). */
  readonly round: Round | null;
  readonly roundsPlayed: number;
  /** Rounds numbered above this one are stages of the current iteration (set when the parameters move or are reset). */
  readonly stagesAfterRound: number;
  /** The deepest link (rank in LINK_ORDER) revealed so far at `iteration` by its staged rounds; null after a reset. */
  readonly shown: { readonly iteration: number; readonly upTo: number; readonly asked: readonly FieldRef[] } | null;
  readonly run: TrainingRun | null;
  /** Only 'ended' for sessions of this version; older ones also finished when training stopped. */
  readonly finishReason: FinishReason | null;
  /** Training stopped by itself since the last run, round or reset: why and where (every screen says so). */
  readonly trainingStop: TrainingStop | null;
  readonly students: PersistentMap<string, Student>;
  /** Active (not removed) students, kept as a count so views need no scan. */
  readonly activeStudents: number;
  /** Both comparison keys of every active student's name (names.ts `nameKeys`), so a join finds a free name without a scan. */
  readonly takenNames: PersistentMap<string, true>;
  /** Both comparison keys of every removed student's name -> that student: a name like it cannot join again until the instructor lets them back. */
  readonly removedNames: PersistentMap<string, string>;
  readonly lastActivityAt: number;
}
