/**
 * `nected` origin (seed 002): audit records of a Nected rules/workflow workspace, in the exact
 * shape of `GET /dev/audit/audit/search` items, plus their normalized `change` events.
 */
import type { AuditEvent } from '../../core/model.js';
import type { IdRegistry } from './ids.js';
import { END_USERS, type EndUser } from './people.js';
import { Rng } from './random.js';
import { MINUTE, StartTimes, isoNanos, type Window } from './time.js';

export const NECTED_TYPES = [
  'Ruleset',
  'Simplerule',
  'Dataset',
  'Connector',
  'Globalvar',
  'Decisiontable',
  'Systemapikey',
  'Authconfig',
  'Cron',
  'Workflow',
  'Api',
  'Delay',
  'Webhook',
] as const;
export type NectedType = (typeof NECTED_TYPES)[number];

export const NECTED_EVENTS = [
  'Create',
  'Update',
  'Delete',
  'Publish',
  'Test Via Console',
  'Call Via API',
  'Role Revoke',
  'Role Update',
  'Cron Test',
  'Cron',
  'Webhook',
  'Delayed Test',
  'Delay',
] as const;
export type NectedEvent = (typeof NECTED_EVENTS)[number];

/** One item of Nected's search response, field for field. */
export interface NectedRecord {
  entityId: string;
  executionId: string;
  type: NectedType;
  name: string;
  event: NectedEvent;
  status: 'Success' | 'Error';
  environment: 'Staging' | 'Production';
  user: string;
  workspaceId: string;
  ip: string;
  logId: string;
  statusTimeMs: number;
  date: string;
  rootNode: { id: string; name: string; logId: string };
  traceId: string;
  message: string;
  input: Record<string, unknown> | null;
  output: Record<string, unknown> | null;
  path: string[] | null;
  version: string;
}

interface Entity {
  type: NectedType;
  name: string;
  /** Stable id (used as `entityId` on some records and as `rootNode.id`). */
  id: string;
  uuid: string;
  version: string;
}

const ENTITY_ROWS: readonly (readonly [NectedType, string])[] = [
  ['Ruleset', 'Loan Eligibility'],
  ['Ruleset', 'Loyalty_Rule'],
  ['Ruleset', 'Fraud Score v2'],
  ['Simplerule', 'Free shipping threshold'],
  ['Simplerule', 'VIP discount'],
  ['Dataset', 'New_Orders_Ecomm 1704563645284'],
  ['Dataset', 'Loyalty_Rule_Dataset'],
  ['Dataset', 'Customer_Segments'],
  ['Connector', 'NewDemoDB'],
  ['Connector', 'Postgres Orders'],
  ['Connector', 'Stripe API'],
  ['Connector', 'Snowflake DWH'],
  ['Globalvar', 'TAX_RATE'],
  ['Globalvar', 'MAX_DISCOUNT_PCT'],
  ['Decisiontable', 'Amazon DP'],
  ['Decisiontable', 'Shipping Rates'],
  ['Decisiontable', 'Credit Limit Matrix'],
  ['Systemapikey', 'Production API key'],
  ['Systemapikey', 'CI key'],
  ['Authconfig', 'Stripe OAuth'],
  ['Authconfig', 'Internal Basic Auth'],
  ['Cron', 'Nightly segment refresh'],
  ['Cron', 'Hourly stock sync'],
  ['Workflow', 'Order Approval Flow'],
  ['Workflow', 'KYC Onboarding'],
  ['Delay', 'Cart reminder after 24h'],
  ['Webhook', 'Shopify order webhook'],
];

const ENTITIES: readonly Entity[] = (() => {
  const rng = new Rng(0x5eed, 20);
  return ENTITY_ROWS.map(([type, name]) => ({
    type,
    name,
    id: rng.hex(24),
    uuid: rng.uuid(),
    version: `0.${rng.int(1, 14)}`,
  }));
})();

const byType = (...types: NectedType[]): Entity[] => ENTITIES.filter((e) => types.includes(e.type));
const EDITABLE = byType(
  'Ruleset',
  'Simplerule',
  'Dataset',
  'Connector',
  'Globalvar',
  'Decisiontable',
  'Workflow',
  'Authconfig',
  'Systemapikey',
  'Cron',
  'Delay',
  'Webhook',
);
const TESTABLE = byType(
  'Ruleset',
  'Simplerule',
  'Dataset',
  'Connector',
  'Decisiontable',
  'Workflow',
);
const CALLABLE = byType('Ruleset', 'Simplerule', 'Decisiontable', 'Workflow');
const NODES = byType('Connector', 'Dataset', 'Ruleset', 'Decisiontable', 'Globalvar');

const MEMBERS: readonly EndUser[] = END_USERS.filter((u) =>
  [
    'Emily Chen',
    'Kwame Mensah',
    'Mei Tanaka',
    'Ravi Shankar',
    'Priya Nair',
    'Benjamin Wright',
  ].includes(u.name),
);

/** Office/VPN IPs of editors and the Nected runners' IPs (documentation ranges). */
const USER_IPS = ['192.0.2.15', '192.0.2.77', '198.51.100.140', '203.0.113.9'];
const RUNNER_IPS = ['203.0.113.45', '203.0.113.46'];
const CALLER_IPS = ['198.51.100.201', '198.51.100.202', '192.0.2.200'];

const TEST_KEY: Partial<Record<NectedType, string>> = {
  Ruleset: 'ruleSet',
  Simplerule: 'simpleRule',
  Dataset: 'dataSet',
  Connector: 'connector',
  Decisiontable: 'decisionTable',
  Workflow: 'workflow',
};

const CALL_ERRORS = [
  'missing required params key countrycode',
  'invalid value for param order_value: expected number',
  'connector Postgres Orders: connection refused',
  'execution timed out after 30000 ms',
  'rule evaluation failed: division by zero in condition 3',
];

function customerInput(rng: Rng): Record<string, unknown> {
  const c = rng.pick(END_USERS);
  return {
    customer: {
      name: c.name,
      email: c.email.replace('@acme.example', '@customer.example'),
      phone: c.phone,
    },
    order_value: Math.round(rng.float(12, 2400) * 100) / 100,
    countrycode: rng.pick(['US', 'GB', 'DE', 'IN', 'BR']),
    channel: rng.pick(['web', 'app', 'pos']),
  };
}

function ruleOutput(rng: Rng): Record<string, unknown> {
  return rng.pick([
    { approved: true, discount_pct: rng.int(5, 25), reason: 'loyal customer' },
    { approved: false, reason: 'credit limit exceeded' },
    {
      shipping_fee: Math.round(rng.float(0, 25) * 100) / 100,
      carrier: rng.pick(['UPS', 'DHL', 'FedEx']),
    },
    { segment: rng.pick(['gold', 'silver', 'bronze']), score: rng.int(300, 850) },
  ]);
}

export function nectedToEvent(r: NectedRecord): AuditEvent {
  const timestamp = Date.parse(r.date);
  const event: AuditEvent = {
    id: r.logId,
    timestamp,
    kind: 'change',
    actor: r.user ? { name: r.user, type: 'user' } : { type: 'system' },
    action: r.event,
    status: r.status === 'Success' ? 'success' : 'error',
    environment: r.environment.toLowerCase(),
    workspace: r.workspaceId,
    ip: r.ip,
    target: r.entityId
      ? { type: r.type, id: r.entityId, name: r.name }
      : { type: r.type, name: r.name },
    traceId: r.traceId,
    executionId: r.executionId,
  };
  if (r.message) event.message = r.message;
  if (r.rootNode.logId && r.rootNode.logId !== r.logId) event.parentId = r.rootNode.logId;
  if (r.input != null) event.request = { body: r.input };
  if (r.output != null) event.response = { body: r.output };
  return event;
}

class NectedGen {
  readonly out: NectedRecord[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly ids: IdRegistry,
    private readonly count: number,
    private readonly end: number,
  ) {}

  get full(): boolean {
    return this.out.length >= this.count;
  }

  private record(
    ts: number,
    fields: Omit<NectedRecord, 'logId' | 'date' | 'workspaceId'> & { logId?: string },
    workspaceId: string,
  ): NectedRecord | null {
    if (this.full || ts > this.end) return null;
    const r: NectedRecord = {
      entityId: fields.entityId,
      executionId: fields.executionId,
      type: fields.type,
      name: fields.name,
      event: fields.event,
      status: fields.status,
      environment: fields.environment,
      user: fields.user,
      workspaceId,
      ip: fields.ip,
      logId: fields.logId ?? this.ids.nectedLogId(),
      statusTimeMs: fields.statusTimeMs,
      date: isoNanos(ts, this.rng.digits(6)),
      rootNode: fields.rootNode,
      traceId: fields.traceId,
      message: fields.message,
      input: fields.input,
      output: fields.output,
      path: fields.path,
      version: fields.version,
    };
    this.out.push(r);
    return r;
  }

  /** A member edits an entity in the editor. */
  edit(ts: number, ws: string): void {
    const rng = this.rng;
    const member = rng.pick(MEMBERS);
    const entity = rng.pick(EDITABLE);
    const event = rng.weighted<NectedEvent>([
      ['Update', 50],
      ['Create', 12],
      ['Delete', 4],
      ['Publish', 14],
      ['Role Update', 4],
      ['Role Revoke', 2],
    ]);
    const other = rng.pick(MEMBERS.filter((m) => m !== member));
    const error = rng.chance(0.03);
    const message = error
      ? rng.pick([
          'validation failed: condition 3 has no operator',
          'name already exists in this workspace',
          'permission denied',
        ])
      : event === 'Role Update'
        ? `role of ${other.name} (${other.email}) updated to ${rng.pick(['Editor', 'Viewer', 'Approver'])}`
        : event === 'Role Revoke'
          ? `access of ${other.name} (${other.email}) revoked`
          : '';
    const published = event === 'Publish';
    this.record(
      ts,
      {
        entityId: rng.chance(0.3) ? entity.id : '',
        executionId: rng.uuid(),
        type: entity.type,
        name: entity.name,
        event,
        status: error ? 'Error' : 'Success',
        environment: published ? 'Production' : 'Staging',
        user: member.name,
        ip: rng.pick(USER_IPS),
        statusTimeMs: 0,
        rootNode: { id: '', name: '', logId: '' },
        traceId: rng.uuid(),
        message,
        input: null,
        output: null,
        path: null,
        version: published ? `0.${Number(entity.version.slice(2)) + 1}` : 'draft',
      },
      ws,
    );
  }

  /** A member (or the console on their behalf) tests an entity. */
  test(ts: number, ws: string): void {
    const rng = this.rng;
    const entity = rng.pick(TESTABLE);
    const error = rng.chance(0.12);
    const version = rng.chance(0.7) ? 'draft' : entity.version;
    const key = TEST_KEY[entity.type] ?? 'ruleSet';
    const logId = this.ids.nectedLogId();
    const kind =
      entity.type === 'Dataset'
        ? 'dataset'
        : entity.type === 'Connector'
          ? 'connector'
          : entity.type === 'Workflow'
            ? 'workflow'
            : 'rule';
    this.record(
      ts,
      {
        entityId: '',
        executionId: `test_${key}:${ws}:${entity.uuid}:${version}:${rng.uuid()}`,
        type: entity.type,
        name: entity.name,
        event: 'Test Via Console',
        status: error ? 'Error' : 'Success',
        environment: 'Staging',
        user: rng.chance(0.35) ? rng.pick(MEMBERS).name : '',
        ip: rng.pick(RUNNER_IPS),
        logId,
        statusTimeMs: rng.logNormalInt(140, 0.9, 3, 6000),
        rootNode: { id: entity.uuid, name: entity.name, logId },
        traceId: rng.uuid(),
        message: error ? rng.pick(CALL_ERRORS) : `successfully executed ${kind} ${entity.name}`,
        input: kind === 'connector' || kind === 'dataset' ? null : customerInput(rng),
        output:
          error || kind === 'connector'
            ? null
            : kind === 'dataset'
              ? { rows: rng.int(0, 500) }
              : ruleOutput(rng),
        path: [],
        version,
      },
      ws,
    );
  }

  /** A triggered execution (API call, cron, webhook, delay) and the nodes it ran. */
  execution(ts: number, ws: string): void {
    const rng = this.rng;
    const trigger = rng.weighted<'api' | 'cron' | 'cronTest' | 'webhook' | 'delay' | 'delayedTest'>(
      [
        ['api', 70],
        ['cron', 12],
        ['cronTest', 3],
        ['webhook', 9],
        ['delay', 4],
        ['delayedTest', 2],
      ],
    );
    const [type, event, rootEntity]: [NectedType, NectedEvent, Entity] =
      trigger === 'api'
        ? ['Api', 'Call Via API', rng.pick(CALLABLE)]
        : trigger === 'cron' || trigger === 'cronTest'
          ? ['Cron', trigger === 'cron' ? 'Cron' : 'Cron Test', rng.pick(byType('Cron'))]
          : trigger === 'webhook'
            ? ['Webhook', 'Webhook', rng.pick(byType('Webhook'))]
            : ['Delay', trigger === 'delay' ? 'Delay' : 'Delayed Test', rng.pick(byType('Delay'))];
    const production = trigger === 'api' ? rng.chance(0.6) : !trigger.endsWith('Test');
    const error = rng.chance(0.1);
    const executionId = rng.uuid();
    const traceId = rng.chance(0.5)
      ? `Root=1-${Math.floor(ts / 1000).toString(16)}-${rng.hex(24)}`
      : rng.uuid();
    const logId = this.ids.nectedLogId();
    const rootNode = { id: rootEntity.uuid, name: rootEntity.name, logId };
    const version = production ? rootEntity.version : 'draft';
    const environment = production ? 'Production' : 'Staging';
    const ip = trigger === 'api' ? rng.pick(CALLER_IPS) : rng.pick(RUNNER_IPS);
    const input = trigger === 'cron' || trigger === 'cronTest' ? null : customerInput(rng);
    const total = rng.logNormalInt(60, 1.0, 2, 8000);
    const root = this.record(
      ts,
      {
        entityId: '',
        executionId,
        type,
        name: rootEntity.name,
        event,
        status: error ? 'Error' : 'Success',
        environment,
        user: '',
        ip,
        logId,
        statusTimeMs: total,
        rootNode,
        traceId,
        message: error ? rng.pick(CALL_ERRORS) : '',
        input: error && rng.chance(0.5) ? null : input,
        output: error ? null : ruleOutput(rng),
        path: [],
        version,
      },
      ws,
    );
    if (!root || error) return;
    // Nodes of the execution, recorded as they complete.
    const nodes = rng.sample(
      NODES.filter((n) => n !== rootEntity),
      rng.int(0, 3),
    );
    let t = ts;
    for (const node of nodes) {
      const took = rng.logNormalInt(20, 0.9, 1, 3000);
      t += took + rng.int(0, 5);
      const kind =
        node.type === 'Connector' ? 'connector' : node.type === 'Dataset' ? 'dataset' : 'rule';
      const rec = this.record(
        t,
        {
          entityId: rng.chance(0.5) ? node.id : '',
          executionId,
          type: node.type,
          name: node.name,
          event,
          status: 'Success',
          environment,
          user: '',
          ip,
          statusTimeMs: took,
          rootNode,
          traceId,
          message: `successfully executed ${kind} ${node.name}`,
          input:
            node.type === 'Connector'
              ? {
                  query: 'select id, status, total from orders where customer_email = :email',
                  params: {
                    email: (input?.customer as { email?: string } | undefined)?.email ?? null,
                  },
                }
              : null,
          output:
            node.type === 'Connector'
              ? { rowCount: rng.int(0, 20) }
              : node.type === 'Globalvar'
                ? { value: rng.int(1, 30) }
                : null,
          path: [],
          version,
        },
        ws,
      );
      if (!rec) return;
    }
  }
}

export function generateNected(
  rng: Rng,
  ids: IdRegistry,
  window: Window,
  count: number,
): { native: NectedRecord; event: AuditEvent }[] {
  const gen = new NectedGen(rng, ids, count, window.end);
  const starts = new StartTimes(rng, window, 2, 0.012);
  let guard = 0;
  while (!gen.full && guard++ < count * 4 + 100) {
    // Leave room for the execution's nodes (a few seconds at most).
    const ts = starts.next(MINUTE);
    const ws = rng.chance(0.85) ? '60' : '112';
    const what = rng.weighted<'edit' | 'test' | 'exec'>([
      ['edit', 35],
      ['test', 20],
      ['exec', 45],
    ]);
    if (what === 'edit') gen.edit(ts, ws);
    else if (what === 'test') gen.test(ts, ws);
    else gen.execution(ts, ws);
  }
  return gen.out.map((native) => ({ native, event: nectedToEvent(native) }));
}
