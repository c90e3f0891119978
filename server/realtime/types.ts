import type { Server, Socket } from 'socket.io';
import type { Broadcaster } from '../sessions/session-fanout.js';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from '../../shared/protocol/events.js';

/** Between nodes (through the adapter, so through Redis when there are several). */
export interface InterServerEvents {
  /** A node stored events of a session: others holding it catch up. */
  'bpl:appended': (code: string, version: number) => void;
  /** A node's students of a session came or went (`full`: the complete list, sent periodically). */
  'bpl:presence': (update: { node: string; code: string; ids: string[]; on: boolean; full: boolean }) => void;
}
export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Room names: every socket of a session, its students, its staff (instructor and projector). */
export const rooms = {
  all: (code: string) => `s:${code}`,
  students: (code: string) => `s:${code}:students`,
};

/** The session hosts' way to reach a room: socket.io's, through its adapter (so every node). */
export function socketIoBroadcaster(io: IoServer): Broadcaster {
  return { toRoom: (room, message) => (io.to(room).emit as (event: string, payload: unknown) => boolean)(message.event, message.payload) };
}

/** Tells a socket why it is being closed, then closes it once the notice has been written. */
export function closeWithNotice(socket: IoSocket, event: 'session:removed' | 'session:replaced', message: string): void {
  socket.emit(event, { message });
  setImmediate(() => socket.disconnect(true));
}
