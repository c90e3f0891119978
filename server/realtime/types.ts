import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from '../../shared/protocol/events.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type InterServerEvents = {};
export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Room names: every socket of a session, its students, its staff (instructor and projector). */
export const rooms = {
  all: (code: string) => `s:${code}`,
  students: (code: string) => `s:${code}:students`,
};
