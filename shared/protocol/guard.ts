/**
 * A structural check run before schema validation: refuses payloads that are too deep, too wide,
 * cyclic, or that carry prototype-polluting keys (JSON.parse keeps "__proto__" as an own key,
 * and some schema validators silently drop it instead of refusing it).
 */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface GuardLimits {
  readonly maxDepth: number;
  readonly maxKeys: number;
}

export const DEFAULT_GUARD_LIMITS: GuardLimits = { maxDepth: 6, maxKeys: 300 };

export function structuralProblem(value: unknown, limits: GuardLimits = DEFAULT_GUARD_LIMITS): string | null {
  let keys = 0;
  const seen = new Set<object>();
  const walk = (v: unknown, depth: number): string | null => {
    if (v === null || typeof v !== 'object') return null;
    if (depth > limits.maxDepth) return `payload nested deeper than ${limits.maxDepth} levels`;
    if (seen.has(v)) return 'payload contains a cycle';
    seen.add(v);
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.keys(v).map((k) => [k, (v as Record<string, unknown>)[k]] as const);
    for (const [k, child] of entries) {
      if (FORBIDDEN_KEYS.has(k)) return `key "${k}" is not allowed`;
      if (++keys > limits.maxKeys) return `payload has more than ${limits.maxKeys} keys`;
      const problem = walk(child, depth + 1);
      if (problem) return problem;
    }
    seen.delete(v);
    return null;
  };
  return walk(value, 0);
}
