/** Why training stopped, in the words every screen uses (the dashboard, the projector, the phones). */
import type { TrainingStop } from '../../shared/session/state.js';
import { fixed } from './format.js';

/** Why a run or a session stopped (stop reasons, and `ended` for a session the instructor ended). */
export const STOP_WORDS: Record<string, string> = {
  'step-size': 'every step size fell below the threshold',
  'max-steps': 'the step cap was reached',
  'steps-requested': 'the requested steps were taken',
  diverged: 'the run diverged (the SSR grew a million-fold or stopped being finite; try a smaller learning rate)',
  ended: 'the instructor ended it',
};

/** "Training stopped at iteration 1000 (SSR 0.1080): the step cap was reached." */
export function trainingStopText(stop: TrainingStop): string {
  return `Training stopped at iteration ${stop.iteration} (SSR ${fixed(stop.ssr, 4)}): ${STOP_WORDS[stop.reason]}.`;
}
