/** Small helpers shared by the load benchmark's coordinator and workers. */

/** Milliseconds since the epoch with sub-millisecond resolution, comparable across threads and processes of one machine. */
export const clock = (): number => performance.timeOrigin + performance.now();

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** One value from a Prometheus text exposition (first sample matching name and labels). */
export function metric(text: string, name: string, labels = ''): number {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + (labels ? `\\{${labels.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\}` : '(?:\\{[^}]*\\})?');
  const m = new RegExp(`^${escaped} ([^\\s]+)`, 'm').exec(text);
  return m ? Number(m[1]) : Number.NaN;
}
