/**
 * What the browser keeps between visits, per session code: a student's resume token (so a
 * reload, a sleeping phone or a second tab is the same student) and the instructor's token (so a
 * refresh or a second device reopens the dashboard). localStorage can be unavailable (private
 * modes, disabled storage): every access is guarded and the app keeps working for this visit.
 * Unsent answer drafts live in sessionStorage (this tab only, gone when it closes), so a reload
 * mid-round keeps what the student typed.
 */
const PREFIX = 'backprop-live';

type Area = 'localStorage' | 'sessionStorage';

function read<T>(key: string, area: Area = 'localStorage'): T | null {
  try {
    const raw = window[area].getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown, area: Area = 'localStorage'): void {
  try {
    if (value === null) window[area].removeItem(key);
    else window[area].setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the session still works until the page closes.
  }
}

export interface StudentSeat {
  readonly token: string;
  readonly name: string;
  /** The seat code that opens this seat on another device (normalized, shown "ABCD-EFGH"). */
  readonly seatCode?: string;
}

export interface InstructorKey {
  readonly token: string;
  /** The links the server gave at creation (they honour PUBLIC_URL), when this browser created the session. */
  readonly joinUrl?: string;
  readonly presentUrl?: string;
}

export const storage = {
  studentSeat(code: string): StudentSeat | null {
    const seat = read<StudentSeat>(`${PREFIX}:student:${code}`);
    return seat && typeof seat.token === 'string' ? seat : null;
  },
  setStudentSeat(code: string, seat: StudentSeat | null): void {
    write(`${PREFIX}:student:${code}`, seat);
  },
  /** The seat code of a seat this browser was signed out of: "Take my seat back" uses it. */
  signedOutSeat(code: string): string | null {
    const seat = read<string>(`${PREFIX}:signed-out:${code}`);
    return typeof seat === 'string' ? seat : null;
  },
  setSignedOutSeat(code: string, seatCode: string | null): void {
    write(`${PREFIX}:signed-out:${code}`, seatCode);
  },
  instructorKey(code: string): InstructorKey | null {
    const key = read<InstructorKey>(`${PREFIX}:instructor:${code}`);
    return key && typeof key.token === 'string' ? key : null;
  },
  setInstructorKey(code: string, key: InstructorKey | null): void {
    write(`${PREFIX}:instructor:${code}`, key);
  },
  /**
   * This browser's id (localStorage, shared by its tabs): the server tells a student when her seat
   * is opened from another device, not from another tab of hers. Made on first use.
   */
  deviceId(): string {
    const kept = read<string>(`${PREFIX}:device`);
    if (typeof kept === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(kept)) return kept;
    const id = randomId();
    write(`${PREFIX}:device`, id);
    return id;
  },
  /** This browser tab's id (sessionStorage is per tab and survives a reload); made on first use. */
  tabId(): string {
    const kept = read<string>(`${PREFIX}:tab`, 'sessionStorage');
    if (typeof kept === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(kept)) return kept;
    const id = randomId();
    write(`${PREFIX}:tab`, id, 'sessionStorage');
    return id;
  },
  /** The projector link's key, kept so a refresh of the projector page reconnects. */
  projectorKey(code: string): string | null {
    const key = read<string>(`${PREFIX}:projector:${code}`);
    return typeof key === 'string' ? key : null;
  },
  setProjectorKey(code: string, key: string | null): void {
    write(`${PREFIX}:projector:${code}`, key);
  },
  /** What a student typed but has not had stored yet, per field (`quantity:param` -> raw text). */
  answerDraft(code: string, round: number): Record<string, string> | null {
    const draft = read<Record<string, string>>(`${PREFIX}:draft:${code}:${round}`, 'sessionStorage');
    return draft && typeof draft === 'object' ? draft : null;
  },
  setAnswerDraft(code: string, round: number, draft: Record<string, string> | null): void {
    write(`${PREFIX}:draft:${code}:${round}`, draft && Object.keys(draft).length ? draft : null, 'sessionStorage');
  },
  /** Forgets the drafts of this session's earlier rounds (they can no longer be sent). */
  dropAnswerDraftsBefore(code: string, round: number): void {
    try {
      const prefix = `${PREFIX}:draft:${code}:`;
      const stale: string[] = [];
      for (let i = 0; i < window.sessionStorage.length; i++) {
        const key = window.sessionStorage.key(i);
        if (key?.startsWith(prefix) && Number(key.slice(prefix.length)) < round) stale.push(key);
      }
      for (const key of stale) window.sessionStorage.removeItem(key);
    } catch {
      // Storage disabled: nothing was kept.
    }
  },
  /** The last name typed on this device, offered again when joining another session. */
  lastName(): string {
    return read<string>(`${PREFIX}:last-name`) ?? '';
  },
  setLastName(name: string): void {
    write(`${PREFIX}:last-name`, name);
  },
};

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
