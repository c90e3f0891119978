/**
 * A share of the simulated students, in its own thread: connects them (websocket transport, as
 * phones on a good network do), joins each to its session, answers when told, and records when
 * each graded result arrives. Also serves as a client of the bare baseline server.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { io as connect, type Socket } from 'socket.io-client';
import { clock } from './stats.js';

interface Student {
  readonly code: string;
  readonly name: string;
  socket?: Socket;
  round: number;
  open: boolean;
  ackMs: number[];
  gradedAt: Map<number, number>;
  revealedAt: Map<number, number>;
  revealBytes: Map<number, number>;
}

const { url } = workerData as { url: string };
const port = parentPort!;
let students: Student[] = [];
let baseline: Socket[] = [];
// The last reveal as a student received it, so the baseline can broadcast exactly these bytes.
let lastRevealed: unknown = null;
let lastGraded: unknown = null;
const baselineReceipts: number[] = [];

const reply = (id: number, result: unknown) => port.postMessage({ id, result });

async function connectAll(list: Array<{ code: string; name: string; url: string }>, concurrency: number): Promise<number> {
  students = list.map((s) => ({ code: s.code, name: s.name, round: 0, open: false, ackMs: [], gradedAt: new Map(), revealedAt: new Map(), revealBytes: new Map() }));
  let next = 0;
  let failures = 0;
  const one = async (i: number): Promise<void> => {
    const s = students[i]!;
    const target = list[i]!.url;
    await new Promise<void>((resolve) => {
      let token: string | undefined;
      const socket = connect(target, {
        transports: ['websocket'],
        forceNew: true,
        reconnectionDelay: 500,
        auth: (cb) => cb(token ? { code: s.code, role: 'student', resumeToken: token } : { code: s.code, role: 'student', name: s.name }),
      });
      s.socket = socket;
      socket.on('session:state', (state: { session: { phase: string; round: { number: number } | null }; you?: { resumeToken?: string } }) => {
        if (state.you?.resumeToken) token = state.you.resumeToken;
        s.open = state.session.phase === 'open';
        if (state.session.round) s.round = state.session.round.number;
        resolve();
      });
      // What a student's screen receives at a reveal: the shared step and state, and their grade.
      const count = (round: number, bytes: number) => s.revealBytes.set(round, (s.revealBytes.get(round) ?? 0) + bytes);
      socket.on('round:revealed', (p: { round: number }) => {
        s.revealedAt.set(p.round, clock());
        count(p.round, JSON.stringify(p).length);
        lastRevealed = p;
      });
      socket.on('answer:graded', (p: { round: number }) => {
        s.gradedAt.set(p.round, clock());
        count(p.round, JSON.stringify(p).length);
        lastGraded = p;
      });
      socket.once('connect_error', (err) => {
        failures++;
        console.error(`student ${s.name}: ${err.message}`);
        resolve();
      });
    });
  };
  const runners = Array.from({ length: concurrency }, async () => {
    while (next < students.length) await one(next++);
  });
  await Promise.all(runners);
  return failures;
}

async function answerAll(windowMs: number, round: number): Promise<{ acked: number; refused: number; lost: number }> {
  let acked = 0;
  let refused = 0;
  let lost = 0;
  await Promise.all(
    students.map(async (s, i) => {
      await new Promise((r) => setTimeout(r, Math.random() * windowMs));
      const t0 = clock();
      try {
        const ack = (await s.socket!.timeout(30_000).emitWithAck('answer:submit', { round, next: { w3: 0.3342 + (i % 7) / 1000, w4: 0.6174, b3: -0.019 } })) as { ok: boolean };
        s.ackMs.push(clock() - t0);
        if (ack.ok) acked++;
        else refused++;
      } catch {
        lost++;
      }
    }),
  );
  return { acked, refused, lost };
}

async function waitGraded(round: number, timeoutMs: number): Promise<void> {
  const deadline = clock() + timeoutMs;
  while (students.some((s) => !s.gradedAt.has(round) || !s.revealedAt.has(round)) && clock() < deadline) await new Promise((r) => setTimeout(r, 20));
}

port.on('message', async (msg: { id: number; type: string; [k: string]: unknown }) => {
  switch (msg.type) {
    case 'connect':
      return reply(msg.id, await connectAll(msg.students as Array<{ code: string; name: string; url: string }>, msg.concurrency as number));
    case 'wait-open': {
      const round = msg.round as number;
      while (students.some((s) => !(s.open && s.round === round))) await new Promise((r) => setTimeout(r, 10));
      return reply(msg.id, true);
    }
    case 'answer':
      return reply(msg.id, await answerAll(msg.windowMs as number, msg.round as number));
    case 'graded': {
      const round = msg.round as number;
      await waitGraded(round, msg.timeoutMs as number);
      return reply(msg.id, {
        // The reveal has reached a student once both the shared step and their grade are in.
        receipts: students.map((s) => ({ code: s.code, at: s.gradedAt.has(round) && s.revealedAt.has(round) ? Math.max(s.gradedAt.get(round)!, s.revealedAt.get(round)!) : null })),
        sample: { revealed: lastRevealed, graded: lastGraded },
        bytes: students.map((s) => s.revealBytes.get(round) ?? 0),
      });
    }
    case 'acks':
      return reply(msg.id, students.flatMap((s) => s.ackMs));
    case 'close':
      for (const s of students) s.socket?.close();
      for (const b of baseline) b.close();
      return reply(msg.id, true);
    case 'baseline-connect': {
      const n = msg.count as number;
      const target = msg.url as string;
      baseline = [];
      let next = 0;
      // As many at once as the students' join (`connect`), so the two times compare.
      const runners = Array.from({ length: (msg.concurrency as number | undefined) ?? 50 }, async () => {
        while (next < n) {
          next++;
          await new Promise<void>((resolve) => {
            const socket = connect(target, { transports: ['websocket'], forceNew: true });
            socket.on('payload', (p: { sentAt: number }) => baselineReceipts.push(clock() - p.sentAt));
            socket.once('connect', () => resolve());
            baseline.push(socket);
          });
        }
      });
      await Promise.all(runners);
      return reply(msg.id, baseline.length);
    }
    case 'baseline-receipts': {
      const expected = msg.expected as number;
      const deadline = clock() + 30_000;
      while (baselineReceipts.length < expected && clock() < deadline) await new Promise((r) => setTimeout(r, 20));
      return reply(msg.id, baselineReceipts.splice(0));
    }
  }
});
void url;
