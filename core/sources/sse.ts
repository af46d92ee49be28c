/**
 * A small server-sent-events reader over `fetch`, for backends that need an auth
 * header (EventSource cannot send one). Follows the WHATWG event-stream parsing
 * rules: `data` lines joined with `\n`, `event`, `id` (kept across messages), `retry`,
 * comment lines ignored, CR, LF and CRLF line ends, chunks split anywhere.
 */

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
