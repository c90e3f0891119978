/** A new session: its first event, from a resolved preset and settings. */
import { resolvePreset, type SetupOverrides } from '../engine/setup.js';
import { DEFAULT_PRESET, PRESETS, type PresetId } from '../engine/presets.js';
import { layoutFor } from '../engine/layout.js';
import { orderTrainable } from '../engine/setup.js';
import type { CreateSessionInput } from '../protocol/schemas.js';
import { questionsFrom, settingsChangeFrom } from '../protocol/settings-input.js';
import type { SessionEvent } from './events.js';
import { applySettingsChange, defaultSettings, type SettingsChange } from './settings.js';
import type { SessionSetup } from './state.js';

export interface NewSession {
  readonly code: string;
  readonly instructorTokenHash: string;
  /** The projector link's secret. */
  readonly projectorKey: string;
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
  const base = defaultSettings(setup.trainable, start.setup.learningRate, setup.rule);
  const settings = applySettingsChange(base, input.settings ?? {}, setup.trainable, setup.width);
  if (typeof settings === 'string') throw new RangeError(settings);
  return { type: 'session-created', code: input.code, at: input.now, instructorTokenHash: input.instructorTokenHash, projectorKey: input.projectorKey, setup, settings };
}

/** A new session as POST /api/sessions describes it, before the server gives it a code and a token. */
export type SessionRequest = Omit<NewSession, 'code' | 'instructorTokenHash' | 'projectorKey' | 'now'> & { readonly preset: PresetId };

/**
 * From the validated creation body (createSessionSchema) to the session to create: the preset
 * (default: the lesson), its overrides, and the settings. Questions given as true/false refer to
 * the trainable set, which the body may override. The engine's refusal of a setup comes later, from
 * `sessionCreated` (RangeError).
 */
export function sessionRequestFrom(input: CreateSessionInput): SessionRequest {
  const { preset = DEFAULT_PRESET, params, seed, trainable, stopRule, ...settingsInput } = input;
  const trainableNames = orderTrainable(layoutFor(PRESETS[preset].width), trainable ?? PRESETS[preset].trainable);
  const settings = settingsChangeFrom(settingsInput, trainableNames);
  return {
    preset,
    overrides: {
      ...(params && { params }),
      ...(seed !== undefined && { seed }),
      ...(trainable && { trainable }),
      ...(stopRule && { rule: stopRule }),
      ...(settingsInput.learningRate !== undefined && { learningRate: settingsInput.learningRate }),
    },
    settings: { ...settings, ...(stopRule && { stopRule }), ...(settingsInput.questions && { questions: { derivatives: [], steps: [], next: [], ...questionsFrom(settingsInput.questions, trainableNames) } }) },
  };
}
