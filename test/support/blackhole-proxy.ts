/**
 * A TCP proxy (127.0.0.1, ephemeral port) between a browser and the test server that can play a
 * network which silently forgets connections, as a NAT or firewall does after an idle timeout or
 * when a phone sleeps: `blackhole()` stops forwarding bytes in both directions on every open
 * connection without closing either side (no FIN, no RST: the browser and the server each still
 * believe in their half). Connections made while `asleep` are swallowed the same way (the phone
 * has no network); after `wake()` new connections are forwarded normally, the old ones stay dead.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface ProxiedConnection {
  /** 1, 2, 3 … in the order the browser opened them. */
  readonly id: number;
  /** Date.now() when the browser opened it. */
  readonly openedAt: number;
  /**
   * The HTTP request lines the browser sent on it, swallowed ones included (e.g.
   * `GET /socket.io/?EIO=4&transport=websocket&… HTTP/1.1`): a keep-alive connection carries several.
   */
  readonly requests: string[];
  /** Those of `requests` sent after the connection died: they never reach the server, nor get an answer. */
  readonly swallowed: string[];
  /** Bytes forwarded to the server and back (not counting what was swallowed). */
  bytesUp: number;
  bytesDown: number;
  /** Blackholed: nothing passes any more, in either direction, and neither side is told. */
  dead: boolean;
  /** The browser closed its side. */
  closed: boolean;
}

export interface BlackholeProxy {
  /** http://127.0.0.1:PORT of the proxy. */
  readonly url: string;
  /** Every connection the browser opened, oldest first. */
  readonly connections: readonly ProxiedConnection[];
  /** True between `blackhole()` and `wake()`: new connections are swallowed too. */
  readonly asleep: boolean;
  /** Kills every open connection silently and swallows new ones until `wake()`; returns how many were open. */
  blackhole(): number;
  /** New connections are forwarded again (the ones killed before stay dead). */
  wake(): void;
  close(): Promise<void>;
}

const REQUEST_LINE = /^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S+ HTTP\/1\.[01]/;

/** Starts a proxy to `target` (host:port of the test server). */
export async function startBlackholeProxy(target: { host: string; port: number }): Promise<BlackholeProxy> {
  const connections: ProxiedConnection[] = [];
  const sockets = new Set<Socket>();
  let asleep = false;

  const server: Server = createServer((browserSide) => {
    const conn: ProxiedConnection = { id: connections.length + 1, openedAt: Date.now(), requests: [], swallowed: [], bytesUp: 0, bytesDown: 0, dead: asleep, closed: false };
    connections.push(conn);
    const serverSide = connect(target.port, target.host);
    for (const s of [browserSide, serverSide]) {
      sockets.add(s);
      s.setNoDelay(true);
      // A reset or a close that the blackhole swallowed must not crash the test.
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    browserSide.on('data', (chunk: Buffer) => {
      const line = REQUEST_LINE.exec(chunk.toString('latin1', 0, Math.min(chunk.length, 2048)));
      if (line) conn.requests.push(line[0]);
      if (line && conn.dead) conn.swallowed.push(line[0]);
      if (conn.dead) return;
      conn.bytesUp += chunk.length;
      serverSide.write(chunk);
    });
    serverSide.on('data', (chunk: Buffer) => {
      if (conn.dead) return;
      conn.bytesDown += chunk.length;
      browserSide.write(chunk);
    });
    // A close passes only while the path is alive; on a dead one the other side is never told.
    browserSide.on('end', () => {
      if (!conn.dead) serverSide.end();
    });
    serverSide.on('end', () => {
      if (!conn.dead) browserSide.end();
    });
    browserSide.on('close', () => {
      conn.closed = true;
      if (!conn.dead) serverSide.destroy();
    });
    serverSide.on('close', () => {
      if (!conn.dead) browserSide.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy: no port');

  return {
    url: `http://127.0.0.1:${address.port}`,
    connections,
    get asleep() {
      return asleep;
    },
    blackhole() {
      asleep = true;
      let open = 0;
      for (const conn of connections) {
        if (!conn.dead && !conn.closed) open++;
        conn.dead = true;
      }
      return open;
    },
    wake() {
      asleep = false;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
