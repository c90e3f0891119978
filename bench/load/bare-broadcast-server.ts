/**
 * The baseline: a bare socket.io server with nothing of ours in it. Clients join a room; when the
 * controller says so, one broadcast of the given payload (the same bytes a student receives at our
 * reveal) goes to the room, stamped with the send time. Run as its own process by the load benchmark.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { clock } from './stats.js';

const http = createServer();
const io = new Server(http, { serveClient: false, maxHttpBufferSize: 1e6 });
io.on('connection', (socket) => {
  if (socket.handshake.auth?.role === 'controller') {
    socket.on('broadcast', (content: unknown, ack: (sentAt: number) => void) => {
      const sentAt = clock();
      io.to('clients').emit('payload', { sentAt, content });
      ack(sentAt);
    });
    socket.on('count', (ack: (n: number) => void) => ack(io.of('/').adapter.rooms.get('clients')?.size ?? 0));
    return;
  }
  void socket.join('clients');
});
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = http.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ msg: 'listening', port: address.port })}\n`);
});
process.on('SIGTERM', () => io.close(() => process.exit(0)));
