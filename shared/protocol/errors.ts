/** Error codes every acknowledgement and refused handshake uses. */
import { DOMAIN_ERROR_CODES } from '../session/commands.js';

export const TRANSPORT_ERROR_CODES = [
  /** The payload did not match the event's schema. */
  'invalid-payload',
  /** Not allowed for this role or token. */
  'forbidden',
  /** No session with this code. */
  'unknown-session',
  /** Too many events or requests; slow down. */
  'rate-limited',
  /** The server could not store the change; nothing changed, try again. */
  'unavailable',
  /** The server is shutting down; reconnect in a moment. */
  'shutting-down',
] as const;

export const ERROR_CODES = [...DOMAIN_ERROR_CODES, ...TRANSPORT_ERROR_CODES] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ProtocolError {
  readonly code: ErrorCode;
  readonly message: string;
}

export type AckFailure = { readonly ok: false; readonly error: ProtocolError };
export type AckSuccess<T extends object = object> = { readonly ok: true; readonly version: number } & T;
export type Ack<T extends object = object> = AckSuccess<T> | AckFailure;
export type AckCallback<T extends object = object> = (response: Ack<T>) => void;
