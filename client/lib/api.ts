/** The HTTP half of the protocol (docs/protocol.md): create a session, look one up, download results. */
import type { CreatedSession, SessionSummary } from '../../shared/protocol/events.js';
import type { CreateSessionInput } from '../../shared/protocol/schemas.js';
import { storage } from './storage.js';

/** This tab's id: the server's limits count per address and client (docs/security.md). */
const clientHeaders = (): Record<string, string> => ({ 'x-client-id': storage.tabId() });

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function failure(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    return new ApiError(res.status, body.error?.code ?? 'unavailable', body.error?.message ?? res.statusText);
  } catch {
    return new ApiError(res.status, 'unavailable', `the server answered ${res.status} ${res.statusText}`);
  }
}

export async function createSession(input: CreateSessionInput): Promise<CreatedSession> {
  const res = await fetch('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json', ...clientHeaders() }, body: JSON.stringify(input) });
  if (res.status !== 201) throw await failure(res);
  return (await res.json()) as CreatedSession;
}

export async function sessionSummary(code: string): Promise<SessionSummary | null> {
  const res = await fetch(`/api/sessions/${encodeURIComponent(code)}`, { headers: clientHeaders() });
  if (res.status === 404) return null;
  if (!res.ok) throw await failure(res);
  return (await res.json()) as SessionSummary;
}

/** Fetches results with the instructor token and hands them to the browser as a download. */
export async function downloadResults(code: string, token: string, format: 'csv' | 'json'): Promise<void> {
  const res = await fetch(`/api/sessions/${encodeURIComponent(code)}/results.${format}`, { headers: { authorization: `Bearer ${token}`, ...clientHeaders() } });
  if (!res.ok) throw await failure(res);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `backprop-live-${code}-results.${format}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
