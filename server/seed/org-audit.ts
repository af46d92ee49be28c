/**
 * `org-audit` origin (seed 004): inbound API requests to the organisation's API, recorded with
 * account or API key, workspace, auth type, controller, method, path, status and request details.
 */
import type { AuditEvent } from '../../core/model.js';
import { objectIdAt, type IdRegistry } from './ids.js';
import { END_USERS, type EndUser } from './people.js';
import { Rng } from './random.js';
import { DAY, StartTimes, type Window } from './time.js';

export type Resource =
  | 'PathwaysController'
  | 'UsersController'
  | 'WorkspacesController'
  | 'DocumentsController'
  | 'WebhooksController'
  | 'BillingController';

/** One organisation audit-log record, as the backend stores it. */
export interface OrgAuditRecord {
  id: string;
  account: { id: string; email: string } | null;
  apiKey: { id: string; name: string } | null;
  workspace: { id: string; name: string } | null;
  authType: 'apiKey' | 'jwt';
  resource: Resource;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  statusCode: number;
  createdAt: string;
  hasPayload: boolean;
  details: {
    body: Record<string, unknown> | null;
    query: Record<string, string>;
    params: Record<string, string>;
    headers: Record<string, string>;
  };
}

const fixed = new Rng(0x5eed, 40);
const oid = (): string => objectIdAt(fixed, Date.UTC(2025, 0, 1) + fixed.int(0, 150) * DAY);

interface Account {
  id: string;
  email: string;
  user: EndUser;
  owner: boolean;
}

const ACCOUNTS: readonly Account[] = END_USERS.filter((u) =>
  [
    'Priya Nair',
    'Sofia Alvarez',
    'Liam Murphy',
    'Aisha Rahman',
    'Hannah Kim',
    'Carlos Mendez',
    'Fatima Zahra',
    'Olivia Brooks',
    'Ava Patel',
  ].includes(u.name),
).map((user) => ({
  id: oid(),
  email: user.email,
  user,
  owner: user.name === 'Priya Nair' || user.name === 'Ava Patel',
}));

const API_KEYS = [
  { id: oid(), name: 'CI deploy key', agent: 'acme-deploy/2.3.0' },
  { id: oid(), name: 'Zapier integration', agent: 'Zapier' },
  { id: oid(), name: 'Data warehouse sync', agent: 'python-requests/2.32.3' },
  { id: oid(), name: 'HRIS provisioning', agent: 'axios/1.7.7' },
] as const;

const WORKSPACES = [
  { id: oid(), name: 'Customer Onboarding' },
  { id: oid(), name: 'Sales Enablement' },
  { id: oid(), name: 'Engineering Docs' },
  { id: oid(), name: 'HR Pathways' },
] as const;

const PATHWAY_IDS = Array.from({ length: 30 }, oid);
const DOCUMENT_IDS = Array.from({ length: 60 }, oid);
const WEBHOOK_IDS = Array.from({ length: 6 }, oid);

const BROWSERS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Safari/605.1.15',
];
const CLIENT_IPS = ['192.0.2.15', '192.0.2.77', '198.51.100.140', '203.0.113.9', '203.0.113.120'];
const SERVER_IPS = ['198.51.100.10', '198.51.100.11', '203.0.113.200'];

const PATHWAY_NAMES = [
  'New hire week 1',
  'Security awareness 2025',
  'Sales onboarding',
  'Manager essentials',
  'Benefits enrollment',
  'Customer success playbook',
];
const DOC_TITLES = [
  'Expense policy',
  'Incident runbook',
  'Q3 sales deck',
  'Parental leave FAQ',
  'API style guide',
  'Office access procedure',
];

interface Route {
  resource: Resource;
  method: OrgAuditRecord['method'];
  /** Express-style template: `:id` etc. */
  template: string;
  ok: number;
  /** Whether the route belongs to a workspace. */
  scoped: boolean;
  /** Which callers use it. */
  apiKey: boolean;
  jwt: boolean;
  weight: number;
}

const ROUTES: readonly Route[] = [
  {
    resource: 'PathwaysController',
    method: 'GET',
    template: '/api/v1/pathways',
    ok: 200,
    scoped: true,
    apiKey: true,
    jwt: true,
    weight: 14,
  },
  {
    resource: 'PathwaysController',
    method: 'GET',
    template: '/api/v1/pathways/:id',
    ok: 200,
    scoped: true,
    apiKey: true,
    jwt: true,
    weight: 12,
  },
  {
    resource: 'PathwaysController',
    method: 'POST',
    template: '/api/v1/pathways',
    ok: 201,
    scoped: true,
    apiKey: false,
    jwt: true,
    weight: 3,
  },
  {
    resource: 'PathwaysController',
    method: 'PUT',
    template: '/api/v1/pathways/:id',
    ok: 200,
    scoped: true,
    apiKey: true,
    jwt: true,
    weight: 5,
  },
  {
    resource: 'PathwaysController',
    method: 'DELETE',
    template: '/api/v1/pathways/:id',
    ok: 204,
    scoped: true,
    apiKey: false,
    jwt: true,
    weight: 1,
  },
  {
    resource: 'UsersController',
    method: 'GET',
    template: '/api/v1/users',
    ok: 200,
    scoped: false,
    apiKey: true,
    jwt: true,
    weight: 8,
  },
  {
    resource: 'UsersController',
    method: 'GET',
    template: '/api/v1/users/:id',
    ok: 200,
    scoped: false,
    apiKey: true,
    jwt: true,
    weight: 5,
  },
  {
    resource: 'UsersController',
    method: 'POST',
    template: '/api/v1/users/invite',
    ok: 201,
    scoped: false,
    apiKey: true,
    jwt: true,
    weight: 3,
  },
  {
    resource: 'UsersController',
    method: 'PATCH',
    template: '/api/v1/users/:id',
    ok: 200,
    scoped: false,
    apiKey: true,
    jwt: true,
    weight: 3,
  },
  {
    resource: 'UsersController',
    method: 'DELETE',
    template: '/api/v1/users/:id',
    ok: 204,
    scoped: false,
    apiKey: true,
    jwt: true,
    weight: 1,
  },
  {
    resource: 'WorkspacesController',
    method: 'GET',
    template: '/api/v1/workspaces',
    ok: 200,
    scoped: false,
    apiKey: true,
    jwt: true,
    weight: 6,
  },
  {
    resource: 'WorkspacesController',
    method: 'POST',
    template: '/api/v1/workspaces',
    ok: 201,
    scoped: false,
    apiKey: false,
    jwt: true,
    weight: 0.5,
  },
  {
    resource: 'WorkspacesController',
    method: 'PATCH',
    template: '/api/v1/workspaces/:id',
    ok: 200,
    scoped: true,
    apiKey: false,
    jwt: true,
    weight: 1,
  },
  {
    resource: 'WorkspacesController',
    method: 'POST',
    template: '/api/v1/workspaces/:id/members',
    ok: 201,
    scoped: true,
    apiKey: true,
    jwt: true,
    weight: 2,
  },
  {
    resource: 'WorkspacesController',
    method: 'DELETE',
    template: '/api/v1/workspaces/:id/members/:memberId',
    ok: 204,
    scoped: true,
    apiKey: false,
    jwt: true,
    weight: 0.7,
  },
  {
    resource: 'DocumentsController',
    method: 'GET',
    template: '/api/v1/workspaces/:workspaceId/documents',
    ok: 200,
    scoped: true,
    apiKey: true,
    jwt: true,
    weight: 9,
  },
  {
    resource: 'DocumentsController',
    method: 'POST',
    template: '/api/v1/workspaces/:workspaceId/documents',
    ok: 201,
    scoped: true,
    apiKey: true,
    jwt: true,
    weight: 3,
  },
  {
    resource: 'DocumentsController',
    method: 'GET',
    template: '/api/v1/documents/:id',
    ok: 200,
    scoped: true,
    apiKey: true,
    jwt: true,
    weight: 8,
  },
  {
    resource: 'DocumentsController',
    method: 'DELETE',
    template: '/api/v1/documents/:id',
    ok: 204,
    scoped: true,
    apiKey: false,
    jwt: true,
    weight: 1,
  },
  {
    resource: 'WebhooksController',
    method: 'GET',
    template: '/api/v1/webhooks',
    ok: 200,
    scoped: false,
    apiKey: true,
    jwt: true,
    weight: 2,
  },
  {
    resource: 'WebhooksController',
    method: 'POST',
    template: '/api/v1/webhooks',
    ok: 201,
    scoped: false,
    apiKey: true,
    jwt: true,
    weight: 0.8,
  },
  {
    resource: 'WebhooksController',
    method: 'POST',
    template: '/api/v1/webhooks/:id/test',
    ok: 200,
    scoped: false,
    apiKey: false,
    jwt: true,
    weight: 0.8,
  },
  {
    resource: 'WebhooksController',
    method: 'DELETE',
    template: '/api/v1/webhooks/:id',
    ok: 204,
    scoped: false,
    apiKey: false,
    jwt: true,
    weight: 0.4,
  },
  {
    resource: 'BillingController',
    method: 'GET',
    template: '/api/v1/billing/subscription',
    ok: 200,
    scoped: false,
    apiKey: false,
    jwt: true,
    weight: 1.2,
  },
  {
    resource: 'BillingController',
    method: 'GET',
    template: '/api/v1/billing/invoices',
    ok: 200,
    scoped: false,
    apiKey: false,
    jwt: true,
    weight: 1,
  },
  {
    resource: 'BillingController',
    method: 'PUT',
    template: '/api/v1/billing/payment-method',
    ok: 200,
    scoped: false,
    apiKey: false,
    jwt: true,
    weight: 0.3,
  },
];

const JWT_ROUTES = ROUTES.filter((r) => r.jwt).map((r) => [r, r.weight] as const);
const KEY_ROUTES = ROUTES.filter((r) => r.apiKey).map((r) => [r, r.weight] as const);

export function orgAuditToEvent(r: OrgAuditRecord): AuditEvent {
  const actor: AuditEvent['actor'] = r.account
    ? { id: r.account.id, email: r.account.email, type: 'user' }
    : r.apiKey
      ? { id: r.apiKey.id, name: r.apiKey.name, type: 'api-key' }
      : { type: 'system' };
  const request: NonNullable<AuditEvent['request']> = {};
  const d = r.details;
  if (Object.keys(d.headers).length > 0) request.headers = { ...d.headers };
  if (Object.keys(d.query).length > 0) request.query = { ...d.query };
  if (Object.keys(d.params).length > 0) request.params = { ...d.params };
  if (d.body !== null) request.body = d.body;
  const event: AuditEvent = {
    id: r.id,
    timestamp: Date.parse(r.createdAt),
    kind: 'request',
    actor,
    action: `${r.method} ${r.resource}`,
    status: r.statusCode < 400 ? 'success' : 'error',
    target: { type: r.resource },
    http: { method: r.method, path: r.path, statusCode: r.statusCode },
    request,
  };
  if (r.workspace) event.workspace = r.workspace.id;
  return event;
}

class OrgGen {
  readonly out: OrgAuditRecord[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly ids: IdRegistry,
    private readonly count: number,
  ) {}

  get full(): boolean {
    return this.out.length >= this.count;
  }

  private bodyFor(route: Route, who: EndUser | null): Record<string, unknown> | null {
    const rng = this.rng;
    const person = rng.pick(END_USERS);
    const key = `${route.method} ${route.template}`;
    switch (key) {
      case 'POST /api/v1/pathways':
        return {
          name: rng.pick(PATHWAY_NAMES),
          description: 'Step-by-step onboarding for new team members',
          steps: [
            { type: 'document', documentId: rng.pick(DOCUMENT_IDS) },
            { type: 'quiz', title: 'Check your understanding' },
          ],
          ownerEmail: who?.email ?? person.email,
        };
      case 'PUT /api/v1/pathways/:id':
        return {
          name: rng.pick(PATHWAY_NAMES),
          published: rng.chance(0.6),
          dueInDays: rng.pick([7, 14, 30]),
        };
      case 'POST /api/v1/users/invite':
        return {
          email: person.email,
          name: person.name,
          role: rng.pick(['member', 'editor', 'admin']),
          phone: person.phone,
          department: person.department,
        };
      case 'PATCH /api/v1/users/:id':
        return rng.pick([
          { phone: person.phone },
          { title: person.title, department: person.department },
          { name: person.name },
        ]);
      case 'POST /api/v1/workspaces':
        return {
          name: rng.pick(['Partner Academy', 'Field Ops', 'Leadership Circle']),
          description: 'Created from the admin console',
        };
      case 'PATCH /api/v1/workspaces/:id':
        return { name: rng.pick(WORKSPACES).name, defaultRole: rng.pick(['member', 'viewer']) };
      case 'POST /api/v1/workspaces/:id/members':
        return { email: person.email, name: person.name, role: rng.pick(['member', 'editor']) };
      case 'POST /api/v1/workspaces/:workspaceId/documents':
        return {
          title: rng.pick(DOC_TITLES),
          ownerEmail: who?.email ?? person.email,
          tags: rng.sample(['policy', 'hr', 'sales', 'security', 'howto'], 2),
          visibility: 'workspace',
        };
      case 'POST /api/v1/webhooks':
        return {
          url: `https://hooks.acme.example/audit/${rng.hex(8)}`,
          events: rng.sample(['pathway.completed', 'user.invited', 'document.updated'], 2),
          description: 'Audit forwarder',
        };
      case 'PUT /api/v1/billing/payment-method':
        return {
          cardholderName: who?.name ?? person.name,
          billingEmail: who?.email ?? person.email,
          billingPhone: who?.phone ?? person.phone,
          last4: rng.digits(4),
          expMonth: rng.int(1, 12),
          expYear: rng.int(2026, 2030),
        };
      default:
        return null;
    }
  }

  private queryFor(route: Route): Record<string, string> {
    const rng = this.rng;
    if (route.method !== 'GET' || route.template.includes(':id')) return {};
    switch (route.template) {
      case '/api/v1/pathways':
        return rng.chance(0.4)
          ? {
              page: String(rng.int(1, 4)),
              limit: '25',
              search: rng.pick(['onboarding', 'security', 'sales']),
            }
          : { page: String(rng.int(1, 4)), limit: '25' };
      case '/api/v1/users':
        return rng.chance(0.5)
          ? { email: rng.pick(END_USERS).email }
          : { page: String(rng.int(1, 3)), limit: '50', role: rng.pick(['member', 'admin']) };
      case '/api/v1/workspaces/:workspaceId/documents':
        return { folder: rng.pick(['root', 'policies', 'playbooks']), page: '1' };
      case '/api/v1/billing/invoices':
        return { year: '2025' };
      default:
        return {};
    }
  }

  request(
    ts: number,
    caller: { account: Account | null; key: (typeof API_KEYS)[number] | null },
    workspace: (typeof WORKSPACES)[number],
  ): void {
    if (this.full) return;
    const rng = this.rng;
    const route = rng.weighted(caller.account ? JWT_ROUTES : KEY_ROUTES);
    // Only owners manage billing; others get 403 there.
    const params: Record<string, string> = {};
    let path = route.template;
    for (const m of route.template.matchAll(/:([A-Za-z]+)/g)) {
      const name = m[1] ?? 'id';
      const value =
        name === 'workspaceId' || (name === 'id' && route.resource === 'WorkspacesController')
          ? workspace.id
          : name === 'memberId'
            ? rng.pick(ACCOUNTS).id
            : route.resource === 'PathwaysController'
              ? rng.pick(PATHWAY_IDS)
              : route.resource === 'DocumentsController'
                ? rng.pick(DOCUMENT_IDS)
                : route.resource === 'WebhooksController'
                  ? rng.pick(WEBHOOK_IDS)
                  : rng.pick(ACCOUNTS).id;
      params[name] = value;
      path = path.replace(`:${name}`, value);
    }
    const who = caller.account?.user ?? null;
    const body = this.bodyFor(route, who);
    const query = this.queryFor(route);
    const write = route.method !== 'GET';
    let status = route.ok;
    const r = rng.next();
    if (route.resource === 'BillingController' && caller.account && !caller.account.owner)
      status = 403;
    else if (r < 0.005) status = 500;
    else if (r < 0.01) status = 429;
    else if (write && r < 0.04) status = 400;
    else if (write && r < 0.055) status = 422;
    else if (r < 0.07 && route.template.includes(':')) status = 404;
    else if (r < 0.08) status = 403;
    else if (route.template === '/api/v1/users/invite' && r < 0.15) status = 409;
    else if (caller.key && r < 0.085) status = 401;
    const headers: Record<string, string> = {
      'user-agent': caller.key ? caller.key.agent : rng.pick(BROWSERS),
      'x-request-id': rng.uuid(),
      'x-forwarded-for': caller.key ? rng.pick(SERVER_IPS) : rng.pick(CLIENT_IPS),
    };
    if (body) headers['content-type'] = 'application/json';
    const rec: OrgAuditRecord = {
      id: this.ids.objectId(ts),
      account: caller.account ? { id: caller.account.id, email: caller.account.email } : null,
      apiKey: caller.key ? { id: caller.key.id, name: caller.key.name } : null,
      workspace: route.scoped ? { id: workspace.id, name: workspace.name } : null,
      authType: caller.key ? 'apiKey' : 'jwt',
      resource: route.resource,
      method: route.method,
      path,
      statusCode: status,
      createdAt: new Date(ts).toISOString(),
      hasPayload: body !== null,
      details: { body, query, params, headers },
    };
    this.out.push(rec);
  }

  /** A person's console session or an integration's sync run: a few requests in a row. */
  session(start: number, end: number): void {
    const rng = this.rng;
    const byKey = rng.chance(0.35);
    const caller = byKey
      ? { account: null, key: rng.pick(API_KEYS) }
      : { account: rng.pick(ACCOUNTS), key: null };
    const workspace = rng.pick(WORKSPACES);
    let t = start;
    for (let i = rng.int(1, byKey ? 8 : 5); i > 0 && !this.full && t <= end; i--) {
      this.request(t, caller, workspace);
      t += byKey ? rng.int(80, 2500) : rng.int(2000, 90_000);
    }
  }
}

export function generateOrgAudit(
  rng: Rng,
  ids: IdRegistry,
  window: Window,
  count: number,
): { native: OrgAuditRecord; event: AuditEvent }[] {
  const gen = new OrgGen(rng, ids, count);
  const starts = new StartTimes(rng, window, 2, 0.012);
  let guard = 0;
  while (!gen.full && guard++ < count * 4 + 100) gen.session(starts.next(6 * 60_000), window.end);
  return gen.out.map((native) => ({ native, event: orgAuditToEvent(native) }));
}
