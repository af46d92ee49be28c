/**
 * core/export.ts against the real reference service: a whole filtered view across pages
 * (20,000 rows), progress, cancel, redaction, safe-to-share masking, and faults; and the
 * pure pieces: CSV cells, ISO times in a zone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ExportError,
  csvCell,
  exportView,
  isoInZone,
  type ExportProgress,
} from '../../core/export.js';
import type { AuditEvent } from '../../core/model.js';
import { maskEvent } from '../../core/redaction.js';
import { createGenericSource, genericCapabilities } from '../../core/sources/generic.js';
import type { Source } from '../../core/sources/types.js';
import { KEYS, NOW, startHarness, type Harness } from './server/harness.js';

const all = { v: 1 as const, filters: {}, sort: 'desc' as const };

describe('CSV cells and times', () => {
  it('quotes what needs it and neutralises formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1 555')).toBe("'+1 555");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(201)).toBe('201');
    expect(csvCell(undefined)).toBe('');
  });

  it('writes ISO 8601 in the viewer’s zone', () => {
    const t = Date.UTC(2026, 10, 30, 9, 5, 7, 42);
    expect(isoInZone(t)).toBe('2026-11-30T09:05:07.042Z');
    expect(isoInZone(t, 'Europe/Berlin')).toBe('2026-11-30T10:05:07.042+01:00');
    expect(isoInZone(t, 'America/New_York')).toBe('2026-11-30T04:05:07.042-05:00');
    expect(isoInZone(Date.UTC(2026, 6, 1, 12), 'Asia/Kolkata')).toBe(
      '2026-07-01T17:30:00.000+05:30',
    );
  });
});

describe('columns as the table shows them', () => {
  it('the plugin is the target’s type where there is no plugin (a Nected record type), not its name', async () => {
    const nected: AuditEvent = {
      id: 'n1',
      timestamp: Date.UTC(2026, 10, 30),
      kind: 'change',
      actor: { type: 'user', name: 'Mei Tanaka' },
      action: 'publish',
      status: 'success',
      target: { type: 'Simplerule', id: 'r1', name: 'VIP discount' },
    };
    const source = {
      name: 'stub',
      capabilities: genericCapabilities,
      planFilters: () => ({ server: [], client: [] }),
      search: () =>
        Promise.resolve({
          events: [nected, { ...nected, id: 'n2', plugin: 'create ticket' }],
          nextCursor: null,
          clientFiltered: [],
          scanned: 2,
          requests: 1,
        }),
      get: () => Promise.reject(new Error('no detail')),
    } satisfies Source;
    let csv = '';
    await exportView(source, all, {
      format: 'csv',
      columns: ['actor', 'plugin'],
      cap: 10,
      write: (chunk) => void (csv += chunk),
    });
    expect(csv.trim().split(/\r?\n/)).toEqual([
      'actor,plugin',
      'Mei Tanaka,Simplerule',
      'Mei Tanaka,create ticket',
    ]);
    // NDJSON with the visible columns: the same values, one object per row.
    let ndjson = '';
    await exportView(source, all, {
      format: 'ndjson',
      columns: ['time', 'actor', 'plugin'],
      cap: 10,
      timeZone: 'Europe/Paris',
      write: (chunk) => void (ndjson += chunk),
    });
    expect(
      ndjson
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([
      { time: '2026-11-30T01:00:00.000+01:00', actor: 'Mei Tanaka', plugin: 'Simplerule' },
      { time: '2026-11-30T01:00:00.000+01:00', actor: 'Mei Tanaka', plugin: 'create ticket' },
    ]);
  });
});

describe('exporting a view from the reference service', () => {
  let h: Harness;
  beforeAll(async () => {
    // About 85% of generated records are kept (inside retention, not refused): over 20,000.
    h = await startHarness({ events: 24_500, seed: 11 });
  }, 180_000);
  afterAll(() => h?.service.close());
  const source = (key: string = KEYS.pii) =>
    createGenericSource({ endpoint: h.url, now: () => NOW, credentials: () => key });

  it('exports every event of the view exactly once, with progress per page', async () => {
    const lines: string[] = [];
    const progress: ExportProgress[] = [];
    const result = await exportView(source(), all, {
      format: 'ndjson',
      columns: 'all',
      cap: 100_000,
      write: (chunk) => void lines.push(...chunk.split('\n').filter(Boolean)),
      onProgress: (p) => progress.push(p),
    });
    expect(h.truth.length).toBeGreaterThanOrEqual(20_000);
    expect(result.rows).toBe(h.truth.length);
    const ids = lines.map((l) => (JSON.parse(l) as AuditEvent).id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(h.truth.map((e) => e.id)));
    expect(progress.length).toBe(Math.ceil(h.truth.length / 500));
    expect(progress.map((p) => p.rows)).toEqual(
      [...progress.map((p) => p.rows)].sort((a, b) => a - b),
    );
    expect(result.stopped).toBeUndefined();
  });

  it('a cancelled export stops within a page and leaves complete rows', async () => {
    const abort = new AbortController();
    let text = '';
    const result = await exportView(source(), all, {
      format: 'csv',
      columns: ['time', 'actor', 'url', 'status'],
      cap: 100_000,
      signal: abort.signal,
      write: (chunk) => void (text += chunk),
      onProgress: (p) => p.pages === 3 && abort.abort(),
    });
    expect(result).toMatchObject({ stopped: 'cancelled', rows: 1500, pages: 3 });
    const rows = text.split('\r\n');
    expect(rows.pop()).toBe('');
    expect(rows[0]).toBe('time (UTC),actor,url,status');
    expect(rows).toHaveLength(1501);
  });

  it('stops at the row cap the user saw', async () => {
    let text = '';
    const result = await exportView(source(), all, {
      format: 'ndjson',
      columns: 'all',
      cap: 1234,
      write: (chunk) => void (text += chunk),
    });
    expect(result).toMatchObject({ stopped: 'cap', rows: 1234 });
    expect(text.trim().split('\n')).toHaveLength(1234);
  });

  it('as a restricted principal, contains nothing the service withheld', async () => {
    let text = '';
    await exportView(
      source(KEYS.restricted),
      { ...all, filters: { kind: 'api-call' } },
      {
        format: 'ndjson',
        columns: 'all',
        cap: 3000,
        write: (chunk) => void (text += chunk),
      },
    );
    const lines = text.trim().split('\n');
    const truth = new Map(h.truth.map((e) => [e.id, e]));
    let checked = 0;
    for (const line of lines) {
      const e = JSON.parse(line) as AuditEvent;
      const full = truth.get(e.id)!;
      const withheld = [full.request?.body, full.response?.body]
        .flatMap((b) => JSON.stringify(b ?? '').match(/"[^"]{12,}"/g) ?? [])
        .map((s) => s.slice(1, -1))
        .filter(
          (s) =>
            !JSON.stringify({
              ...full,
              request: undefined,
              response: undefined,
              raw: undefined,
            }).includes(s),
        );
      for (const s of withheld) {
        // In the event's own row: another event may show the same id in its URL path.
        expect(line.includes(s), `${e.id}: ${s}`).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('in safe-to-share mode contains no email address', async () => {
    let text = '';
    await exportView(
      source(),
      { ...all, filters: { kind: 'api-call' } },
      {
        format: 'csv',
        columns: 'all',
        cap: 2000,
        mask: maskEvent,
        write: (chunk) => void (text += chunk),
      },
    );
    expect(text.split('\r\n').length).toBeGreaterThan(1000);
    expect(text).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/);
  });

  it('a failure mid-export says how far it got', async () => {
    let calls = 0;
    const real = source();
    const failing = {
      ...real,
      search: (...args: Parameters<typeof real.search>) =>
        ++calls === 3 ? Promise.reject(new Error('connection reset')) : real.search(...args),
    };
    let text = '';
    const error = await exportView(failing, all, {
      format: 'ndjson',
      columns: 'all',
      cap: 100_000,
      write: (chunk) => void (text += chunk),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).message).toBe(
      'The export stopped after 1000 rows: connection reset',
    );
    expect(text.trim().split('\n')).toHaveLength(1000);
  });
});

describe('exporting under faults', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      events: 3000,
      seed: 12,
      env: { AUDIT_FAULTS: '500@0.1,503@0.05,429=0@0.05' },
    });
  });
  afterAll(() => h?.service.close());

  it('5xx and 429 are retried: every matching event, exactly once', async () => {
    const source = createGenericSource({
      endpoint: h.url,
      now: () => NOW,
      credentials: () => KEYS.pii,
      client: { retry: { attempts: 8, baseDelayMs: 1, maxDelayMs: 5 } },
    });
    const ids: string[] = [];
    await exportView(
      source,
      { ...all, filters: { kind: 'api-call' } },
      {
        format: 'ndjson',
        columns: 'all',
        cap: 100_000,
        pageSize: 100,
        write: (chunk) =>
          void ids.push(
            ...chunk
              .split('\n')
              .filter(Boolean)
              .map((l) => (JSON.parse(l) as AuditEvent).id),
          ),
      },
    );
    const want = h.truth.filter((e) => e.kind === 'api-call').map((e) => e.id);
    expect(ids).toHaveLength(want.length);
    expect(new Set(ids)).toEqual(new Set(want));
  });
});
