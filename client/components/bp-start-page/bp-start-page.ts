/** The start page (/): start a session with its settings, or join one by code. */
import { LitElement, html, nothing } from 'lit';
import { normalizeJoinCode } from '../../../shared/protocol/join-code.js';
import { createSession } from '../../lib/api.js';
import { SettingsSubmitEvent } from '../../lib/events.js';
import { navigate, paths } from '../../lib/routes.js';
import { storage } from '../../lib/storage.js';
import { base } from '../../styles/shared.js';
import '../bp-settings-form/bp-settings-form.js';
import { styles } from './bp-start-page.styles.js';

export class BpStartPage extends LitElement {
  static override properties = {
    code: { state: true },
    codeError: { state: true },
    creating: { state: true },
    createError: { state: true },
  };
  declare code: string;
  declare codeError: string | null;
  declare creating: boolean;
  declare createError: string | null;

  static override styles = [base, styles];

  constructor() {
    super();
    this.code = '';
    this.codeError = null;
    this.creating = false;
    this.createError = null;
  }

  private join(e: Event): void {
    e.preventDefault();
    const code = normalizeJoinCode(this.code);
    if (!code) {
      this.codeError = 'A code has six letters and digits, like K7P-Q2M.';
      return;
    }
    navigate(paths.join(code));
  }

  private async create(e: SettingsSubmitEvent): Promise<void> {
    this.creating = true;
    this.createError = null;
    try {
      const created = await createSession({ ...e.settings, ...(e.preset && { preset: e.preset }) });
      storage.setInstructorKey(created.code, { token: created.instructorToken, joinUrl: created.joinUrl, presentUrl: created.presentUrl });
      navigate(paths.host(created.code));
    } catch (error) {
      this.createError = `Could not start the session: ${(error as Error).message}`;
    } finally {
      this.creating = false;
    }
  }

  override render() {
    return html`
      <header>
        <h1>Backprop Live</h1>
        <p>A live class on backpropagation: students work out the next gradient-descent step by hand, the server reveals the exact chain-rule answer, and everyone sees what went wrong and why.</p>
      </header>
      <main class="grid">
        <section class="card" aria-labelledby="start-title">
          <h2 id="start-title">Start a session</h2>
          <bp-settings-form mode="create" ?busy=${this.creating} @settings-submit=${(e: SettingsSubmitEvent) => void this.create(e)}>
            <span slot="status" class="error-text" role="alert">${this.createError ?? nothing}</span>
          </bp-settings-form>
        </section>
        <div class="side">
          <section class="card" aria-labelledby="join-title">
            <h2 id="join-title">Join a session</h2>
            <form class="join-form" @submit=${this.join} novalidate>
              <label for="code">Code</label>
              <input id="code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" placeholder="K7P-Q2M" .value=${this.code} aria-invalid=${this.codeError ? 'true' : 'false'} aria-describedby="code-msg" @input=${(e: Event) => {
                this.code = (e.target as HTMLInputElement).value;
                this.codeError = null;
              }} />
              <div id="code-msg" class=${this.codeError ? 'error-text' : 'muted'}>${this.codeError ? html`⚠ ${this.codeError}` : 'From the projector or your instructor.'}</div>
              <button class="primary" type="submit">Join</button>
            </form>
          </section>
          <section class="card" aria-labelledby="how-title">
            <h2 id="how-title">How a class runs</h2>
            <ol>
              <li>Start a session and open the projector view.</li>
              <li>Students scan the QR code or type the code, and give a name.</li>
              <li>Open a round: students compute the next values by hand and type them in.</li>
              <li>Reveal: each student sees their verdict, the diagnosed mistake and the worked chain rule; the projector shows the class’s answers.</li>
              <li>Advance, or run many steps and watch the squiggle fit the data. Download the results as CSV.</li>
            </ol>
          </section>
        </div>
      </main>
    `;
  }
}

customElements.define('bp-start-page', BpStartPage);
declare global {
  interface HTMLElementTagNameMap {
    'bp-start-page': BpStartPage;
  }
}
