/**
 * What the browser keeps between visits, per session code: a student's resume token (so a
 * reload, a sleeping phone or a second tab is the same student) and the instructor's token (so a
 * refresh or a second device reopens the dashboard). localStorage can be unavailable (private
 * modes, disabled storage): every access is guarded and the app keeps working for this visit.
 */
const PREFIX = 'backprop-live';

function read<T>(key: string): T | null {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the session still works until the page closes.
  }
}

export interface StudentSeat {
  readonly token: string;
  readonly name: string;
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
  instructorKey(code: string): InstructorKey | null {
    const key = read<InstructorKey>(`${PREFIX}:instructor:${code}`);
    return key && typeof key.token === 'string' ? key : null;
  },
  setInstructorKey(code: string, key: InstructorKey | null): void {
    write(`${PREFIX}:instructor:${code}`, key);
  },
  /** The last name typed on this device, offered again when joining another session. */
  lastName(): string {
    return read<string>(`${PREFIX}:last-name`) ?? '';
  },
  setLastName(name: string): void {
    write(`${PREFIX}:last-name`, name);
  },
};
