/**
 * Prometheus metrics (prom-client), one registry per server instance so several servers can run
 * in one process (the tests do). Served at GET /metrics.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  readonly answers: Counter<string>;
  readonly rejected: Counter<'reason' | 'event'>;
  readonly revealFanout: Histogram<string>;
  readonly events: Counter<'type'>;
}

export function createMetrics(gauges: { sockets: () => Record<string, number>; sessions: () => { loaded: number; live: number } }): Metrics {
  const registry = new Registry();
  // Includes nodejs_eventloop_lag_seconds and the event-loop delay percentiles.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  const answers = new Counter({ name: 'bpl_answers_total', help: 'Answers accepted and stored', registers: [registry] });
  const rejected = new Counter({ name: 'bpl_rejected_events_total', help: 'Inbound events and handshakes refused, by reason', labelNames: ['reason', 'event'] as const, registers: [registry] });
  const events = new Counter({ name: 'bpl_session_events_total', help: 'Session events stored, by type', labelNames: ['type'] as const, registers: [registry] });
  const revealFanout = new Histogram({
    name: 'bpl_reveal_fanout_seconds',
    help: 'Time from storing a reveal to having handed every message of its fan-out to socket.io',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new Gauge({
    name: 'bpl_connected_sockets',
    help: 'Connected sockets on this node, by role',
    labelNames: ['role'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [role, n] of Object.entries(gauges.sockets())) this.set({ role }, n);
    },
  });
  new Gauge({
    name: 'bpl_sessions',
    help: 'Sessions in memory on this node (loaded) and those not finished (live)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const s = gauges.sessions();
      this.set({ state: 'loaded' }, s.loaded);
      this.set({ state: 'live' }, s.live);
    },
  });
  return { registry, answers, rejected, revealFanout, events };
}
