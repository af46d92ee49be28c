/**
 * A local HTTP stub for adapter tests: a real server on 127.0.0.1 that answers each request
 * with what the test's handler says (a status, headers and a body, sent verbatim, or a body
 * cut off mid-transfer), and records what the adapter asked for.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
}

export interface StubReply {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as it is; anything else as JSON. */
  body?: unknown;
  /** Send only this many bytes of the body (declaring its whole length), then drop the connection. */
  cutAt?: number;
}

export interface Stub {
  url: string;
  requests: StubRequest[];
  close(): Promise<void>;
}

export async function startStub(handler: (req: StubRequest) => StubReply): Promise<Stub> {
  const requests: StubRequest[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    const request: StubRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
    };
    requests.push(request);
    const reply = handler(request);
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? null);
    const bytes = Buffer.from(text, 'utf8');
    res.writeHead(reply.status ?? 200, {
      'content-type': 'application/json',
      'content-length': String(bytes.length),
      ...reply.headers,
    });
    if (reply.cutAt === undefined) res.end(bytes);
    else {
      // Drop the connection once the first part is on the wire.
      res.write(bytes.subarray(0, reply.cutAt), () => req.socket.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
