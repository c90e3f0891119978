/**
 * What each page view (dashboard, student page, projector) needs to run a live session: the
 * SessionController that owns the connection, and the @lit/context provider that hands its
 * state to the components inside the page, updated at every render of the page.
 */
import type { ReactiveController, ReactiveElement } from 'lit';
import { ContextProvider } from '@lit/context';
import { SessionController, type SessionControllerOptions } from './session-controller.js';
import { sessionContext, type ClientSession } from './state.js';

export class PageController implements ReactiveController {
  /** The connection: connect, send commands, read the state. */
  readonly session: SessionController;
  private readonly provider: ContextProvider<typeof sessionContext, ReactiveElement>;

  constructor(host: ReactiveElement, options: SessionControllerOptions) {
    this.session = new SessionController(host, options);
    this.provider = new ContextProvider(host, { context: sessionContext, initialValue: this.session.state });
    host.addController(this);
  }

  /** The session's latest state. */
  get state(): ClientSession {
    return this.session.state;
  }

  /** Before each render of the page: its components see the state the page renders. */
  hostUpdate(): void {
    this.provider.setValue(this.session.state);
  }
}
