/**
 * The Nected adapter (seed 002): schemas and mapping over the seed's own examples, query
 * translation and page filling against a fake backend, and the contract against the
 * reference service (results equal the seed's ground truth, event for event).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ForbiddenError,
  NotFoundError,
  SchemaError,
  UnauthorizedError,
} from '../../../core/errors.js';
import { compareEvents, matchesFilters } from '../../../core/filter.js';
import {
  REDACTION_MARKER,
  defaultViewState,
  type AuditEvent,
  type Filters,
  type ViewState,
} from '../../../core/model.js';
import {
  NectedDetailResponse,
  NectedSearchResponse,
  createNectedSource,
  mapNectedRecord,
  nectedCapabilities,
  parseNectedDate,
} from '../../../core/sources/nected.js';
import type { Source, SourceConfig } from '../../../core/sources/types.js';
import { withholdPii } from '../../../server/redaction.js';
import { DAY, KEYS, NOW, startHarness, type Harness } from '../server/harness.js';
import { pageThrough } from './paging.js';

/** Seed 002's example search response, verbatim. */
const SEARCH_EXAMPLE_JSON = String.raw`{
    "totalCount": 44,
    "totalPages": 9,
    "pageNo": 1,
    "pageSize": 5,
    "data": [
        {
            "entityId": "",
            "executionId": "1236ef60-c66a-425b-9932-4432dc502254",
            "type": "Decisiontable",
            "name": "Amazon DP",
            "event": "Update",
            "status": "Success",
            "environment": "Staging",
            "user": "Snehasish Konger",
            "workspaceId": "60",
            "ip": "121.240.111.38",
            "logId": "cIQ1bJMBXygxw2IbFdqi",
            "statusTimeMs": 0,
            "date": "2024-11-27T06:00:38.470511956Z",
            "rootNode": {
                "id": "",
                "name": "",
                "logId": ""
            },
            "traceId": "4d693277-9509-4afa-a1af-f78d80bf74f3",
            "message": "",
            "input": null,
            "output": null,
            "path": null,
            "version": "draft"
        },
        {
            "entityId": "",
            "executionId": "123e4e82-4ddf-40de-bdb2-d7ed1ae1697f",
            "type": "Api",
            "name": "Amazon DP",
            "event": "Call Via API",
            "status": "Error",
            "environment": "Staging",
            "user": "",
            "workspaceId": "60",
            "ip": "121.240.111.38",
            "logId": "lIQtbJMBXygxw2IbjNhm",
            "statusTimeMs": 4,
            "date": "2024-11-27T05:52:24.662785492Z",
            "rootNode": {
                "id": "123e4e82-4ddf-40de-bdb2-d7ed1ae1697f",
                "name": "Amazon DP",
                "logId": "123e4e82-4ddf-40de-bdb2-d7ed1ae1697f"
            },
            "traceId": "Root=1-6746b398-53e5e9017fd84ff46c030f27",
            "message": "missing required params key countrycode",
            "input": null,
            "output": null,
            "path": [],
            "version": "draft"
        },
        {
            "entityId": "",
            "executionId": "659993bd3e1ce3c24b4760c2",
            "type": "Dataset",
            "name": "New_Orders_Ecomm 1704563645284",
            "event": "Update",
            "status": "Success",
            "environment": "Staging",
            "user": "Snehasish Konger",
            "workspaceId": "60",
            "ip": "121.240.111.38",
            "logId": "roIAY5MBXygxw2IbQLXe",
            "statusTimeMs": 0,
            "date": "2024-11-25T11:06:21.080089979Z",
            "rootNode": {
                "id": "",
                "name": "",
                "logId": ""
            },
            "traceId": "a713a9ae-9ee1-446e-aaed-43fc8b1424af",
            "message": "",
            "input": null,
            "output": null,
            "path": null,
            "version": "draft"
        },
        {
            "entityId": "",
            "executionId": "test_dataSet:60:00181f5d-f407-4f57-8494-2320345a40e1:draft:ee3ce5ce-1a53-41f6-911b-5ec008d8beea",
            "type": "Dataset",
            "name": "Loyalty_Rule_Dataset",
            "event": "Test Via Console",
            "status": "Success",
            "environment": "Staging",
            "user": "",
            "workspaceId": "60",
            "ip": "43.205.43.45",
            "logId": "VYL5YpMBXygxw2Ib87RH",
            "statusTimeMs": 137,
            "date": "2024-11-25T10:59:28.061763152Z",
            "rootNode": {
                "id": "3d60030d-cf4e-4a6e-b860-6e90ec214ac6",
                "name": "Loyalty_Rule_Dataset",
                "logId": "3d60030d-cf4e-4a6e-b860-6e90ec214ac6"
            },
            "traceId": "339df9bc-c3dd-4223-888d-b37de965fecc",
            "message": "successfully executed dataset Loyalty_Rule_Dataset",
            "input": null,
            "output": null,
            "path": [],
            "version": "draft"
        },
        {
            "entityId": "",
            "executionId": "test_connector:60:658dc072df38777379927f9e:0.10:f5af6c7e-8fdb-417f-b761-c83df28ce67f",
            "type": "Connector",
            "name": "NewDemoDB",
            "event": "Test Via Console",
            "status": "Success",
            "environment": "Staging",
            "user": "",
            "workspaceId": "60",
            "ip": "43.205.43.45",
            "logId": "HoJdYpMBXygxw2IbqZJw",
            "statusTimeMs": 748,
            "date": "2024-11-25T08:08:44.930424286Z",
            "rootNode": {
                "id": "029d2110-47a9-4b84-bc51-1ce5141ee61e",
                "name": "NewDemoDB",
                "logId": "029d2110-47a9-4b84-bc51-1ce5141ee61e"
            },
            "traceId": "5648bdec-3559-4079-8d96-e54e8be6b815",
            "message": "successfully executed connector NewDemoDB",
            "input": null,
            "output": null,
            "path": [],
            "version": "0.10"
        }
    ],
    "code": "success",
    "message": "success."
}`;

type Json = Record<string, unknown>;
const example = (): Json & { data: Json[] } =>
  JSON.parse(SEARCH_EXAMPLE_JSON) as Json & { data: Json[] };
const item = (i: number): Json => example().data[i]!;
const noRaw = ({ raw: _raw, ...e }: AuditEvent): AuditEvent => e;
const signal = () => new AbortController().signal;

// ---------------------------------------------------------------------------------------------
// A fake backend

interface Call {
  url: URL;
  headers: Record<string, string>;
}
type Reply = { status?: number; body: unknown };

function fakeFetch(reply: (url: URL) => Reply): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetchImpl = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    calls.push({ url, headers: { ...(init?.headers as Record<string, string>) } });
    const { status = 200, body } = reply(url);
    return Promise.resolve(
      new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      }),
    );
  };
  return { fetch: fetchImpl, calls };
}

/** `n` records, newest first, one second apart, ids `L000`, `L001`, ... */
function records(n: number): Json[] {
  return Array.from({ length: n }, (_, i) => ({
    ...item(3),
    logId: `L${String(i).padStart(3, '0')}`,
    date: new Date(NOW - i * 1000).toISOString().replace('Z', '123456Z'),
  }));
}

/** Serves `all` like the Nected API does (page numbers, newest first), ignoring filters. */
function nectedBackend(all: Json[]) {
  return fakeFetch((url) => {
    const pageNo = Number(url.searchParams.get('pageNo') ?? 1);
    const pageSize = Number(url.searchParams.get('pageSize') ?? 10);
    return {
      body: {
        totalCount: all.length,
        totalPages: Math.ceil(all.length / pageSize),
        pageNo,
        pageSize,
        data: all.slice((pageNo - 1) * pageSize, pageNo * pageSize),
        code: 'success',
        message: 'success.',
      },
    };
  });
}

const config = (f: typeof fetch, extra: Partial<SourceConfig> = {}): SourceConfig => ({
  endpoint: 'http://nected.test/',
  credentials: () => 'k-123',
  client: { fetch: f, retry: { attempts: 1 } },
  now: () => NOW,
  ...extra,
});
const view = (filters: Filters, sort: ViewState['sort'] = 'desc'): ViewState => ({
  ...defaultViewState(),
  filters,
  sort,
});
const params = (c: Call): Record<string, string> => Object.fromEntries(c.url.searchParams);

// ---------------------------------------------------------------------------------------------

describe('Nected schemas and mapping (seed 002 examples)', () => {
  it("parses the seed's whole example search envelope", () => {
    const parsed = NectedSearchResponse.parse(example());
    expect(parsed).toMatchObject({
      totalCount: 44,
      totalPages: 9,
      pageNo: 1,
      pageSize: 5,
      code: 'success',
      message: 'success.',
    });
    // Nothing the backend sent is lost: every record parses to itself.
    expect(parsed.data).toStrictEqual(example().data);
  });

  it('maps every field of the five example records', () => {
    const events = NectedSearchResponse.parse(example()).data.map(mapNectedRecord);
    const raws = example().data;
    expect(events).toStrictEqual([
      {
        id: 'cIQ1bJMBXygxw2IbFdqi',
        timestamp: Date.UTC(2024, 10, 27, 6, 0, 38, 470),
        kind: 'change',
        actor: { name: 'Snehasish Konger', type: 'user' },
        action: 'Update',
        status: 'success',
        environment: 'staging',
        workspace: '60',
        ip: '121.240.111.38',
        target: { type: 'Decisiontable', name: 'Amazon DP' },
        traceId: '4d693277-9509-4afa-a1af-f78d80bf74f3',
        executionId: '1236ef60-c66a-425b-9932-4432dc502254',
        raw: raws[0],
      },
      {
        id: 'lIQtbJMBXygxw2IbjNhm',
        timestamp: Date.UTC(2024, 10, 27, 5, 52, 24, 662),
        kind: 'change',
        actor: { type: 'system' },
        action: 'Call Via API',
        status: 'error',
        message: 'missing required params key countrycode',
        environment: 'staging',
        workspace: '60',
        ip: '121.240.111.38',
        target: { type: 'Api', name: 'Amazon DP' },
        traceId: 'Root=1-6746b398-53e5e9017fd84ff46c030f27',
        executionId: '123e4e82-4ddf-40de-bdb2-d7ed1ae1697f',
        parentId: '123e4e82-4ddf-40de-bdb2-d7ed1ae1697f',
        raw: raws[1],
      },
      {
        id: 'roIAY5MBXygxw2IbQLXe',
        timestamp: Date.UTC(2024, 10, 25, 11, 6, 21, 80),
        kind: 'change',
        actor: { name: 'Snehasish Konger', type: 'user' },
        action: 'Update',
        status: 'success',
        environment: 'staging',
        workspace: '60',
        ip: '121.240.111.38',
        target: { type: 'Dataset', name: 'New_Orders_Ecomm 1704563645284' },
        traceId: 'a713a9ae-9ee1-446e-aaed-43fc8b1424af',
        executionId: '659993bd3e1ce3c24b4760c2',
        raw: raws[2],
      },
      {
        id: 'VYL5YpMBXygxw2Ib87RH',
        timestamp: Date.UTC(2024, 10, 25, 10, 59, 28, 61),
        kind: 'change',
        actor: { type: 'system' },
        action: 'Test Via Console',
        status: 'success',
        message: 'successfully executed dataset Loyalty_Rule_Dataset',
        environment: 'staging',
        workspace: '60',
        ip: '43.205.43.45',
        target: { type: 'Dataset', name: 'Loyalty_Rule_Dataset' },
        traceId: '339df9bc-c3dd-4223-888d-b37de965fecc',
        executionId:
          'test_dataSet:60:00181f5d-f407-4f57-8494-2320345a40e1:draft:ee3ce5ce-1a53-41f6-911b-5ec008d8beea',
        parentId: '3d60030d-cf4e-4a6e-b860-6e90ec214ac6',
        raw: raws[3],
      },
      {
        id: 'HoJdYpMBXygxw2IbqZJw',
        timestamp: Date.UTC(2024, 10, 25, 8, 8, 44, 930),
        kind: 'change',
        actor: { type: 'system' },
        action: 'Test Via Console',
        status: 'success',
        message: 'successfully executed connector NewDemoDB',
        environment: 'staging',
        workspace: '60',
        ip: '43.205.43.45',
        target: { type: 'Connector', name: 'NewDemoDB' },
        traceId: '5648bdec-3559-4079-8d96-e54e8be6b815',
        executionId:
          'test_connector:60:658dc072df38777379927f9e:0.10:f5af6c7e-8fdb-417f-b761-c83df28ce67f',
        parentId: '029d2110-47a9-4b84-bc51-1ce5141ee61e',
        raw: raws[4],
      },
    ]);
  });

  it('parses 9-digit fractions by truncating to milliseconds, and other RFC 3339 forms', () => {
    expect(parseNectedDate('2024-11-27T06:00:38.470999999Z')).toBe(
      Date.UTC(2024, 10, 27, 6, 0, 38, 470),
    );
    expect(parseNectedDate('2024-11-27T06:00:38Z')).toBe(Date.UTC(2024, 10, 27, 6, 0, 38));
    expect(parseNectedDate('2024-11-27T06:00:38.4Z')).toBe(Date.UTC(2024, 10, 27, 6, 0, 38, 400));
    expect(parseNectedDate('2024-11-27T07:00:38.470511956+01:00')).toBe(
      Date.UTC(2024, 10, 27, 6, 0, 38, 470),
    );
    expect(parseNectedDate('2024-11-27T07:00:38.470+0100')).toBe(
      Date.UTC(2024, 10, 27, 6, 0, 38, 470),
    );
    for (const bad of ['2024-11-27', '27/11/2024 06:00', '2024-11-27T06:00:38.1234567890Z', ''])
      expect(parseNectedDate(bad), bad).toBeNaN();
  });

  it('maps Completed/Failed, an entity id, payloads, the redaction marker and empty optional fields', () => {
    const base = item(0);
    const map = (patch: Json) =>
      mapNectedRecord(
        NectedSearchResponse.parse({ ...example(), data: [{ ...base, ...patch }] }).data[0]!,
      );
    expect(map({ status: 'Completed' }).status).toBe('success');
    expect(map({ status: 'FAILED' }).status).toBe('error');
    expect(map({ status: 'error' }).status).toBe('error');
    expect(map({ entityId: 'e-1' }).target).toStrictEqual({
      type: 'Decisiontable',
      id: 'e-1',
      name: 'Amazon DP',
    });

    const withBodies = map({
      input: { customer: { email: 'a@b.example' } },
      output: { approved: true },
    });
    expect(withBodies.request).toStrictEqual({ body: { customer: { email: 'a@b.example' } } });
    expect(withBodies.response).toStrictEqual({ body: { approved: true } });
    expect(withBodies).not.toHaveProperty('redacted');

    const redacted = map({ input: REDACTION_MARKER, output: REDACTION_MARKER });
    expect(redacted.request).toStrictEqual({ body: REDACTION_MARKER });
    expect(redacted.response).toStrictEqual({ body: REDACTION_MARKER });
    expect(redacted.redacted).toStrictEqual(['request.body', 'response.body']);
    expect(map({ output: REDACTION_MARKER }).redacted).toStrictEqual(['response.body']);

    const bare = map({
      ip: '',
      traceId: '',
      executionId: '',
      environment: '',
      workspaceId: '',
      rootNode: { id: 'x', name: 'x', logId: 'cIQ1bJMBXygxw2IbFdqi' },
    });
    for (const key of [
      'ip',
      'traceId',
      'executionId',
      'environment',
      'workspace',
      'parentId',
      'message',
      'request',
      'response',
    ])
      expect(bare, key).not.toHaveProperty(key);
  });

  it('keeps fields it does not know in raw, and tolerates absent unmapped fields', () => {
    const extra = {
      ...item(1),
      tenant: 'acme',
      rootNode: { id: 'a', name: 'b', logId: 'c', depth: 2 },
    };
    const { statusTimeMs: _s, path: _p, version: _v, input: _i, output: _o, ...slim } = item(2);
    const parsed = NectedSearchResponse.parse({ ...example(), data: [extra, slim], extra: true });
    expect(mapNectedRecord(parsed.data[0]!).raw).toStrictEqual(extra);
    expect(noRaw(mapNectedRecord(parsed.data[1]!))).toStrictEqual(
      noRaw(mapNectedRecord(NectedSearchResponse.parse(example()).data[2]!)),
    );
  });

  it('maps the detail envelope (seed 002, second endpoint)', async () => {
    const node = {
      ...item(4),
      input: { query: 'select 1', params: { email: 'x@y.example' } },
      output: { rowCount: 3 },
    };
    const root = {
      ...item(3),
      logId: '029d2110-47a9-4b84-bc51-1ce5141ee61e',
      rootNode: { ...(item(4).rootNode as Json) },
    };
    const detail = {
      pageNo: 1,
      pageSize: 10,
      data: { detail: node, parent: [root], children: [], totalChildren: 0 },
      code: 'success',
      message: 'success.',
    };
    expect(NectedDetailResponse.parse(detail).data.detail).toStrictEqual(node);
    const { fetch, calls } = fakeFetch(() => ({ body: detail }));
    const event = await createNectedSource(config(fetch)).get('HoJdYpMBXygxw2IbqZJw', signal());
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url.pathname).toBe('/dev/audit/audit/HoJdYpMBXygxw2IbqZJw');
    expect(calls[0]!.headers['nected-api-key']).toBe('k-123');
    expect(event).toStrictEqual({
      ...mapNectedRecord(NectedSearchResponse.parse(example()).data[4]!),
      request: { body: node.input },
      response: { body: node.output },
      raw: node,
    });
  });

  describe('a record of the wrong shape is a SchemaError naming the field, never a half-mapped event', () => {
    const cases: [string, (data: Json[]) => void, string][] = [
      ['statusTimeMs: "4"', (d) => void (d[1]!.statusTimeMs = '4'), 'data[1].statusTimeMs'],
      ['missing logId', (d) => void delete d[1]!.logId, 'data[1].logId'],
      ['empty logId', (d) => void (d[2]!.logId = ''), 'data[2].logId'],
      ['unparsable date', (d) => void (d[0]!.date = 'yesterday'), 'data[0].date'],
      ['unknown status', (d) => void (d[3]!.status = 'Pending'), 'data[3].status'],
      ['input an array', (d) => void (d[4]!.input = [1]), 'data[4].input'],
      ['input another string', (d) => void (d[4]!.output = 'secret'), 'data[4].output'],
      [
        'rootNode missing logId',
        (d) => void delete (d[0]!.rootNode as Json).logId,
        'data[0].rootNode.logId',
      ],
      ['user null', (d) => void (d[2]!.user = null), 'data[2].user'],
    ];
    for (const [name, breakIt, path] of cases)
      it(name, async () => {
        const body = example();
        breakIt(body.data);
        const { fetch } = fakeFetch(() => ({ body }));
        const error = await createNectedSource(config(fetch))
          .search(view({}), null, signal())
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(error).toBeInstanceOf(SchemaError);
        expect((error as SchemaError).path).toBe(path);
        expect((error as SchemaError).request).toBe('GET /dev/audit/audit/search');
      });

    it('in the detail envelope too', async () => {
      const { fetch } = fakeFetch(() => ({
        body: {
          data: { detail: { ...item(0), date: 1732687238 }, parent: [], children: [] },
          code: 'success',
          message: 'success.',
        },
      }));
      await expect(createNectedSource(config(fetch)).get('x', signal())).rejects.toMatchObject({
        kind: 'schema',
        path: 'data.detail.date',
      });
    });
  });
});

describe('Nected query translation and page filling (fake backend)', () => {
  const one = async (filters: Filters) => {
    const { fetch, calls } = nectedBackend(records(3));
    const result = await createNectedSource(config(fetch)).search(view(filters), null, signal());
    return { result, calls, query: calls[0] ? params(calls[0]) : undefined };
  };

  it('declares its capabilities', () => {
    expect(nectedCapabilities).toStrictEqual({
      serverFilters: ['q', 'plugin', 'status', 'time', 'kind'],
      pagination: 'page',
      maxPageSize: 10,
      auth: { header: 'nected-api-key' },
      sortOrders: ['desc'],
      detail: true,
      facets: false,
      histogram: false,
      stream: false,
    });
  });

  it('sends no filter parameters for an empty view, and the key in nected-api-key', async () => {
    const { query, calls, result } = await one({});
    expect(query).toStrictEqual({ pageNo: '1', pageSize: '10' });
    expect(calls[0]!.url.pathname).toBe('/dev/audit/audit/search');
    expect(calls[0]!.headers['nected-api-key']).toBe('k-123');
    expect(result.clientFiltered).toStrictEqual([]);
    expect(result.events.map((e) => e.id)).toStrictEqual(['L000', 'L001', 'L002']);
  });

  it('maps status success/error to the documented pairs; other expressions are client-side', async () => {
    expect((await one({ status: 'success' })).query).toMatchObject({ status: 'success,Completed' });
    expect((await one({ status: 'ERROR' })).query).toMatchObject({ status: 'error,Failed' });
    for (const status of ['success', 'error'])
      expect((await one({ status })).result.clientFiltered).toStrictEqual([]);

    const negated = await one({ status: '!2xx' });
    expect(negated.query).not.toHaveProperty('status');
    expect(negated.result.clientFiltered).toStrictEqual(['status']);
    expect(negated.result.events).toHaveLength(3); // records without a code are not 2xx
    const notSuccess = await one({ status: '!success' });
    expect(notSuccess.query).not.toHaveProperty('status');
    expect(notSuccess.result.events).toHaveLength(0); // every fake record is a Success

    // A code, class or range never holds for records without an HTTP code: no request at all.
    for (const status of ['201', '4xx', '>=400']) {
      const r = await one({ status });
      expect(r.calls, status).toHaveLength(0);
      expect(r.result).toStrictEqual({
        events: [],
        nextCursor: null,
        clientFiltered: ['status'],
        scanned: 0,
        requests: 0,
      });
    }
  });

  it("maps the record's type, in any case, to the documented type values; unknown types are client-side", async () => {
    const cases: [string, string][] = [
      ['Decisiontable', 'decisionTable'],
      ['decisiontable', 'decisionTable'],
      ['Ruleset', 'ruleSet'],
      ['SIMPLERULE', 'simpleRule'],
      ['Dataset', 'dataSet'],
      ['Connector', 'connector'],
      ['Globalvar', 'globalVar'],
      ['Systemapikey', 'systemAPIKey'],
      ['Authconfig', 'authConfig'],
      ['Cron', 'cron'],
      ['Workflow', 'workflow,nectedWorkflow'],
      ['Api', 'api'],
      ['Delay', 'delay'],
      ['Webhook', 'webhook'],
    ];
    for (const [plugin, type] of cases) {
      const r = await one({ plugin });
      expect(r.query, plugin).toMatchObject({ type });
      expect(r.result.clientFiltered).toStrictEqual([]);
    }
    for (const plugin of ['spreadsheet', 'nectedWorkflow', ' Dataset']) {
      const r = await one({ plugin });
      expect(r.query, plugin).not.toHaveProperty('type');
      expect(r.result.clientFiltered).toStrictEqual(['plugin']);
      expect(r.result.events).toHaveLength(0); // the fake records are Datasets, without a space
    }
  });

  it('sends time ranges as ISO startDate/endDate, resolving relative ranges with the configured clock', async () => {
    const abs = await one({ time: { type: 'absolute', from: NOW - 3 * DAY, to: NOW - DAY } });
    expect(abs.query).toMatchObject({
      startDate: new Date(NOW - 3 * DAY).toISOString(),
      endDate: new Date(NOW - DAY).toISOString(),
    });
    const rel = await one({ time: { type: 'relative', last: '24h' } });
    expect(rel.query).toMatchObject({ startDate: '2026-11-19T15:30:00.000Z' });
    expect(rel.query).not.toHaveProperty('endDate');
    const open = await one({ time: { type: 'absolute', to: NOW } });
    expect(open.query).toMatchObject({ endDate: '2026-11-20T15:30:00.000Z' });
    expect(open.query).not.toHaveProperty('startDate');
    expect(abs.result.clientFiltered).toStrictEqual([]);
  });

  it("sends q's first term as search and applies all of q client-side", async () => {
    const r = await one({ q: '  Loyalty_Rule_Dataset   successfully nothing-like-this ' });
    expect(r.query).toMatchObject({ search: 'Loyalty_Rule_Dataset' });
    expect(r.result.clientFiltered).toStrictEqual(['q']);
    expect(r.result.events).toHaveLength(0); // the third term is in no fake record
    const hit = await one({ q: 'LOYALTY_rule_dataset successfully' });
    expect(hit.result.events).toHaveLength(3);
    const blank = await one({ q: '   ' });
    expect(blank.query).not.toHaveProperty('search');
    expect(blank.result.clientFiltered).toStrictEqual([]);
    const long = await one({ q: 'x'.repeat(300) });
    expect(long.query!.search).toBe('x'.repeat(200)); // the API takes at most 200 characters
  });

  it('asks for nothing for a kind other than change, or a filter no Nected record can match', async () => {
    expect((await one({ kind: 'change' })).calls).toHaveLength(1);
    for (const filters of [
      { kind: 'request' },
      { kind: 'api-call' },
      { actor: 'a@b.example' },
      { method: 'GET' },
      { skill: 'x' },
    ] as Filters[]) {
      const r = await one(filters);
      expect(r.calls, JSON.stringify(filters)).toHaveLength(0);
      expect(r.result.events).toStrictEqual([]);
      expect(r.result.nextCursor).toBeNull();
    }
    expect((await one({ kind: 'request' })).result.clientFiltered).toStrictEqual([]);
    expect((await one({ actor: 'a@b.example' })).result.clientFiltered).toStrictEqual(['actor']);
  });

  it('applies traceId client-side', async () => {
    const r = await one({ traceId: '339df9bc-c3dd-4223-888d-b37de965fecc' });
    expect(r.query).toStrictEqual({ pageNo: '1', pageSize: '10' });
    expect(r.result.clientFiltered).toStrictEqual(['traceId']);
    expect(r.result.events).toHaveLength(3);
    expect((await one({ traceId: 'other' })).result.events).toHaveLength(0);
  });

  it('fills a viewer page of 100 with requests of pageSize 10, in pageNo order', async () => {
    const all = records(137);
    const { fetch, calls } = nectedBackend(all);
    const source = createNectedSource(config(fetch));
    const first = await source.search(view({}), null, signal());
    expect(calls.map((c) => params(c))).toStrictEqual(
      Array.from({ length: 10 }, (_, i) => ({ pageNo: String(i + 1), pageSize: '10' })),
    );
    expect(first.requests).toBe(10);
    expect(first.scanned).toBe(100);
    expect(first.events.map((e) => e.id)).toStrictEqual(all.slice(0, 100).map((r) => r.logId));
    expect(first.nextCursor).not.toBeNull();
    calls.length = 0;
    const second = await source.search(view({}), first.nextCursor, signal());
    expect(calls.map((c) => params(c).pageNo)).toStrictEqual(['11', '12', '13', '14']);
    expect(second.events.map((e) => e.id)).toStrictEqual(all.slice(100).map((r) => r.logId));
    expect(second.nextCursor).toBeNull();
  });

  it('starts mid-page after a cursor that is not a multiple of 10, with no gaps or repeats', async () => {
    const all = records(45);
    const { fetch, calls } = nectedBackend(all);
    const source = createNectedSource(config(fetch));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await source.search(view({}), cursor, signal(), { pageSize: 7 });
      expect(page.events.length).toBeLessThanOrEqual(7);
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toStrictEqual(all.map((r) => r.logId));
    expect(calls[1]!.url.searchParams.get('pageNo')).toBe('1'); // records 7..13 start on page 1
    expect(calls[2]!.url.searchParams.get('pageNo')).toBe('2');
  });

  it('de-duplicates records that shift between requests', async () => {
    const all = records(25);
    // The backend got a new record between requests: page 2 starts with page 1's last record.
    const { fetch } = fakeFetch((url) => {
      const pageNo = Number(url.searchParams.get('pageNo'));
      const start = pageNo === 1 ? 0 : (pageNo - 1) * 10 - 1;
      return {
        body: {
          ...example(),
          totalCount: 26,
          totalPages: 3,
          pageNo,
          pageSize: 10,
          data: all.slice(start, start + 10),
        },
      };
    });
    const page = await createNectedSource(config(fetch)).search(view({}), null, signal());
    expect(page.events.map((e) => e.id)).toStrictEqual(all.map((r) => r.logId));
  });

  it('returns newest first even when the view asks for ascending order', async () => {
    const { fetch } = nectedBackend(records(15));
    const source = createNectedSource(config(fetch));
    const asc = await source.search(view({}, 'asc'), null, signal());
    const desc = await source.search(view({}, 'desc'), null, signal());
    expect(asc.events.map((e) => e.id)).toStrictEqual(desc.events.map((e) => e.id));
    expect(asc.events.map((e) => e.timestamp)).toStrictEqual(
      [...asc.events.map((e) => e.timestamp)].sort((a, b) => b - a),
    );
  });

  it('refuses a cursor that is not its own', async () => {
    const { fetch, calls } = nectedBackend(records(3));
    await expect(
      createNectedSource(config(fetch)).search(view({}), 'eyJ4Ijoi', signal()),
    ).rejects.toThrow(RangeError);
    expect(calls).toHaveLength(0);
  });

  it('turns the API errors into typed errors', async () => {
    const reply = (status: number, error: string) =>
      fakeFetch(() => ({ status, body: { error } })).fetch;
    const search = (f: typeof fetch) =>
      createNectedSource(config(f)).search(view({}), null, signal());
    await expect(
      search(reply(401, 'Unauthorized access. Invalid API key.')),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(search(reply(403, 'Forbidden.'))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      createNectedSource(config(reply(404, 'Audit log entry not found.'))).get('nope', signal()),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

// ---------------------------------------------------------------------------------------------

describe('Nected adapter against the reference service', () => {
  let h: Harness;
  /** The seed's Nected events within retention, newest first: the ground truth. */
  let truth: AuditEvent[];
  beforeAll(async () => {
    h = await startHarness();
    truth = h.records
      .filter((r) => r.origin === 'nected' && r.event.timestamp >= NOW - 7 * DAY)
      .map((r) => r.event)
      .sort((a, b) => compareEvents(a, b, 'desc'));
  });
  afterAll(() => h?.service.close());

  const source = (key: string = KEYS.pii): Source =>
    createNectedSource({ endpoint: h.url, credentials: () => key, now: () => NOW });

  /** Every page of a query, following the cursor. */
  async function pageAll(s: Source, filters: Filters, pageSize?: number) {
    const { events, requests, pages } = await pageThrough(s, view(filters), pageSize);
    return { events, requests, clientFiltered: pages.at(-1)!.clientFiltered as string[] };
  }

  const expected = (filters: Filters) => truth.filter((e) => matchesFilters(e, filters, NOW));

  it('has a ground truth worth testing against', () => {
    expect(truth.length).toBeGreaterThan(150);
    expect(new Set(truth.map((e) => e.target?.type)).size).toBeGreaterThan(8);
    expect(truth.some((e) => e.status === 'error')).toBe(true);
    expect(truth.some((e) => e.parentId)).toBe(true);
  });

  it('pages through everything with no duplicates and no gaps, each event equal to the seed', async () => {
    const s = source();
    const { events, requests } = await pageAll(s, {}, 37);
    expect(events.map((e) => e.id)).toStrictEqual(truth.map((e) => e.id));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.map(noRaw)).toStrictEqual(truth);
    expect(requests).toBeGreaterThanOrEqual(Math.ceil(truth.length / 10));
    // raw is the record as the API sent it.
    const byId = new Map(h.records.map((r) => [r.event.id, r.native]));
    for (const e of events) expect(e.raw).toStrictEqual(byId.get(e.id));
  });

  it('a default page of 100 takes 10 requests', async () => {
    const page = await source().search(view({}), null, signal());
    expect(page.events.map((e) => e.id)).toStrictEqual(truth.slice(0, 100).map((e) => e.id));
    expect(page.requests).toBe(10);
  });

  const sample = () => {
    const traced = truth.find((e) => truth.filter((o) => o.traceId === e.traceId).length > 1)!;
    const bodyWord = 'customer.example'; // in customers' emails in request bodies, nowhere else
    return { traced, bodyWord };
  };

  const cases: [string, () => Filters, string[]][] = [
    ['plugin Decisiontable', () => ({ plugin: 'Decisiontable' }), []],
    ['plugin workflow (any case)', () => ({ plugin: 'workflow' }), []],
    ['plugin Api', () => ({ plugin: 'API' }), []],
    ['status success', () => ({ status: 'success' }), []],
    ['status error', () => ({ status: 'error' }), []],
    ['time: last 24h', () => ({ time: { type: 'relative', last: '24h' } }), []],
    [
      'time: absolute',
      () => ({ time: { type: 'absolute', from: NOW - 3 * DAY, to: NOW - 2 * DAY } }),
      [],
    ],
    ['kind change', () => ({ kind: 'change' }), []],
    ['q, one term in messages', () => ({ q: 'connector' }), ['q']],
    ['q, several terms', () => ({ q: 'Successfully executed loyalty_rule_dataset' }), ['q']],
    ['q, a term in bodies only', () => ({ q: sample().bodyWord }), ['q']],
    ['q, terms in body and message', () => ({ q: 'gold successfully' }), ['q']],
    ['traceId (client-side)', () => ({ traceId: sample().traced.traceId }), ['traceId']],
    ["status '!2xx' (client-side)", () => ({ status: '!2xx' }), ['status']],
    ["status '!success' (client-side)", () => ({ status: '!success' }), ['status']],
    ['unknown plugin (client-side)', () => ({ plugin: 'nectedWorkflow' }), ['plugin']],
    [
      'plugin + status + time + q',
      () => ({
        plugin: 'Api',
        status: 'success',
        time: { type: 'relative', last: '7d' },
        q: 'loyal customer',
      }),
      ['q'],
    ],
  ];
  for (const [name, filters, clientSide] of cases)
    it(`filter: ${name}`, async () => {
      const f = filters();
      const want = expected(f);
      if (name !== 'unknown plugin (client-side)')
        expect(want.length, 'a case that selects nothing proves little').toBeGreaterThan(0);
      expect(want.length < truth.length || f.kind === 'change' || f.status === '!2xx').toBe(true);
      const got = await pageAll(source(), f);
      expect(got.events.map((e) => e.id)).toStrictEqual(want.map((e) => e.id));
      expect(got.events.map(noRaw)).toStrictEqual(want);
      expect(got.clientFiltered).toStrictEqual(clientSide);
    });

  it('server-side filters need fewer requests than a full scan', async () => {
    const full = Math.ceil(truth.length / 10);
    const decisionTables = expected({ plugin: 'Decisiontable' }).length;
    const { requests } = await pageAll(source(), { plugin: 'Decisiontable' });
    expect(requests).toBe(Math.ceil(decisionTables / 10));
    expect(requests).toBeLessThan(full);
  });

  it('filters no Nected record can match take no request', async () => {
    for (const f of [
      { actor: 'emily.chen@acme.example' },
      { kind: 'request' },
      { status: '5xx' },
      { method: 'POST' },
    ] as Filters[]) {
      expect(expected(f), JSON.stringify(f)).toStrictEqual([]);
      const got = await pageAll(source(), f);
      expect(got.events).toStrictEqual([]);
      expect(got.requests).toBe(0);
    }
  });

  it('for a restricted principal, bodies come redacted by the server, and q does not see them', async () => {
    const restricted = truth.map((e) => withholdPii(e));
    expect(restricted.some((e) => e.redacted?.length)).toBe(true);
    const { events } = await pageAll(source(KEYS.restricted), {}, 100);
    expect(events.map(noRaw)).toStrictEqual(restricted);
    const marked = events.filter((e) => e.redacted);
    expect(marked.length).toBeGreaterThan(0);
    for (const e of marked) {
      for (const part of e.redacted!)
        expect(part === 'request.body' ? e.request?.body : e.response?.body).toBe(REDACTION_MARKER);
      expect(JSON.stringify(e.raw)).not.toContain('@customer.example');
    }
    // A word found only in bodies: the PII viewer finds it, the restricted one does not.
    const f = { q: sample().bodyWord };
    expect(expected(f).length).toBeGreaterThan(0);
    const got = await pageAll(source(KEYS.restricted), f);
    expect(got.events.map((e) => e.id)).toStrictEqual(
      restricted.filter((e) => matchesFilters(e, f, NOW)).map((e) => e.id),
    );
    expect(got.events).toHaveLength(0);
  });

  it('gets one record by id, equal to the seed (redacted for a restricted principal)', async () => {
    const child = truth.find((e) => e.parentId && e.request?.body)!;
    expect(noRaw(await source().get(child.id, signal()))).toStrictEqual(child);
    const restricted = await source(KEYS.restricted).get(child.id, signal());
    expect(noRaw(restricted)).toStrictEqual(withholdPii(child));
    expect(restricted.redacted).toContain('request.body');
    await expect(source().get('no-such-log-id', signal())).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a wrong key is an UnauthorizedError, a key without audit access a ForbiddenError', async () => {
    await expect(source('wrong-key').search(view({}), null, signal())).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    await expect(source('wrong-key').get(truth[0]!.id, signal())).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    await expect(source(KEYS.none).search(view({}), null, signal())).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});
