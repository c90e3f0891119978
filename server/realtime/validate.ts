/** One gate for every inbound payload: structure first (depth, keys), then the event's schema. */
import type { z } from 'zod';
import { structuralProblem } from '../../shared/protocol/guard.js';
import { describeIssues } from '../../shared/protocol/schemas.js';

export type Validated<T> = { ok: true; value: T } | { ok: false; message: string };

export function validatePayload<S extends z.ZodType>(schema: S, payload: unknown): Validated<z.output<S>> {
  const problem = structuralProblem(payload);
  if (problem) return { ok: false, message: problem };
  const parsed = schema.safeParse(payload);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: describeIssues(parsed.error) };
}
