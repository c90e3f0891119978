/** A new session: its first event, from a resolved preset and settings. */
import { resolvePreset, type SetupOverrides } from '../engine/setup.js';
import { PRESETS, type PresetId } from '../engine/presets.js';
import type { SessionEvent } from './events.js';
import { applySettingsChange, defaultSettings, type SettingsChange } from './settings.js';
import type { SessionSetup } from './state.js';

export interface NewSession {
  readonly code: string;
  readonly instructorTokenHash: string;
  readonly now: number;
  readonly preset?: PresetId;
  readonly overrides?: SetupOverrides;
  readonly settings?: SettingsChange;
}

/** Throws RangeError with a readable message for a setup the engine refuses. */
export function sessionCreated(input: NewSession): Extract<SessionEvent, { type: 'session-created' }> {
  const presetId = input.preset ?? 'three-parameters';
  const start = resolvePreset(presetId, input.overrides);
  const setup: SessionSetup = {
    preset: presetId,
    title: PRESETS[presetId].title,
    activation: start.setup.activation,
    width: start.setup.width,
    data: start.setup.data,
    trainable: start.setup.trainable,
    seed: start.seed,
    initialParams: start.params,
    rule: start.setup.rule,
  };
  const base = defaultSettings(setup.trainable, start.setup.learningRate);
  const settings = applySettingsChange(base, input.settings ?? {}, setup.trainable);
  if (typeof settings === 'string') throw new RangeError(settings);
  return { type: 'session-created', code: input.code, at: input.now, instructorTokenHash: input.instructorTokenHash, setup, settings };
}
