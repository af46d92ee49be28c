/**
 * What the stress pages share: the synthetic events (deterministic), the in-page timing
 * helpers, and the table measurements both `<alv-log-table>` and AG Grid answer to.
 */
import type { AuditEvent } from '../../core/model.js';
import { Rng } from '../../server/seed/random.js';

/** Deterministic PRNG: the seed generator's. */
export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

const PLUGINS = ['create ticket', 'ticket lookup', 'resolve ticket', 'add group member'];
const ACTIONS = ['create ticket', 'add comment', 'add work note', 'get ticket', 'list users'];
const HOSTS = ['acme.service-now.com', 'acme.atlassian.net', 'acme.zendesk.com', 'acme.okta.com'];
const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];
const STATUSES = [200, 200, 200, 201, 201, 204, 400, 404, 422, 500, 503];
export const USERS = 200;

export function makeEvents(count: number): AuditEvent[] {
  const r = rng(count);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  // Random hex from 52-bit draws, not a draw per digit: a million events generate in seconds.
  const hex = (n: number) => {
    let s = '';
    while (s.length < n)
      s += Math.floor(r() * 2 ** 52)
        .toString(16)
        .padStart(13, '0');
    return s.slice(0, n);
  };
  const now = Date.now();
  const events: AuditEvent[] = new Array<AuditEvent>(count);
  for (let i = 0; i < count; i++) {
    const user = Math.floor(r() * USERS);
    const statusCode = pick(STATUSES);
    events[i] = {
      id: `evt_${i.toString(36)}_${hex(8)}`,
      timestamp: now - i * 997,
      kind: 'api-call',
      actor: {
        id: `usr_${user}`,
        email: `user${user}@acme.example`,
        name: `User ${user}`,
        type: 'user',
      },
      action: pick(ACTIONS),
      status: statusCode < 400 ? 'success' : 'error',
      message: `Request ${i}`,
      plugin: pick(PLUGINS),
      skill: 'ITSM assistant',
      http: {
        method: pick(METHODS),
        url: `https://${pick(HOSTS)}/api/now/table/incident/${hex(32)}?sysparm_limit=10`,
        statusCode,
        durationMs: Math.round(r() * 2000),
        attempt: 1,
      },
      traceId: hex(32),
    };
  }
  return events;
}

/** The filter both tables apply: two users of 200, about 1% of the events. */
export const FILTER_EMAILS = new Set(['user7@acme.example', 'user8@acme.example']);
export const passesFilter = (e: AuditEvent) => FILTER_EMAILS.has(e.actor.email ?? '');

/** Resolves once the frame after the current one is painted. */
export const afterPaint = () =>
  new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

export async function until(test: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!test()) {
    if (performance.now() > end) throw new Error('timed out waiting for the page');
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

/**
 * Scrolls from the top to the bottom in `steps` equal jumps, one per animation frame, and
 * returns each frame's length (from one animation frame to the next, so it holds the
 * scroll's script, style, layout and paint).
 */
export async function scrollThrough(scroller: HTMLElement, steps: number): Promise<number[]> {
  const raf = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
  const max = scroller.scrollHeight - scroller.clientHeight;
  const frames: number[] = [];
  let t = await raf();
  for (let i = 1; i <= steps; i++) {
    scroller.scrollTop = (max * i) / steps;
    const next = await raf();
    frames.push(next - t);
    t = next;
  }
  scroller.scrollTop = 0;
  await afterPaint();
  await afterPaint();
  return frames;
}
