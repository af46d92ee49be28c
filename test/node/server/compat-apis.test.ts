import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, NOW, startHarness, type Harness } from './harness.js';
import type { IngestRecord } from '../../../server/ingest.js';

/** The fields of one item in seed 002's example search response. */
const NECTED_FIELDS = [
  'entityId',
  'executionId',
  'type',
  'name',
  'event',
  'status',
  'environment',
  'user',
  'workspaceId',
  'ip',
  'logId',
  'statusTimeMs',
  'date',
  'rootNode',
  'traceId',
  'message',
  'input',
  'output',
  'path',
  'version',
].sort();
/** The fields of seed 003's sample log. */
const KORE_FIELDS = [
  'parentIds',
  '_id',
  'entity',
  'action',
  'userId',
  'accountId',
  'entityId',
  'delta',
  'htmlText',
  'userName',
  'emailId',
  'keywords',
  'cOn',
  '__v',
].sort();

type NectedItem = Record<string, unknown> & {
  logId: string;
  date: string;
  type: string;
  event: string;
  status: string;
};
interface NectedPage {
  totalCount: number;
  totalPages: number;
  pageNo: number;
  pageSize: number;
  data: NectedItem[];
  code: string;
  message: string;
}

const nativeOf = (h: Harness, origin: IngestRecord['origin']) =>
  h.records
    .filter((r) => r.origin === origin && r.event.timestamp >= NOW - 7 * 86_400_000)
    .sort((a, b) => b.event.timestamp - a.event.timestamp || (a.event.id < b.event.id ? 1 : -1));

describe('compatible APIs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.service.close());

  describe('Nected (seed 002)', () => {
    const nected = (qs: string, key: string = KEYS.pii) =>
      h.get(`/dev/audit/audit/search${qs}`, { 'nected-api-key': key });

    it("answers the seed's example request in the seed's envelope", async () => {
      const res = await nected('?pageNo=1&pageSize=5');
      expect(res.status).toBe(200);
      const body = (await res.json()) as NectedPage;
      const all = nativeOf(h, 'nected');
      expect(body).toMatchObject({
        totalCount: all.length,
        pageNo: 1,
        pageSize: 5,
        code: 'success',
        message: 'success.',
      });
      expect(body.totalPages).toBe(Math.ceil(all.length / 5));
      expect(body.data).toHaveLength(5);
      for (const item of body.data) expect(Object.keys(item).sort()).toEqual(NECTED_FIELDS);
      expect(body.data.map((d) => d.logId)).toEqual(all.slice(0, 5).map((r) => r.event.id));
      expect(body.data[0]!.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    });

    it('pages through every record with pageSize 10, no duplicates or gaps', async () => {
      const seen: string[] = [];
      for (let pageNo = 1; ; pageNo++) {
        const body = (await (await nected(`?pageNo=${pageNo}&pageSize=10`)).json()) as NectedPage;
        seen.push(...body.data.map((d) => d.logId));
        if (pageNo >= body.totalPages) break;
      }
      expect(seen).toEqual(nativeOf(h, 'nected').map((r) => r.event.id));
    });

    it('filters by type, event, status, environment, search and dates', async () => {
      const all = nativeOf(h, 'nected').map(
        (r) => r.native as NectedItem & { environment: string; name: string },
      );
      const cases: [string, (d: (typeof all)[number]) => boolean][] = [
        ['type=decisionTable', (d) => d.type.toLowerCase() === 'decisiontable'],
        ['type=workflow,nectedWorkflow', (d) => d.type.toLowerCase() === 'workflow'],
        ['event=test', (d) => d.event === 'Test Via Console'],
        ['event=api,cron', (d) => d.event === 'Call Via API' || d.event === 'Cron'],
        ['status=error,Failed', (d) => d.status === 'Error'],
        ['status=success,Completed', (d) => d.status === 'Success'],
        ['environment=production', (d) => d.environment === 'Production'],
        [
          `startDate=${new Date(NOW - 2 * 86_400_000).toISOString()}&endDate=${new Date(NOW - 86_400_000).toISOString()}`,
          (d) =>
            Date.parse(d.date) >= NOW - 2 * 86_400_000 && Date.parse(d.date) <= NOW - 86_400_000,
        ],
      ];
      const name = all.find((d) => d.name.length > 4)!.name;
      cases.push([
        `search=${encodeURIComponent(name.toUpperCase())}`,
        (d) =>
          d.name.toLowerCase().includes(name.toLowerCase()) ||
          JSON.stringify([d.message, d.input, d.output]).toLowerCase().includes(name.toLowerCase()),
      ]);
      for (const [qs, pred] of cases) {
        const want = all.filter(pred).map((d) => d.logId);
        expect(want.length, qs).toBeGreaterThan(0);
        const got: string[] = [];
        for (let pageNo = 1; pageNo < 1000; pageNo++) {
          const body = (await (await nected(`?${qs}&pageNo=${pageNo}`)).json()) as NectedPage;
          got.push(...body.data.map((d) => d.logId));
          if (pageNo >= body.totalPages) break;
        }
        expect(got, qs).toEqual(want);
      }
    });

    it('gets one record in the detail envelope', async () => {
      const item = nativeOf(h, 'nected')[3]!.native!;
      const res = await h.get(`/dev/audit/audit/${item.logId as string}`, {
        'nected-api-key': KEYS.pii,
      });
      const body = (await res.json()) as {
        data: { detail: unknown; parent: unknown[]; children: unknown[]; totalChildren: number };
        code: string;
      };
      expect(res.status).toBe(200);
      expect(body.code).toBe('success');
      expect(body.data.detail).toEqual(item);
      expect(body.data.totalChildren).toBe(body.data.children.length);
    });

    it("errors in the seed's bodies: 401, 404, and 400 naming the parameter", async () => {
      for (const key of [undefined, 'wrong']) {
        const res = await h.get('/dev/audit/audit/search', key ? { 'nected-api-key': key } : {});
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual({ error: 'Unauthorized access. Invalid API key.' });
      }
      const missing = await h.get('/dev/audit/audit/nope', { 'nected-api-key': KEYS.pii });
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ error: 'Audit log entry not found.' });
      const forbidden = await nected('', KEYS.none);
      expect(forbidden.status).toBe(403);
      for (const [qs, param] of [
        ['?pageSize=11', 'pageSize'],
        ['?pageNo=0', 'pageNo'],
        ['?type=spreadsheet', 'type'],
        ['?limit=5', 'limit'],
      ]) {
        const res = await nected(qs!);
        expect(res.status, qs).toBe(400);
        expect(((await res.json()) as { error: string }).error).toContain(`'${param}'`);
      }
    });
  });

  describe('Kore (seed 003)', () => {
    const kore = (qs: string, key: string = KEYS.pii) =>
      h.get(`/api/public/auditlogs${qs}`, { auth: key });
    type KoreLog = Record<string, unknown> & {
      _id: string;
      entity: string;
      action: string;
      emailId: string;
      userId: string;
      entityId: string;
      cOn: string;
    };

    it("answers the seed's sample request shape with the sample's fields", async () => {
      const all = nativeOf(h, 'kore').map((r) => r.native as KoreLog);
      const probe = all.find((l) => l.entity === 'nlprules' && l.action === 'update') ?? all[0]!;
      const start = new Date(NOW - 6 * 86_400_000).toISOString();
      const end = new Date(NOW).toISOString();
      const qs = `?startTime=${encodeURIComponent(start)}&endTime=${encodeURIComponent(end)}&entity=${probe.entity}&action=${probe.action}&emailId=${encodeURIComponent(probe.emailId)}`;
      const res = await kore(qs);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { logs: KoreLog[]; hasMore: boolean };
      const want = all.filter(
        (l) =>
          l.entity === probe.entity &&
          l.action === probe.action &&
          l.emailId === probe.emailId &&
          Date.parse(l.cOn) >= Date.parse(start),
      );
      expect(body.logs.map((l) => l._id)).toEqual(want.map((l) => l._id));
      for (const l of body.logs) expect(Object.keys(l).sort()).toEqual(KORE_FIELDS);
    });

    it('filters by entityId and userId, and pages with skip/limit', async () => {
      const all = nativeOf(h, 'kore').map((r) => r.native as KoreLog);
      const one = all[5]!;
      const byEntity = (await (await kore(`?entityId=${one.entityId}`)).json()) as {
        logs: KoreLog[];
      };
      expect(byEntity.logs.map((l) => l._id)).toEqual(
        all.filter((l) => l.entityId === one.entityId).map((l) => l._id),
      );
      const byUser = (await (await kore(`?userId=${one.userId}&limit=100`)).json()) as {
        logs: KoreLog[];
      };
      expect(byUser.logs.map((l) => l._id)).toEqual(
        all
          .filter((l) => l.userId === one.userId)
          .map((l) => l._id)
          .slice(0, 100),
      );
      const seen: string[] = [];
      for (let skip = 0; ; skip += 37) {
        const body = (await (await kore(`?skip=${skip}&limit=37`)).json()) as {
          logs: KoreLog[];
          hasMore: boolean;
        };
        seen.push(...body.logs.map((l) => l._id));
        if (!body.hasMore) break;
      }
      expect(seen).toEqual(all.map((l) => l._id));
    });

    it('errors: 401 with the auth header missing or wrong, 400 naming the parameter', async () => {
      const res = await h.get('/api/public/auditlogs');
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        errors: [{ msg: 'Invalid or missing auth token', code: 401 }],
      });
      expect((await kore('', 'wrong')).status).toBe(401);
      const bad = await kore('?action=rename');
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { errors: { msg: string }[] }).errors[0]!.msg).toContain(
        "'action'",
      );
    });
  });

  describe('org audit (seed 004)', () => {
    type Item = {
      id: string;
      method: string;
      path: string;
      statusCode: number;
      resource: string;
      authType: string;
      createdAt: string;
      account: { id: string } | null;
      workspace: { id: string } | null;
    };
    const org = (qs: string, key: string = KEYS.pii) =>
      h.get(`/api/v1/org/audit-logs${qs}`, { authorization: `Bearer ${key}` });

    it('lists with filters and page/limit, details carry body, query, params and headers', async () => {
      const all = nativeOf(h, 'org-audit').map(
        (r) => r.native as Item & { details: Record<string, unknown> },
      );
      const one = all.find((i) => i.account && i.workspace)!;
      const cases: [string, (i: Item) => boolean][] = [
        [`method=${one.method.toLowerCase()}`, (i) => i.method === one.method],
        [`statusCode=${one.statusCode}`, (i) => i.statusCode === one.statusCode],
        [`resource=${one.resource}`, (i) => i.resource === one.resource],
        ['authType=apiKey', (i) => i.authType === 'apiKey'],
        [
          `search=${one.account!.id}`,
          (i) =>
            i.account?.id === one.account!.id ||
            i.workspace?.id === one.account!.id ||
            i.path.includes(one.account!.id),
        ],
        [
          `search=${encodeURIComponent(one.path.split('/').slice(0, 4).join('/'))}`,
          (i) =>
            i.path.toLowerCase().includes(one.path.split('/').slice(0, 4).join('/').toLowerCase()),
        ],
      ];
      for (const [qs, pred] of cases) {
        const got: string[] = [];
        for (let page = 1; page < 500; page++) {
          const body = (await (await org(`?${qs}&page=${page}&limit=100`)).json()) as {
            items: Item[];
            totalPages: number;
          };
          got.push(...body.items.map((i) => i.id));
          if (page >= body.totalPages) break;
        }
        const want = all.filter(pred).map((i) => i.id);
        expect(want.length, qs).toBeGreaterThan(0);
        expect(got, qs).toEqual(want);
      }
      const detail = (await (await org(`/${one.id}`)).json()) as {
        details: Record<string, unknown>;
      };
      expect(Object.keys(detail.details).sort()).toEqual(['body', 'headers', 'params', 'query']);
      expect(detail).toEqual(one);
    });

    it('403 without viewAuditLog, 401 without a key, 404 for an unknown id, 400 naming the parameter', async () => {
      const forbidden = await org('', KEYS.none);
      expect(forbidden.status).toBe(403);
      expect(await forbidden.json()).toEqual({
        statusCode: 403,
        message: 'Missing permission: viewAuditLog',
        error: 'Forbidden',
      });
      expect((await h.get('/api/v1/org/audit-logs')).status).toBe(401);
      const missing = await org('/000000000000000000000000');
      expect(missing.status).toBe(404);
      const bad = await org('?limit=1000');
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { message: string }).message).toContain("'limit'");
    });
  });
});
