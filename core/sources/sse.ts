/**
 * A small server-sent-events reader over `fetch`, for backends that need an auth
 * header (EventSource cannot send one), and the live tail built on it. Follows the WHATWG event-stream parsing
 * rules: `data` lines joined with `\n`, `event`, `id` (kept across messages), `retry`,
 * comment lines ignored, CR, LF and CRLF line ends, chunks split anywhere.
 */
import type { HttpClient } from '../client.js';
import {
  NetworkError,
  RateLimitedError,
  SchemaError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from '../errors.js';
import type { AuditEvent } from '../model.js';

export interface SseMessage {
  /** `message` when the server named no type. */
  event: string;
  data: string;
  /** The last event id seen on the stream so far (ids carry over to later messages). */
  lastEventId: string;
}

export class SseParser {
  /** The last `id:` seen; send it as `Last-Event-ID` when reconnecting. */
  lastEventId = '';
  /** The reconnection delay the server asked for, if it did. */
  retryMs: number | undefined;
  private buffer = '';
  /** The previous chunk ended with CR: a leading LF in the next one belongs to it. */
  private afterCr = false;
  private data: string[] = [];
  private event = '';

  /** Feeds decoded text; returns the messages it completed. */
  feed(chunk: string): SseMessage[] {
    let text = chunk;
    if (this.afterCr && text.startsWith('\n')) text = text.slice(1);
    this.afterCr = false;
    this.buffer += text;
    const out: SseMessage[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      const line = this.buffer.slice(start, i);
      if (c === '\r') {
        if (i + 1 < this.buffer.length) {
          if (this.buffer[i + 1] === '\n') i++;
        } else this.afterCr = true;
      }
      start = i + 1;
      const message = this.line(line);
      if (message) out.push(message);
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  private line(line: string): SseMessage | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id') {
      if (!value.includes('\0')) this.lastEventId = value;
    } else if (field === 'retry') {
      if (/^\d+$/.test(value)) this.retryMs = Number(value);
    }
    return undefined;
  }

  private dispatch(): SseMessage | undefined {
    const data = this.data;
    const event = this.event || 'message';
    this.data = [];
    this.event = '';
    if (data.length === 0) return undefined;
    return { event, data: data.join('\n'), lastEventId: this.lastEventId };
  }
}

/**
 * Reads an event stream body to its end, calling `onMessage` for each message.
 * Resolves when the server closes the stream; rejects when reading fails (a dropped
 * connection, an abort) or when `onMessage` throws.
 */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  parser: SseParser,
  onMessage: (message: SseMessage) => void,
  onBytes?: () => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onBytes?.();
      for (const message of parser.feed(decoder.decode(value, { stream: true })))
        onMessage(message);
    }
    for (const message of parser.feed(decoder.decode())) onMessage(message);
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// The live tail

export interface LiveTail {
  client: HttpClient;
  url: string;
  request: string;
  /** Whether a refused key is worth one retry with a refreshed credential. */
  refreshable: boolean;
  fetch: typeof fetch;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  onOpen: (() => void) | undefined;
  /** The connection failed or dropped; the next attempt is in `retryInMs`. */
  onDrop?: ((retryInMs: number, error: unknown) => void) | undefined;
  onEvent: (event: AuditEvent) => void;
  /** One `audit-event` message's data as an event; throws a SourceError when it is not one. */
  parse: (data: string) => AuditEvent;
  signal: AbortSignal;
}

/** Failures a reconnect may cure. */
const transient = (e: unknown): boolean =>
  e instanceof NetworkError ||
  e instanceof TimeoutError ||
  e instanceof ServerError ||
  e instanceof RateLimitedError;

/**
 * Tails a server-sent-events endpoint: calls `onEvent` for each `audit-event` until the signal
 * aborts (then resolves). A dropped connection is re-established with backoff, resuming after
 * the last event received (`Last-Event-ID`). Rejects on what a retry cannot fix: a refused
 * key, a forbidden principal, a bad query, an invalid event.
 */
export async function liveTail(t: LiveTail): Promise<void> {
  const { signal } = t;
  let lastEventId = '';
  let failures = 0;
  let refresh = false;
  let refreshed = false;
  while (!signal.aborted) {
    let waitMs: number | undefined;
    let opened = false;
    let dropped: unknown = undefined;
    try {
      await connect(t, lastEventId, refresh, {
        opened() {
          opened = true;
          failures = 0;
          refreshed = false;
          t.onOpen?.();
        },
        received(id) {
          lastEventId = id;
        },
      });
      // The server closed the stream: reconnect.
    } catch (e) {
      if (signal.aborted) return;
      if (e instanceof UnauthorizedError && t.refreshable && !refreshed) {
        refreshed = refresh = true; // once more, with a refreshed credential
        continue;
      }
      if (!transient(e)) throw e;
      if (e instanceof RateLimitedError) waitMs = e.retryAfterMs;
      dropped = e;
    }
    refresh = false;
    if (!opened) failures++;
    const delay = Math.max(waitMs ?? 0, t.client.backoff(Math.min(Math.max(failures, 1), 16)));
    t.onDrop?.(delay, dropped);
    try {
      await t.sleep(delay, signal);
    } catch {
      return;
    }
  }
}

/** One connection: resolves when the server ends the stream, rejects on any failure. */
async function connect(
  t: LiveTail,
  lastEventId: string,
  refresh: boolean,
  on: { opened(): void; received(id: string): void },
): Promise<void> {
  const { signal, request } = t;
  signal.throwIfAborted();
  const { headers, secrets } = await t.client.authHeaders(refresh, 'text/event-stream');
  if (lastEventId) headers['last-event-id'] = lastEventId;
  const conn = new AbortController();
  const abort = () => conn.abort(signal.reason);
  signal.addEventListener('abort', abort, { once: true });
  // A connect timeout, then an idle timeout re-armed by every chunk (the server sends keep-alives).
  let stall: TimeoutError | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (ms: number, what: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stall = new TimeoutError(`${request}: ${what}`, request);
      conn.abort(stall);
    }, ms);
  };
  let handlerError: { error: unknown } | undefined;
  try {
    arm(t.connectTimeoutMs, `took longer than ${t.connectTimeoutMs} ms`);
    let res: Response;
    try {
      res = await t.fetch(t.url, { headers, signal: conn.signal });
    } catch {
      throw new NetworkError(`${request} failed: the service could not be reached`, request);
    }
    if (!res.ok) throw await t.client.statusError(res, request, secrets);
    if (!res.body || !/^text\/event-stream\b/i.test(res.headers.get('content-type') ?? '')) {
      await res.body?.cancel().catch(() => undefined);
      throw new SchemaError(request, '', 'a text/event-stream response', res.status);
    }
    const idle = `nothing received for ${t.idleTimeoutMs} ms`;
    arm(t.idleTimeoutMs, idle);
    const parser = new SseParser();
    parser.lastEventId = lastEventId;
    try {
      await readEventStream(
        res.body,
        parser,
        (message) => {
          try {
            if (message.event === 'ready') on.opened();
            else if (message.event === 'audit-event') t.onEvent(t.parse(message.data));
            on.received(message.lastEventId);
          } catch (error) {
            handlerError = { error };
            throw error;
          }
        },
        () => arm(t.idleTimeoutMs, idle),
      );
    } catch (e) {
      if (handlerError && e === handlerError.error) throw e;
      throw new NetworkError(`${request}: the connection was dropped`, request, res.status);
    }
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    if (stall && !handlerError) throw stall;
    throw e;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', abort);
  }
}
