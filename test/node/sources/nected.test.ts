/**
 * The Nected adapter (seed 002): schemas and mapping over the seed's own examples, query
 * translation and page filling against a fake backend, and the contract against the
 * reference service (results equal the seed's ground truth, event for event).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ForbiddenError,
  NetworkError,
  NotFoundError,
  SchemaError,
  ServerError,
  UnauthorizedError,
} from '../../../core/errors.js';
import { compareEvents } from '../../../core/filter.js';
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
import { parse } from './parse.js';
import { startStub, type Stub, type StubReply, type StubRequest } from './stub.js';

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
    const parsed = parse(NectedSearchResponse, example());
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
    const events = parse(NectedSearchResponse, example()).data.map(mapNectedRecord);
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
        raw: raws[4],
      },
    ]);
  });

  it('links a parent only when rootNode.logId names another record (issue 11 item 5)', () => {
    const map = (rootNode: Json, executionId = 'exec-1') =>
      mapNectedRecord(
        parse(NectedSearchResponse, {
          ...example(),
          data: [{ ...item(1), logId: 'child-1', executionId, rootNode }],
        }).data[0]!,
      );
    // Seed 002's own example: rootNode.logId repeats the execution id / the node id.
    expect(map({ id: 'n-1', name: 'x', logId: 'exec-1' })).not.toHaveProperty('parentId');
    expect(map({ id: 'n-1', name: 'x', logId: 'n-1' })).not.toHaveProperty('parentId');
    expect(map({ id: 'n-1', name: 'x', logId: 'child-1' })).not.toHaveProperty('parentId');
    expect(map({ id: '', name: '', logId: '' })).not.toHaveProperty('parentId');
    // A deployment whose rootNode.logId is the root record's log id.
    expect(map({ id: 'n-1', name: 'x', logId: 'root-log-1' }).parentId).toBe('root-log-1');
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
        parse(NectedSearchResponse, { ...example(), data: [{ ...base, ...patch }] }).data[0]!,
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
    const parsed = parse(NectedSearchResponse, { ...example(), data: [extra, slim], extra: true });
    expect(mapNectedRecord(parsed.data[0]!).raw).toStrictEqual(extra);
    expect(noRaw(mapNectedRecord(parsed.data[1]!))).toStrictEqual(
      noRaw(mapNectedRecord(parse(NectedSearchResponse, example()).data[2]!)),
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
    expect(parse(NectedDetailResponse, detail).data.detail).toStrictEqual(node);
    const { fetch, calls } = fakeFetch(() => ({ body: detail }));
    const event = await createNectedSource(config(fetch)).get('HoJdYpMBXygxw2IbqZJw', signal());
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url.pathname).toBe('/dev/audit/audit/HoJdYpMBXygxw2IbqZJw');
    expect(calls[0]!.headers['nected-api-key']).toBe('k-123');
    expect(event).toStrictEqual({
      ...mapNectedRecord(parse(NectedSearchResponse, example()).data[4]!),
      request: { body: node.input },
      response: { body: node.output },
      raw: node,
    });
  });

  describe('a record of the wrong shape is rejected, naming the field; the others are shown (issue 12 item 4)', () => {
    const cases: [string, (data: Json[]) => void, number, string, string][] = [
      [
        'statusTimeMs: "4"',
        (d) => void (d[1]!.statusTimeMs = '4'),
        1,
        'data[1].statusTimeMs',
        'expected number',
      ],
      ['missing logId', (d) => void delete d[1]!.logId, 1, 'data[1].logId', 'expected string'],
      [
        'empty logId',
        (d) => void (d[2]!.logId = ''),
        2,
        'data[2].logId',
        'Too small: expected string to have >=1 characters',
      ],
      [
        'unparsable date',
        (d) => void (d[0]!.date = 'yesterday'),
        0,
        'data[0].date',
        'expected an RFC 3339 date-time (2024-11-27T06:00:38.470511956Z)',
      ],
      [
        'unknown status',
        (d) => void (d[3]!.status = 'Pending'),
        3,
        'data[3].status',
        'expected Success, Error, Completed or Failed',
      ],
      ['input an array', (d) => void (d[4]!.input = [1]), 4, 'data[4].input', 'Invalid input'],
      [
        'input another string',
        (d) => void (d[4]!.output = 'secret'),
        4,
        'data[4].output',
        'Invalid input',
      ],
      [
        'rootNode missing logId',
        (d) => void delete (d[0]!.rootNode as Json).logId,
        0,
        'data[0].rootNode.logId',
        'expected string',
      ],
      ['user null', (d) => void (d[2]!.user = null), 2, 'data[2].user', 'expected string'],
    ];
    const ids = [
      'cIQ1bJMBXygxw2IbFdqi',
      'lIQtbJMBXygxw2IbjNhm',
      'roIAY5MBXygxw2IbQLXe',
      'VYL5YpMBXygxw2Ib87RH',
      'HoJdYpMBXygxw2IbqZJw',
    ];
    for (const [name, breakIt, bad, path, message] of cases)
      it(name, async () => {
        const body = { ...example(), totalCount: 5, totalPages: 1 };
        breakIt(body.data);
        const { fetch } = fakeFetch(() => ({ body }));
        const page = await createNectedSource(config(fetch)).search(view({}), null, signal());
        expect(page.events.map((e) => e.id)).toStrictEqual(ids.filter((_, i) => i !== bad));
        const id = (body.data[bad]!.logId as string | undefined) || undefined;
        expect(page.rejected).toStrictEqual([{ index: bad, path, message, ...(id ? { id } : {}) }]);
      });

    it('an envelope of the wrong shape is a SchemaError naming the field', async () => {
      const { fetch } = fakeFetch(() => ({ body: { ...example(), totalPages: '9' } }));
      const error = await createNectedSource(config(fetch))
        .search(view({}), null, signal())
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(SchemaError);
      expect((error as SchemaError).path).toBe('totalPages');
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
      examples: { plugin: 'Workflow' },
      filters: [
        'q',
        'actor',
        'plugin',
        'kind',
        'status',
        'traceId',
        'time',
        'action',
        'environment',
        'entityId',
        'workspace',
      ],
      // No HTTP status code, no duration in its records.
      absentFields: ['statusCode', 'duration'],
      serverFilters: ['q', 'plugin', 'status', 'time', 'kind', 'action', 'environment'],
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

  it('sends the whole of q as search and keeps what the backend matched (issue 11 item 1)', async () => {
    // The fake backend ignores search: every record it returns is shown, none filtered again.
    const r = await one({ q: '  Amazon   DP ' });
    expect(r.query).toStrictEqual({ pageNo: '1', pageSize: '10', search: 'Amazon DP' });
    expect(r.result.clientFiltered).toStrictEqual([]);
    expect(r.result.events.map((e) => e.id)).toStrictEqual(['L000', 'L001', 'L002']);
    const source = createNectedSource(config(nectedBackend(records(3)).fetch));
    expect(source.planFilters(view({ q: 'Amazon DP' }))).toStrictEqual({
      server: ['q'],
      client: [],
    });
    const blank = await one({ q: '   ' });
    expect(blank.query).not.toHaveProperty('search');
    expect(blank.result.clientFiltered).toStrictEqual([]);
    const long = await one({ q: 'x'.repeat(300) });
    expect(long.query!.search).toBe('x'.repeat(200)); // the API takes at most 200 characters
  });

  it('matches an actor by display name client-side; an email never holds (issue 11 item 4)', async () => {
    const named = records(3).map((r, i) => ({ ...r, user: i === 1 ? 'Kwame Mensah' : '' }));
    const { fetch, calls } = nectedBackend(named);
    const source = createNectedSource(config(fetch));
    const page = await source.search(view({ actor: 'kwame mensah' }), null, signal());
    expect(page.events.map((e) => e.id)).toStrictEqual(['L001']);
    expect(page.clientFiltered).toStrictEqual(['actor']);
    expect(params(calls[0]!)).toStrictEqual({ pageNo: '1', pageSize: '10' });
    expect(source.planFilters(view({ actor: 'Kwame Mensah' }))).toStrictEqual({
      server: [],
      client: ['actor'],
    });
  });

  it('sends action as event and environment as environment (issue 11 item 6)', async () => {
    const r = await one({ action: 'Call Via API', environment: 'Production' });
    expect(r.query).toStrictEqual({
      pageNo: '1',
      pageSize: '10',
      event: 'api',
      environment: 'production',
    });
    expect(r.result.clientFiltered).toStrictEqual([]);
    const tokens: [string, string][] = [
      ['Test Via Console', 'test'],
      ['role revoke', 'roleRevoke'],
      ['Role Update', 'roleUpdate'],
      ['Cron Test', 'cronTest'],
      ['Cron', 'cron'],
      ['Webhook', 'webhook'],
      ['Delayed Test', 'delayedTest'],
      ['Delay', 'delay'],
    ];
    for (const [action, event] of tokens)
      expect((await one({ action })).query, action).toMatchObject({ event });
    // An undocumented event is matched in the viewer: the fake records are "Test Via Console".
    const update = await one({ action: 'Update' });
    expect(update.query).not.toHaveProperty('event');
    expect(update.result.clientFiltered).toStrictEqual(['action']);
    expect(update.result.events).toHaveLength(0);
    // Nected has two environments: another never holds.
    const qa = await one({ environment: 'qa' });
    expect(qa.calls).toHaveLength(0);
    expect(qa.result.clientFiltered).toStrictEqual(['environment']);
    // entityId and workspace are the viewer's; a user id never holds.
    const ids = await one({ workspace: '60', entityId: '' });
    expect(ids.result.clientFiltered).toStrictEqual(['workspace']);
    expect(ids.result.events).toHaveLength(3);
    expect((await one({ userId: 'u-1' })).calls).toHaveLength(0);
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
    expect((await one({ kind: 'request' })).result.clientFiltered).toStrictEqual(['kind']);
    expect((await one({ actor: 'a@b.example' })).result.clientFiltered).toStrictEqual(['actor']);
  });

  it('applies traceId client-side', async () => {
    const r = await one({ traceId: '339df9bc-c3dd-4223-888d-b37de965fecc' });
    expect(r.query).toStrictEqual({ pageNo: '1', pageSize: '10' });
    expect(r.result.clientFiltered).toStrictEqual(['traceId']);
    expect(r.result.events).toHaveLength(3);
    expect((await one({ traceId: 'other' })).result.events).toHaveLength(0);
  });

  it("narrows the time window to around an X-Ray trace id's start (issue 11 item 5)", async () => {
    // 0x6746b398 s = 2024-11-27T05:52:24Z: from 5 minutes before to a day after.
    const r = await one({ traceId: 'Root=1-6746b398-53e5e9017fd84ff46c030f27' });
    expect(r.query).toStrictEqual({
      pageNo: '1',
      pageSize: '10',
      startDate: '2024-11-27T05:47:24.000Z',
      endDate: '2024-11-28T05:52:24.000Z',
    });
    expect(r.result.clientFiltered).toStrictEqual(['traceId']);
    // Intersected with the view's own range.
    const both = await one({
      traceId: '1-6746b398-53e5e9017fd84ff46c030f27',
      time: { type: 'absolute', from: Date.UTC(2024, 10, 27, 6), to: Date.UTC(2024, 11, 1) },
    });
    expect(both.query).toMatchObject({
      startDate: '2024-11-27T06:00:00.000Z',
      endDate: '2024-11-28T05:52:24.000Z',
    });
    // A view range that ends before the trace began: nothing to ask for.
    const disjoint = await one({
      traceId: 'Root=1-6746b398-53e5e9017fd84ff46c030f27',
      time: { type: 'absolute', to: Date.UTC(2024, 10, 1) },
    });
    expect(disjoint.calls).toHaveLength(0);
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

  it('goes on past a page that shrank under its cursor', async () => {
    // The cursor says 9 records of page 1 were read; page 1 now holds 5 (retention took some).
    const all = records(15);
    const { fetch, calls } = fakeFetch((url) => {
      const pageNo = Number(url.searchParams.get('pageNo'));
      const data = pageNo === 1 ? all.slice(0, 5) : pageNo === 2 ? all.slice(10, 15) : [];
      return { body: { ...example(), totalCount: 15, totalPages: 2, pageNo, pageSize: 10, data } };
    });
    const page = await createNectedSource(config(fetch)).search(view({}), 'p1.9', signal());
    expect(page.events.map((e) => e.id)).toStrictEqual(all.slice(10).map((r) => r.logId));
    expect(calls.map((c) => params(c).pageNo)).toStrictEqual(['1', '2']);
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

  /** The leaf strings of a body, for the free-text oracle. */
  const leaves = (v: unknown): string[] =>
    v === null || v === undefined
      ? []
      : typeof v === 'object'
        ? Object.values(v).flatMap(leaves)
        : [JSON.stringify(v).replace(/^"|"$/g, '')];
  /**
   * The reference service's Nected `search`, restated: the phrase (lower-cased) inside the
   * record's name or any one field a person sees, bodies included unless withheld.
   */
  const searchHit = (phrase: string) => (e: AuditEvent) => {
    const fields = [
      e.action,
      e.actor.email,
      e.actor.name,
      e.target?.type,
      e.target?.name,
      e.target?.id,
      e.http?.url ?? e.http?.path,
      e.traceId,
      e.message,
      ...(e.redacted?.includes('request.body') ? [] : leaves(e.request?.body)),
      ...(e.redacted?.includes('response.body') ? [] : leaves(e.response?.body)),
    ];
    return fields.some((f) => f !== undefined && f.toLowerCase().includes(phrase.toLowerCase()));
  };
  type Oracle = (e: AuditEvent) => boolean;
  const expected = (oracle: Oracle) => truth.filter(oracle);
  const typeIs = (t: string) => (e: AuditEvent) => e.target?.type.toLowerCase() === t;
  const since =
    (from: number, to = Infinity) =>
    (e: AuditEvent) =>
      e.timestamp >= from && e.timestamp <= to;

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
    const xray = truth.find(
      (e) =>
        e.traceId?.startsWith('Root=1-') && truth.filter((o) => o.traceId === e.traceId).length > 1,
    )!;
    const named = truth.find((e) => e.actor.name)!;
    const bodyWord = 'customer.example'; // in customers' emails in request bodies, nowhere else
    return { traced, xray, named, bodyWord };
  };

  const cases: [string, () => Filters, () => Oracle, string[]][] = [
    [
      'plugin Decisiontable',
      () => ({ plugin: 'Decisiontable' }),
      () => typeIs('decisiontable'),
      [],
    ],
    ['plugin workflow (any case)', () => ({ plugin: 'workflow' }), () => typeIs('workflow'), []],
    ['plugin Api', () => ({ plugin: 'API' }), () => typeIs('api'), []],
    ['status success', () => ({ status: 'success' }), () => (e) => e.status === 'success', []],
    ['status error', () => ({ status: 'error' }), () => (e) => e.status === 'error', []],
    [
      'time: last 24h',
      () => ({ time: { type: 'relative', last: '24h' } }),
      () => since(NOW - DAY),
      [],
    ],
    [
      'time: absolute',
      () => ({ time: { type: 'absolute', from: NOW - 3 * DAY, to: NOW - 2 * DAY } }),
      () => since(NOW - 3 * DAY, NOW - 2 * DAY),
      [],
    ],
    ['kind change', () => ({ kind: 'change' }), () => () => true, []],
    [
      'q, a rule name (issue 11 item 1)',
      () => ({ q: 'Shipping' }),
      () => searchHit('shipping'),
      [],
    ],
    ['q, one term in messages', () => ({ q: 'connector' }), () => searchHit('connector'), []],
    [
      'q, a phrase',
      () => ({ q: 'Successfully executed  dataset' }),
      () => searchHit('successfully executed dataset'),
      [],
    ],
    [
      'q, a term in bodies only',
      () => ({ q: sample().bodyWord }),
      () => searchHit(sample().bodyWord),
      [],
    ],
    [
      'actor: a display name (issue 11 item 4)',
      () => ({ actor: sample().named.actor.name!.toUpperCase() }),
      () => (e) => e.actor.name === sample().named.actor.name,
      ['actor'],
    ],
    [
      'action Call Via API, environment production',
      () => ({ action: 'call via api', environment: 'Production' }),
      () => (e) => e.action === 'Call Via API' && e.environment === 'production',
      [],
    ],
    [
      'traceId (client-side)',
      () => ({ traceId: sample().traced.traceId }),
      () => (e) => e.traceId === sample().traced.traceId,
      ['traceId'],
    ],
    [
      'an X-Ray traceId (client-side, in a narrowed window)',
      () => ({ traceId: sample().xray.traceId }),
      () => (e) => e.traceId === sample().xray.traceId,
      ['traceId'],
    ],
    ["status '!2xx' (client-side)", () => ({ status: '!2xx' }), () => () => true, ['status']],
    [
      "status '!success' (client-side)",
      () => ({ status: '!success' }),
      () => (e) => e.status !== 'success',
      ['status'],
    ],
    [
      'unknown plugin (client-side)',
      () => ({ plugin: 'nectedWorkflow' }),
      () => () => false,
      ['plugin'],
    ],
    [
      'plugin + status + time + q',
      () => ({
        plugin: 'Api',
        status: 'success',
        time: { type: 'relative', last: '7d' },
        q: 'loyal customer',
      }),
      () => (e) =>
        typeIs('api')(e) &&
        e.status === 'success' &&
        since(NOW - 7 * DAY)(e) &&
        searchHit('loyal customer')(e),
      [],
    ],
  ];
  for (const [name, filters, oracle, clientSide] of cases)
    it(`filter: ${name}`, async () => {
      const f = filters();
      const want = expected(oracle());
      if (name !== 'unknown plugin (client-side)')
        expect(want.length, 'a case that selects nothing proves little').toBeGreaterThan(0);
      expect(want.length < truth.length || f.kind === 'change' || f.status === '!2xx').toBe(true);
      const got = await pageAll(source(), f);
      expect(got.events.map((e) => e.id)).toStrictEqual(want.map((e) => e.id));
      expect(got.events.map(noRaw)).toStrictEqual(want);
      expect(got.clientFiltered).toStrictEqual(clientSide);
      expect(source().planFilters(view(f)).client).toStrictEqual(clientSide);
    });

  it('finds an X-Ray trace in a few requests, not a scan of everything', async () => {
    const f = { traceId: sample().xray.traceId };
    const got = await pageAll(source(), f);
    expect(got.requests).toBeLessThan(Math.ceil(truth.length / 10));
  });

  it('server-side filters need fewer requests than a full scan', async () => {
    const full = Math.ceil(truth.length / 10);
    const decisionTables = expected(typeIs('decisiontable')).length;
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
      { userId: 'u-1' },
      { environment: 'qa' },
    ] as Filters[]) {
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
    expect(expected(searchHit(sample().bodyWord)).length).toBeGreaterThan(0);
    const got = await pageAll(source(KEYS.restricted), f);
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

// ---------------------------------------------------------------------------------------------

describe("Nected adapter against a local stub serving seed 002's examples (issue 11 acceptance)", () => {
  let stub: Stub;
  let reply: (req: StubRequest) => StubReply;
  beforeAll(async () => {
    stub = await startStub((req) => reply(req));
  });
  afterAll(() => stub?.close());
  const source = () =>
    createNectedSource({
      endpoint: stub.url,
      credentials: () => 'k-123',
      client: { retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } },
      now: () => NOW,
    });
  const reset = (r: typeof reply) => {
    stub.requests.length = 0;
    reply = r;
  };

  /** 44 records: the example's five, then variations of them, newest first. */
  const all = (): Json[] => {
    const five = example().data;
    return Array.from({ length: 44 }, (_, i) =>
      i < 5
        ? five[i]!
        : {
            ...five[i % 5]!,
            logId: `var-${i}`,
            date: `2024-11-2${4 - Math.floor(i / 20)}T0${9 - (i % 10)}:00:00.${i}Z`,
          },
    );
  };
  /** A backend that pages by 5 whatever it is asked, as in the document's example. */
  const byFive =
    (records: Json[], totals: Json = {}) =>
    (req: StubRequest) => {
      const pageNo = Number(req.query.pageNo ?? 1);
      return {
        body: {
          totalCount: 44,
          totalPages: 9,
          pageNo,
          pageSize: 5,
          data: records.slice((pageNo - 1) * 5, pageNo * 5),
          code: 'success',
          message: 'success.',
          ...totals,
        },
      };
    };

  it('the example response verbatim: five events, the key sent, a further page asked for', async () => {
    reset(() => ({ body: SEARCH_EXAMPLE_JSON }));
    const page = await source().search(view({}), null, signal(), { pageSize: 5 });
    expect(page.events.map((e) => e.id)).toStrictEqual([
      'cIQ1bJMBXygxw2IbFdqi',
      'lIQtbJMBXygxw2IbjNhm',
      'roIAY5MBXygxw2IbQLXe',
      'VYL5YpMBXygxw2Ib87RH',
      'HoJdYpMBXygxw2IbqZJw',
    ]);
    expect(page.nextCursor).not.toBeNull(); // totalPages 9: there is more
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0]!.path).toBe('/dev/audit/audit/search');
    expect(stub.requests[0]!.query).toStrictEqual({ pageNo: '1', pageSize: '10' });
    expect(stub.requests[0]!.headers['nected-api-key']).toBe('k-123');
  });

  it('pages by what the response says (5 a page): all 44 records, each exactly once', async () => {
    const records = all();
    reset(byFive(records));
    const walk = await pageThrough(source(), view({}), 7);
    expect(walk.events.map((e) => e.id)).toStrictEqual(records.map((r) => r.logId));
    expect(stub.requests.map((r) => r.query.pageNo)).toStrictEqual(
      // Viewer pages of 7 over backend pages of 5: a page that two viewer pages share is asked for twice.
      ['1', '2', '2', '3', '3', '4', '5', '5', '6', '6', '7', '8', '9', '9'],
    );
  });

  it('keeps going when the counts disagree with what arrived, and stops at an empty page', async () => {
    const records = all();
    // totalPages says 1, but totalCount says 44 at 5 a page.
    reset(byFive(records, { totalPages: 1 }));
    const walk = await pageThrough(source(), view({}), 100);
    expect(walk.events.map((e) => e.id)).toStrictEqual(records.map((r) => r.logId));
    // totalCount too low and totalPages too high: an empty page ends the walk.
    reset(byFive(records.slice(0, 12), { totalCount: 3, totalPages: 30 }));
    const short = await pageThrough(source(), view({}), 100);
    expect(short.events.map((e) => e.id)).toStrictEqual(records.slice(0, 12).map((r) => r.logId));
    expect(stub.requests.map((r) => r.query.pageNo)).toStrictEqual(['1', '2', '3', '4']);
  });

  it('an unknown extra field is kept in raw and does not disturb the mapping', async () => {
    const body = example();
    body.data[0] = { ...body.data[0]!, tenant: { id: 't-1' } };
    body.cursorHint = 'abc';
    reset(() => ({ body: { ...body, totalPages: 1, totalCount: 5 } }));
    const page = await source().search(view({}), null, signal());
    expect(page.events).toHaveLength(5);
    expect((page.events[0]!.raw as Json).tenant).toStrictEqual({ id: 't-1' });
    expect(page.events[0]!.target).toStrictEqual({ type: 'Decisiontable', name: 'Amazon DP' });
  });

  it('sends the query parameters the view asks for', async () => {
    reset(() => ({ body: { ...example(), totalPages: 1, totalCount: 5 } }));
    await source().search(
      view({
        q: 'Amazon',
        plugin: 'Decisiontable',
        action: 'Call Via API',
        environment: 'Staging',
        status: 'error',
        time: { type: 'absolute', from: Date.UTC(2024, 10, 25), to: Date.UTC(2024, 10, 28) },
      }),
      null,
      signal(),
    );
    expect(stub.requests[0]!.query).toStrictEqual({
      search: 'Amazon',
      type: 'decisionTable',
      event: 'api',
      environment: 'staging',
      status: 'error,Failed',
      startDate: '2024-11-25T00:00:00.000Z',
      endDate: '2024-11-28T00:00:00.000Z',
      pageNo: '1',
      pageSize: '10',
    });
  });

  const failure = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => e,
    );

  it('401, 403 and 404 are typed errors carrying the service message, not retried', async () => {
    reset(() => ({ status: 401, body: { error: 'Unauthorized access. Invalid API key.' } }));
    const e401 = await failure(source().search(view({}), null, signal()));
    expect(e401).toBeInstanceOf(UnauthorizedError);
    expect((e401 as Error).message).toBe(
      'GET /dev/audit/audit/search: not signed in, or the key was refused (Unauthorized access. Invalid API key.)',
    );
    expect(stub.requests).toHaveLength(2); // once more with a refreshed credential
    reset(() => ({ status: 403, body: { error: 'Forbidden.' } }));
    expect(await failure(source().search(view({}), null, signal()))).toBeInstanceOf(ForbiddenError);
    expect(stub.requests).toHaveLength(1);
    reset(() => ({ status: 404, body: { error: 'Audit log entry not found.' } }));
    const e404 = await failure(source().get('nope', signal()));
    expect(e404).toBeInstanceOf(NotFoundError);
    expect(stub.requests[0]!.path).toBe('/dev/audit/audit/nope');
  });

  it('a wrong type in the envelope is a SchemaError naming the JSON path', async () => {
    reset(() => ({ body: { ...example(), data: {} } }));
    const e = await failure(source().search(view({}), null, signal()));
    expect(e).toBeInstanceOf(SchemaError);
    expect((e as SchemaError).path).toBe('data');
    expect((e as SchemaError).message).toBe(
      'Unexpected response from GET /dev/audit/audit/search: data: Invalid input: expected array, received object',
    );
  });

  it('truncated JSON is retried as a network failure; malformed JSON is a SchemaError', async () => {
    // The example as a complete one-page answer.
    const ONE_PAGE = SEARCH_EXAMPLE_JSON.replace('"totalPages": 9', '"totalPages": 1').replace(
      '"totalCount": 44',
      '"totalCount": 5',
    );
    let n = 0;
    reset(() =>
      n++ === 0
        ? { body: ONE_PAGE.slice(0, 500) } // a complete response holding half a body
        : { body: ONE_PAGE },
    );
    const page = await source().search(view({}), null, signal());
    expect(page.events).toHaveLength(5);
    expect(stub.requests).toHaveLength(2);

    n = 0;
    reset(() => (n++ === 0 ? { body: ONE_PAGE, cutAt: 700 } : { body: ONE_PAGE }));
    expect((await source().search(view({}), null, signal())).events).toHaveLength(5);
    expect(stub.requests).toHaveLength(2);

    reset(() => ({ body: '{"totalCount": 44,}' }));
    const e = await failure(source().search(view({}), null, signal()));
    expect(e).toBeInstanceOf(SchemaError);
    expect(stub.requests).toHaveLength(1);

    reset(() => ({ body: SEARCH_EXAMPLE_JSON.slice(0, 500) }));
    const cut = await failure(source().search(view({}), null, signal()));
    expect(cut).toBeInstanceOf(NetworkError);
    expect((cut as Error).message).toBe(
      'GET /dev/audit/audit/search: the response was cut off (500 characters received)',
    );
  });

  it('an HTML 502 page is a retryable ServerError', async () => {
    reset(() => ({
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>',
    }));
    const e = await failure(source().search(view({}), null, signal()));
    expect(e).toBeInstanceOf(ServerError);
    expect((e as ServerError).retryable).toBe(true);
    expect((e as Error).message).toBe(
      'GET /dev/audit/audit/search: the service failed with HTTP 502',
    );
    expect(stub.requests).toHaveLength(2);
  });
});
