/**
 * Binding a node:http server: listen on the address (loopback unless told otherwise; port 0 picks a free
 * one) and say the base URL clients reach it at. The reference server and the recording proxy both start
 * this way.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  url: string;
  port: number;
}

export async function listen(server: Server, port = 0, host = '127.0.0.1'): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  // An IPv6 address is written in brackets in a URL (RFC 3986 §3.2.2).
  const shown = bound.address.includes(':') ? `[${bound.address}]` : bound.address;
  return { url: `http://${shown}:${bound.port}`, port: bound.port };
}
