/**
 * `kore` origin (seed 003): admin-console audit logs in the shape of
 * `GET /api/public/auditlogs` items, plus their normalized `change` events.
 * About 1% of the entity names carry hostile HTML, so that the viewer's sanitizer is exercised.
 */
import type { AuditEvent } from '../../core/model.js';
import { objectIdAt, type IdRegistry } from './ids.js';
import { END_USERS, type EndUser } from './people.js';
import { Rng } from './random.js';
import { DAY, MINUTE, StartTimes, type Window } from './time.js';

/** Entity keys and the actions seed 003's table allows for each. */
export const KORE_ENTITY_ACTIONS = {
  usergroup: ['create', 'update', 'delete'],
  Agent: ['create', 'update', 'delete'],
  role: ['create', 'update', 'delete'],
  ssostatus: ['update'],
  serviceaccount: ['create', 'update', 'delete'],
  llmintegrations: ['create', 'update', 'delete'],
  domains: ['create', 'update', 'delete'],
  ratelimits: ['update'],
  emailnotificationpreferences: ['update'],
  nlprules: ['create', 'update', 'delete'],
  userenrollment: ['update'],
} as const;
export type KoreEntity = keyof typeof KORE_ENTITY_ACTIONS;
export type KoreAction = 'create' | 'update' | 'delete';

/** One item of Kore's `logs` array, field for field. */
export interface KoreRecord {
  parentIds: string[];
  _id: string;
  entity: KoreEntity;
  action: KoreAction;
  userId: string;
  accountId: string;
  entityId: string;
  delta: { from: Record<string, unknown>; to: Record<string, unknown> };
  htmlText: string;
  userName: string;
  emailId: string;
  keywords: string;
  cOn: string;
  __v: number;
}

const fixed = new Rng(0x5eed, 30);

const ACCOUNTS = [`ac-${fixed.uuid()}`, `ac-${fixed.uuid()}`] as const;

interface Admin {
  userId: string;
  user: EndUser;
}

const ADMINS: readonly Admin[] = END_USERS.filter((u) =>
  [
    'Priya Nair',
    'Ahmed Hassan',
    'Mei Tanaka',
    'Carlos Mendez',
    'Leah Cohen',
    'Peter Jensen',
  ].includes(u.name),
).map((user) => ({ userId: `u-${fixed.uuid()}`, user }));

/** What the console calls each entity in `htmlText`. */
const LABEL: Record<KoreEntity, string> = {
  usergroup: 'user group',
  Agent: 'agent',
  role: 'role',
  ssostatus: 'SSO status',
  serviceaccount: 'service account',
  llmintegrations: 'LLM integration',
  domains: 'domain',
  ratelimits: 'rate limits for',
  emailnotificationpreferences: 'email notification preferences of',
  nlprules: 'business rule',
  userenrollment: 'enrollment of',
};

const NAMES: Record<KoreEntity, readonly string[]> = {
  usergroup: ['Support Tier 1', 'EMEA Sales', 'Bot Builders', 'Contractors', 'Finance Approvers'],
  Agent: ['HR Helpdesk Agent', 'Billing Assistant', 'IT Service Agent', 'Travel Concierge'],
  role: ['Bot Developer', 'Auditor', 'Master Admin', 'Agent Reviewer'],
  ssostatus: ['Okta SAML'],
  serviceaccount: ['svc-ci-pipeline', 'svc-analytics-export', 'svc-crm-sync'],
  llmintegrations: ['Azure OpenAI - prod', 'OpenAI', 'Anthropic Claude', 'Amazon Bedrock'],
  domains: ['acme.example', 'support.acme.example', 'acme-labs.example'],
  ratelimits: ['Public API', 'Webhook channel', 'Widget SDK'],
  emailnotificationpreferences: END_USERS.slice(0, 12).map((u) => u.name),
  nlprules: Array.from({ length: 120 }, (_, i) => `Answer rule - ${i + 1}`),
  userenrollment: END_USERS.map((u) => u.name),
};

const ENTITY_IDS = new Map<string, string>();
for (const [entity, names] of Object.entries(NAMES)) {
  for (const name of names)
    ENTITY_IDS.set(
      `${entity}:${name}`,
      objectIdAt(fixed, Date.UTC(2024, 6, 1) + fixed.int(0, 200) * DAY),
    );
}

const HOSTILE = [
  (n: string) => `${n} <img src=x onerror=alert(1)>`,
  (n: string) => `<script>alert(1)</script>${n}`,
  (n: string) => `${n}"><svg onload=alert(document.cookie)>`,
  (n: string) => `<a href="javascript:alert(1)">${n}</a>`,
  (n: string) => `${n}<iframe src="https://evil.example/"></iframe>`,
];

const WEIGHTS: readonly (readonly [KoreEntity, number])[] = [
  ['nlprules', 25],
  ['Agent', 15],
  ['usergroup', 12],
  ['userenrollment', 10],
  ['role', 8],
  ['llmintegrations', 7],
  ['serviceaccount', 5],
  ['emailnotificationpreferences', 5],
  ['domains', 4],
  ['ratelimits', 4],
  ['ssostatus', 2],
];

/** Plain text of Kore's `htmlText`: tags removed, whitespace collapsed. */
export function stripTags(html: string): string {
  return html
    .replace(/<[^>]*>?/g, '')
    .replace(/</g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function koreToEvent(r: KoreRecord): AuditEvent {
  const event: AuditEvent = {
    id: r._id,
    timestamp: Date.parse(r.cOn),
    kind: 'change',
    actor: { id: r.userId, email: r.emailId, name: r.userName, type: 'user' },
    action: r.action,
    status: 'success',
    message: stripTags(r.htmlText),
    messageHtml: r.htmlText,
    workspace: r.accountId,
    target: { type: r.entity, id: r.entityId },
    delta: { from: r.delta.from, to: r.delta.to },
  };
  const parent = r.parentIds[0];
  if (parent) event.parentId = parent;
  return event;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function changeOf(
  rng: Rng,
  entity: KoreEntity,
  name: string,
): [Record<string, unknown>, Record<string, unknown>] {
  switch (entity) {
    case 'nlprules': {
      const n = Number(/(\d+)$/.exec(name)?.[1] ?? '1');
      return rng.pick<[Record<string, unknown>, Record<string, unknown>]>([
        [{}, { name }],
        [{ name: `Answer rule - ${Math.max(1, n - 1)}` }, { name }],
        [{ priority: rng.int(2, 5) }, { priority: 1 }],
        [{ enabled: true }, { enabled: false }],
      ]);
    }
    case 'Agent':
      return rng.pick<[Record<string, unknown>, Record<string, unknown>]>([
        [{ model: 'gpt-4o' }, { model: 'gpt-4.1' }],
        [{ status: 'draft' }, { status: 'published' }],
        [{ temperature: 0.2 }, { temperature: 0.4 }],
        [
          { description: 'Answers HR questions' },
          { description: 'Answers HR and benefits questions' },
        ],
      ]);
    case 'usergroup': {
      const m = rng.int(3, 40);
      return rng.pick<[Record<string, unknown>, Record<string, unknown>]>([
        [{ memberCount: m }, { memberCount: m + 1 }],
        [{ memberCount: m }, { memberCount: m - 1 }],
        [{ description: '' }, { description: `Members of ${name}` }],
      ]);
    }
    case 'role':
      return [
        { permissions: ['bot:read'] },
        { permissions: ['bot:read', 'bot:write', 'analytics:read'] },
      ];
    case 'ssostatus':
      return rng.chance(0.5)
        ? [{ ssoEnabled: false }, { ssoEnabled: true }]
        : [{ ssoEnabled: true }, { ssoEnabled: false }];
    case 'serviceaccount':
      return [{ scopes: ['bots:read'] }, { scopes: ['bots:read', 'logs:read'] }];
    case 'llmintegrations':
      return rng.pick<[Record<string, unknown>, Record<string, unknown>]>([
        [{ model: 'gpt-4o-mini' }, { model: 'gpt-4o' }],
        [{ maxTokens: 1024 }, { maxTokens: 4096 }],
        [{ status: 'inactive' }, { status: 'active' }],
      ]);
    case 'domains':
      return [{ verified: false }, { verified: true }];
    case 'ratelimits': {
      const r = rng.pick([300, 600, 1200]);
      return [{ requestsPerMinute: r }, { requestsPerMinute: r * 2 }];
    }
    case 'emailnotificationpreferences':
      return rng.chance(0.5)
        ? [{ weeklyDigest: true }, { weeklyDigest: false }]
        : [{ securityAlerts: false }, { securityAlerts: true }];
    case 'userenrollment':
      return rng.pick<[Record<string, unknown>, Record<string, unknown>]>([
        [{ status: 'invited' }, { status: 'active' }],
        [{ status: 'active' }, { status: 'suspended' }],
      ]);
  }
}

function createFields(rng: Rng, entity: KoreEntity, name: string): Record<string, unknown> {
  switch (entity) {
    case 'Agent':
      return { name, model: rng.pick(['gpt-4o', 'claude-sonnet-4', 'gpt-4.1']), status: 'draft' };
    case 'llmintegrations':
      return { name, provider: name.split(' ')[0] ?? name, model: 'default', status: 'active' };
    case 'serviceaccount':
      return { name, scopes: ['bots:read'] };
    case 'domains':
      return { name, verified: false };
    case 'role':
      return { name, permissions: ['bot:read'] };
    default:
      return { name };
  }
}

class KoreGen {
  readonly out: KoreRecord[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly ids: IdRegistry,
    private readonly count: number,
    private readonly end: number,
  ) {}

  get full(): boolean {
    return this.out.length >= this.count;
  }

  add(
    ts: number,
    admin: Admin,
    accountId: string,
    entity: KoreEntity,
    action: KoreAction,
    parentIds: string[],
    forceName?: string,
  ): KoreRecord | null {
    if (this.full || ts > this.end) return null;
    const rng = this.rng;
    const baseName = forceName ?? rng.pick(NAMES[entity]);
    const entityId = ENTITY_IDS.get(`${entity}:${baseName}`) ?? objectIdAt(rng, ts - DAY);
    const hostile = rng.chance(0.01);
    const name = hostile ? rng.pick(HOSTILE)(baseName) : baseName;
    let from: Record<string, unknown>;
    let to: Record<string, unknown>;
    if (action === 'create') [from, to] = [{}, createFields(rng, entity, name)];
    else if (action === 'delete') [from, to] = [createFields(rng, entity, name), {}];
    else [from, to] = changeOf(rng, entity, name);
    const subject =
      entity === 'ssostatus'
        ? `Update SSO status to <b>${to.ssoEnabled ? 'Enabled' : 'Disabled'}</b>${hostile ? ` for <b>${name}</b>` : ''}`
        : entity === 'userenrollment'
          ? `Update enrollment of <b>${name}</b> to <i>${String(to.status)}</i>`
          : `${capitalize(action)} ${LABEL[entity]} <b>${name}</b>`;
    const rec: KoreRecord = {
      parentIds,
      _id: this.ids.objectId(ts),
      entity,
      action,
      userId: admin.userId,
      accountId,
      entityId,
      delta: { from, to },
      htmlText: subject,
      userName: admin.user.name,
      emailId: admin.user.email,
      keywords: '',
      cOn: new Date(ts).toISOString(),
      __v: 0,
    };
    this.out.push(rec);
    return rec;
  }

  /** One admin action, sometimes with cascaded changes (parentIds) right after it. */
  session(ts: number): void {
    const rng = this.rng;
    const admin = rng.pick(ADMINS);
    const accountId = rng.chance(0.85) ? ACCOUNTS[0] : ACCOUNTS[1];
    const entity = rng.weighted(WEIGHTS);
    const actions = KORE_ENTITY_ACTIONS[entity] as readonly KoreAction[];
    const action =
      actions.length === 1
        ? 'update'
        : rng.weighted<KoreAction>([
            ['update', 70],
            ['create', 20],
            ['delete', 10],
          ]);
    const parent = this.add(ts, admin, accountId, entity, action, []);
    if (!parent) return;
    if (action === 'delete' && (entity === 'Agent' || entity === 'usergroup')) {
      const childEntity: KoreEntity = entity === 'Agent' ? 'nlprules' : 'role';
      const childAction: KoreAction = entity === 'Agent' ? 'delete' : 'update';
      let t = ts;
      for (let i = rng.int(1, 3); i > 0; i--) {
        t += rng.int(3, 120);
        if (!this.add(t, admin, accountId, childEntity, childAction, [parent._id])) return;
      }
    }
  }
}

export function generateKore(
  rng: Rng,
  ids: IdRegistry,
  window: Window,
  count: number,
): { native: KoreRecord; event: AuditEvent }[] {
  const gen = new KoreGen(rng, ids, count, window.end);
  const starts = new StartTimes(rng, window, 2, 0.01);
  let guard = 0;
  while (!gen.full && guard++ < count * 4 + 100) gen.session(starts.next(MINUTE));
  return gen.out.map((native) => ({ native, event: koreToEvent(native) }));
}

export const KORE_ACCOUNTS = ACCOUNTS;
