/**
 * socket.io's own wire format without its scan for binary attachments on every outgoing packet.
 * This server never sends binary (every payload is JSON), and the scan walks each payload before
 * it is stringified: at a reveal that is once per student. Clients keep the standard parser: the
 * encoded packets are byte for byte what the default encoder produces for JSON data.
 */
import * as parser from 'socket.io-parser';

class JsonOnlyEncoder extends parser.Encoder {
  override encode(packet: parser.Packet): string[] {
    let encoded = String(packet.type);
    if (packet.nsp && packet.nsp !== '/') encoded += `${packet.nsp},`;
    if (packet.id !== undefined && packet.id !== null) encoded += packet.id;
    if (packet.data !== undefined && packet.data !== null) encoded += JSON.stringify(packet.data);
    return [encoded];
  }
}

export const jsonOnlyParser = { ...parser, Encoder: JsonOnlyEncoder };
