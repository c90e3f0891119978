/**
 * The custom events components raise, each a class so listeners get typed payloads
 * (`@answer-submit=${(e: AnswerSubmitEvent) => e.answers}`), registered in HTMLElementEventMap.
 * All bubble and cross shadow roots, so a view can listen for them on its own element.
 */
import type { AnswerSet } from '../../shared/grader/fields.js';
import type { SettingsInput } from '../../shared/protocol/schemas.js';
import type { InstructorEventName, PayloadOf } from '../../shared/protocol/client-events.js';
import type { PresetId } from '../../shared/engine/presets.js';

const init = { bubbles: true, composed: true } as const;

/** A student sends their predictions for the open round. */
export class AnswerSubmitEvent extends Event {
  static readonly type = 'answer-submit';
  /** `done`: the student's "Send" (true), or saved as she typed (false). */
  constructor(
    readonly answers: AnswerSet,
    readonly done = true,
  ) {
    super(AnswerSubmitEvent.type, init);
  }
}

/** A number field's text changed; `value` is null while the text is not a number. */
export class NumberInputEvent extends Event {
  static readonly type = 'number-input';
  constructor(
    readonly raw: string,
    readonly value: number | null,
  ) {
    super(NumberInputEvent.type, init);
  }
}

/** Enter was pressed in a number field: send the form it belongs to. */
export class NumberEnterEvent extends Event {
  static readonly type = 'number-enter';
  constructor() {
    super(NumberEnterEvent.type, init);
  }
}

/** The instructor asks for a session command (round:open, train:run, ...). */
export class HostCommandEvent<E extends InstructorEventName = InstructorEventName> extends Event {
  static readonly type = 'host-command';
  constructor(
    readonly command: E,
    readonly payload: PayloadOf<E>,
    /** Asked the instructor to confirm first (ending, resetting, removing). */
    readonly confirmText?: string,
  ) {
    super(HostCommandEvent.type, init);
  }
}

/** The settings form was submitted: the settings, and at creation the preset. */
export class SettingsSubmitEvent extends Event {
  static readonly type = 'settings-submit';
  constructor(
    readonly settings: SettingsInput,
    readonly preset?: PresetId,
  ) {
    super(SettingsSubmitEvent.type, init);
  }
}

/** A student typed a name and asked to join. */
export class JoinRequestEvent extends Event {
  static readonly type = 'join-request';
  constructor(readonly name: string) {
    super(JoinRequestEvent.type, init);
  }
}

/**
 * A student acts on her seat: `sign-out-others` (her seat was opened on another device that is not
 * hers), `dismiss` (it was hers), `take-back` (this device was signed out: open the seat again here
 * with the seat code).
 */
export class SeatActionEvent extends Event {
  static readonly type = 'seat-action';
  constructor(readonly action: 'sign-out-others' | 'dismiss' | 'take-back') {
    super(SeatActionEvent.type, init);
  }
}

/** The instructor opens a stage of the lesson plan: its questions are applied, then its round opens. */
export class PlanStageEvent extends Event {
  static readonly type = 'plan-stage';
  constructor(
    /** The stage's title (for the status line). */
    readonly title: string,
    readonly questions: NonNullable<SettingsInput['questions']>,
  ) {
    super(PlanStageEvent.type, init);
  }
}

declare global {
  interface HTMLElementEventMap {
    'plan-stage': PlanStageEvent;
    'seat-action': SeatActionEvent;
    'answer-submit': AnswerSubmitEvent;
    'number-input': NumberInputEvent;
    'number-enter': NumberEnterEvent;
    'host-command': HostCommandEvent;
    'settings-submit': SettingsSubmitEvent;
    'join-request': JoinRequestEvent;
  }
}
