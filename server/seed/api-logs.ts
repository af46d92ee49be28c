/**
 * `api-logs` origin (seeds 000/001): outbound API calls of the assistant's eight built-in skills,
 * generated trace by trace, plus the walkthrough user's "create ticket" traces.
 */
import type { AuditEvent } from '../../core/model.js';
import {
  instanceOf,
  isoSeconds,
  snDate,
  type Connector,
  type Environment,
  type Idp,
  type Itsm,
} from './connectors.js';
import { IDP_OPS, oktaAssignApp, oktaFindApp } from './idp.js';
import type { IdRegistry } from './ids.js';
import { ITSM_OPS, commentText, workNoteText, type TicketRef } from './itsm.js';
import {
  APPS,
  DEMO_USER,
  EGRESS_IPS,
  END_USERS,
  GROUPS,
  IT_ADMINS,
  LIVE_AGENT_OPENERS,
  NEW_GROUP_NAMES,
  TICKET_TOPICS,
  type EndUser,
  type TicketTopic,
} from './people.js';
import type { Rng } from './random.js';
import { HOUR, MINUTE, StartTimes, sampleWeighted, type Window } from './time.js';
import { Trace, type ApiContext, type Force } from './trace.js';

export const SKILLS = {
  Ticketing: ['create ticket', 'resolve ticket', 'reopen ticket', 'comment on ticket'],
  'Live Agent': ['connect to live agent', 'end live agent session'],
  Approvals: ['update approval'],
  'Group Operations': ['create group', 'add group member', 'remove group member'],
  'Account Operations': ['update password', 'unlock account'],
  'Software Operations': ['provision software'],
  System: ['System'],
  'Enterprise Search & Forms': ['ticket lookup'],
} as const;

export type Skill = keyof typeof SKILLS;
export type Plugin = (typeof SKILLS)[Skill][number];

const PLUGIN_WEIGHTS: readonly (readonly [Plugin, number])[] = [
  ['create ticket', 26],
  ['ticket lookup', 12],
  ['comment on ticket', 7],
  ['resolve ticket', 6],
  ['reopen ticket', 2],
  ['update approval', 8],
  ['connect to live agent', 5],
  ['end live agent session', 4],
  ['create group', 1.5],
  ['add group member', 5],
  ['remove group member', 2.5],
  ['update password', 6],
  ['unlock account', 5],
  ['provision software', 5],
  ['System', 3],
];

export function skillOf(plugin: Plugin): Skill {
  for (const [skill, plugins] of Object.entries(SKILLS) as [Skill, readonly string[]][]) {
    if (plugins.includes(plugin)) return skill;
  }
  throw new Error(`unknown plugin ${plugin}`);
}

const ITSM_WEIGHTS: readonly (readonly [Itsm, number])[] = [
  ['ServiceNow', 5],
  ['Jira Service Management', 3],
  ['Zendesk', 2],
];
const IDP_WEIGHTS: readonly (readonly [Idp, number])[] = [
  ['Okta', 6],
  ['Microsoft Entra ID', 4],
];

function connectorFor(rng: Rng, plugin: Plugin): Connector {
  switch (plugin) {
    case 'update approval':
      return rng.weighted([
        ['ServiceNow', 6],
        ['Jira Service Management', 4],
      ] as const);
    case 'connect to live agent':
    case 'end live agent session':
      return rng.weighted([
        ['ServiceNow', 6],
        ['Zendesk', 4],
      ] as const);
    case 'create group':
    case 'add group member':
    case 'remove group member':
    case 'update password':
    case 'unlock account':
      return rng.weighted(IDP_WEIGHTS);
    case 'provision software':
      return rng.weighted([
        ['ServiceNow', 55],
        ['Okta', 45],
      ] as const);
    case 'System':
      return rng.pick([
        'ServiceNow',
        'Jira Service Management',
        'Zendesk',
        'Okta',
        'Microsoft Entra ID',
      ] as const);
    default:
      return rng.weighted(ITSM_WEIGHTS);
  }
}

function isItsm(c: Connector): c is Itsm {
  return c === 'ServiceNow' || c === 'Jira Service Management' || c === 'Zendesk';
}
function isIdp(c: Connector): c is Idp {
  return c === 'Okta' || c === 'Microsoft Entra ID';
}

// -------------------------------------------------------------------------------------------
// Plugins: what one user action does

interface CreateOptions {
  topic?: TicketTopic;
  force?: Force;
  /** Skip the optional caller lookup before the create. */
  noLookup?: boolean;
}

function createTicket(t: Trace, itsm: Itsm, o: CreateOptions = {}): void {
  const ops = ITSM_OPS[itsm];
  const topic = o.topic ?? t.rng.pick(TICKET_TOPICS);
  if (!o.noLookup && t.rng.chance(0.4) && !ops.lookupCaller(t)) return;
  const ref = ops.create(t, topic, o.force);
  if (!ref) return;
  t.wait(30, 400);
  if (!ops.comment(t, ref, commentText(t, topic), true)) return;
  t.wait(20, 300);
  if (!ops.comment(t, ref, workNoteText(t, topic), false)) return;
  // Follow-up GETs, made asynchronously to sync the ticket into the assistant's ticket DB.
  const gets = t.rng.int(1, 3);
  for (let i = 0; i < gets; i++) {
    t.wait(1500, i === 0 ? 20_000 : 12_000);
    const ok = i === 1 && t.rng.chance(0.5) ? ops.followUp(t, ref) : ops.get(t, ref);
    if (!ok) return;
  }
}

function existingTicket(t: Trace, itsm: Itsm): TicketRef | null {
  const ops = ITSM_OPS[itsm];
  if (t.rng.chance(0.5)) {
    const found = ops.search(t);
    if (!found) return null;
    const first = found[0];
    if (first) return first;
  }
  return ops.existing(t, t.rng.pick(TICKET_TOPICS));
}

function commentOnTicket(t: Trace, itsm: Itsm): void {
  const ops = ITSM_OPS[itsm];
  const ref = existingTicket(t, itsm);
  if (!ref || !ops.get(t, ref, { mayNotExist: true })) return;
  const text = t.rng.pick([
    `Any update on this? It's still happening. - ${t.user.first}`,
    `I'm out of office tomorrow, please call me at ${t.user.phone} instead of email.`,
    'Attaching more details: the error appears right after login.',
    `Please loop in my manager, ${t.rng.pick(END_USERS).name}.`,
  ]);
  ops.comment(t, ref, text, true);
}

function resolveTicket(t: Trace, itsm: Itsm): void {
  const ops = ITSM_OPS[itsm];
  const ref = existingTicket(t, itsm);
  if (!ref || !ops.get(t, ref, { mayNotExist: true })) return;
  if (ops.resolve(t, ref) && t.rng.chance(0.4)) {
    t.wait(800, 6000);
    ops.get(t, ref);
  }
}

function reopenTicket(t: Trace, itsm: Itsm): void {
  const ops = ITSM_OPS[itsm];
  const ref = ops.existing(t, t.rng.pick(TICKET_TOPICS));
  if (!ops.get(t, ref, { mayNotExist: true })) return;
  ops.reopen(t, ref);
}

function ticketLookup(t: Trace, itsm: Itsm): void {
  const ops = ITSM_OPS[itsm];
  const found = ops.search(t);
  if (!found) return;
  for (const ref of found.slice(0, t.rng.int(0, 2))) {
    t.wait(50, 600);
    if (!ops.get(t, ref)) return;
  }
}

function updateApproval(t: Trace, itsm: Itsm): void {
  const u = t.user;
  const approve = t.rng.chance(0.85);
  if (itsm === 'ServiceNow') {
    const sysId = t.rng.hex(32);
    const ritm = `RITM00${t.rng.int(10000, 19999)}`;
    const ok = t.call({
      action: 'get approvals',
      method: 'GET',
      path: '/api/now/table/sysapproval_approver',
      query: {
        sysparm_query: `approver.email=${u.email}^state=requested`,
        sysparm_fields: 'sys_id,state,sysapproval,sys_created_on',
        sysparm_display_value: 'true',
        sysparm_limit: '10',
      },
      family: 'read',
      ok: {
        status: 200,
        body: {
          result: [
            {
              sys_id: sysId,
              state: 'Requested',
              sysapproval: ritm,
              sys_created_on: snDate(t.time - t.rng.int(3_600_000, 200_000_000)),
            },
          ],
        },
        message: 'Found 1 pending approval',
      },
    });
    if (!ok) return;
    t.call({
      action: 'update approval',
      method: 'PATCH',
      path: `/api/now/table/sysapproval_approver/${sysId}`,
      body: {
        state: approve ? 'approved' : 'rejected',
        comments: `${approve ? 'Approved' : 'Rejected'} via the AI assistant by ${u.name}`,
      },
      family: 'approval',
      mayNotExist: true,
      ok: {
        status: 200,
        body: {
          result: {
            sys_id: sysId,
            state: approve ? 'approved' : 'rejected',
            sysapproval: { value: t.rng.hex(32) },
            sys_updated_on: snDate(t.time),
          },
        },
        message: `${approve ? 'Approved' : 'Rejected'} ${ritm}`,
      },
    });
    return;
  }
  // Jira Service Management
  const key = `ITSD-${t.rng.int(1200, 4999)}`;
  const approvalId = String(t.rng.int(10, 400));
  const requester = t.rng.pick(END_USERS);
  const ok = t.call({
    action: 'get approvals',
    method: 'GET',
    path: `/rest/servicedeskapi/request/${key}/approval`,
    family: 'read',
    mayNotExist: true,
    ok: {
      status: 200,
      body: {
        size: 1,
        start: 0,
        limit: 50,
        isLastPage: true,
        values: [
          {
            id: approvalId,
            name: 'Manager approval',
            finalDecision: 'pending',
            canAnswerApproval: true,
            approvers: [
              {
                approver: { accountId: u.ids.jira, displayName: u.name, emailAddress: u.email },
                approverDecision: 'pending',
              },
            ],
            createdDate: {
              iso8601: isoSeconds(t.time - 7_200_000),
              epochMillis: t.time - 7_200_000,
            },
            requester: {
              accountId: requester.ids.jira,
              displayName: requester.name,
              emailAddress: requester.email,
            },
          },
        ],
      },
      message: `Found 1 pending approval on ${key}`,
    },
  });
  if (!ok) return;
  t.call({
    action: 'update approval',
    method: 'POST',
    path: `/rest/servicedeskapi/request/${key}/approval/${approvalId}`,
    body: { decision: approve ? 'approve' : 'decline' },
    family: 'approval',
    ok: {
      status: 200,
      body: {
        id: approvalId,
        name: 'Manager approval',
        finalDecision: approve ? 'approved' : 'declined',
        canAnswerApproval: false,
        completedDate: { iso8601: isoSeconds(t.time), epochMillis: t.time },
      },
      message: `${approve ? 'Approved' : 'Declined'} approval ${approvalId} on ${key}`,
    },
  });
}

const SN_VA_PATH = '/api/sn_va_as_service/bot/integration';
const SC_APP = '5f8a1c2e9b3d4e0012a7c6f1';

function liveAgent(t: Trace, connector: Connector, end: boolean): void {
  const u = t.user;
  if (connector === 'ServiceNow') {
    const clientSessionId = t.rng.uuid();
    if (end) {
      const requestId = t.rng.uuid();
      t.call({
        action: 'end live agent session',
        method: 'POST',
        path: SN_VA_PATH,
        body: {
          requestId,
          clientSessionId,
          action: 'END_CONVERSATION',
          userId: u.email,
          emailId: u.email,
          timestamp: Math.floor(t.time / 1000),
        },
        family: 'live-agent',
        ok: {
          status: 200,
          body: { status: 'success', requestId },
          message: 'Ended live agent conversation',
        },
      });
      return;
    }
    const opener = t.rng.pick(LIVE_AGENT_OPENERS);
    const requestId = t.rng.uuid();
    const ok = t.call({
      action: 'request live agent',
      method: 'POST',
      path: SN_VA_PATH,
      body: {
        requestId,
        clientSessionId,
        action: 'AGENT',
        userId: u.email,
        emailId: u.email,
        timestamp: Math.floor(t.time / 1000),
        message: { text: opener, typed: true, clientMessageId: t.rng.uuid() },
        contextVariables: {
          LiveAgent_mandatory_skills: 'IT Support',
          user_phone: u.phone,
          user_location: u.location,
        },
      },
      family: 'live-agent',
      ok: { status: 200, body: { status: 'success', requestId }, message: 'Requested live agent' },
    });
    if (!ok || t.rng.chance(0.3)) return;
    t.wait(2000, 25_000);
    const requestId2 = t.rng.uuid();
    t.call({
      action: 'send message',
      method: 'POST',
      path: SN_VA_PATH,
      body: {
        requestId: requestId2,
        clientSessionId,
        userId: u.email,
        emailId: u.email,
        timestamp: Math.floor(t.time / 1000),
        message: {
          text: `I'm ${u.name}, ${u.title} in ${u.location}. Best number: ${u.phone}`,
          typed: true,
          clientMessageId: t.rng.uuid(),
        },
      },
      family: 'live-agent',
      ok: {
        status: 200,
        body: { status: 'success', requestId: requestId2 },
        message: 'Sent message to live agent',
      },
    });
    return;
  }
  // Zendesk messaging (Sunshine Conversations API on the Zendesk host)
  const conv = t.rng.hex(24);
  if (end) {
    t.call({
      action: 'end live agent session',
      method: 'POST',
      path: `/sc/v2/apps/${SC_APP}/conversations/${conv}/releaseControl`,
      body: { reason: 'ticketClosed' },
      family: 'live-agent',
      mayNotExist: true,
      ok: { status: 200, body: {}, message: 'Released conversation control' },
    });
    return;
  }
  const opener = t.rng.pick(LIVE_AGENT_OPENERS);
  const ok = t.call({
    action: 'send message',
    method: 'POST',
    path: `/sc/v2/apps/${SC_APP}/conversations/${conv}/messages`,
    body: {
      author: { type: 'user', userExternalId: u.email, displayName: u.name },
      content: { type: 'text', text: opener },
    },
    family: 'live-agent',
    ok: {
      status: 201,
      body: {
        messages: [
          {
            id: t.rng.hex(24),
            received: new Date(t.time).toISOString(),
            author: { type: 'user', userId: t.rng.hex(24), displayName: u.name },
            content: { type: 'text', text: opener },
          },
        ],
      },
      message: 'Posted user message',
    },
  });
  if (!ok) return;
  t.call({
    action: 'request live agent',
    method: 'POST',
    path: `/sc/v2/apps/${SC_APP}/conversations/${conv}/passControl`,
    body: {
      switchboardIntegration: 'zd-agentWorkspace',
      metadata: {
        'dataCapture.systemField.requester.name': u.name,
        'dataCapture.systemField.requester.email': u.email,
        'dataCapture.ticketField.subject': opener,
      },
    },
    family: 'live-agent',
    ok: { status: 200, body: {}, message: 'Passed conversation to live agent' },
  });
}

function groupOperation(
  t: Trace,
  idp: Idp,
  plugin: 'create group' | 'add group member' | 'remove group member',
): void {
  const ops = IDP_OPS[idp];
  if (plugin === 'create group') {
    const name = t.rng.pick(NEW_GROUP_NAMES);
    const group = ops.createGroup(t, name, `Requested by ${t.user.name} via the AI assistant`);
    if (group && t.rng.chance(0.6)) ops.addMember(t, group, t.user);
    return;
  }
  const member = t.rng.chance(0.6) ? t.user : t.rng.pick(END_USERS);
  if (!ops.findUser(t, member)) return;
  const group = ops.findGroup(t, t.rng.pick(GROUPS));
  if (!group) return;
  if (plugin === 'add group member') ops.addMember(t, group, member);
  else ops.removeMember(t, group, member);
}

function accountOperation(t: Trace, idp: Idp, plugin: 'update password' | 'unlock account'): void {
  const ops = IDP_OPS[idp];
  const locked = plugin === 'unlock account';
  if (!ops.findUser(t, t.user, locked)) return;
  if (locked) ops.unlock(t, t.user);
  else ops.updatePassword(t, t.user);
}

function provisionSoftware(t: Trace, connector: Connector): void {
  const app = t.rng.pick(APPS);
  const u = t.user;
  if (connector === 'Okta') {
    if (oktaFindApp(t, app)) oktaAssignApp(t, app, u);
    return;
  }
  const ok = t.call({
    action: 'find catalog item',
    method: 'GET',
    path: '/api/sn_sc/servicecatalog/items',
    query: { sysparm_text: app.name, sysparm_limit: '5' },
    family: 'read',
    ok: {
      status: 200,
      body: {
        result: [
          {
            sys_id: app.catalogItem,
            name: app.name,
            short_description: `Request a ${app.name} license`,
            price: '$0.00',
            type: 'Software',
          },
        ],
      },
      message: 'Found 1 catalog item',
    },
  });
  if (!ok) return;
  const reqSysId = t.rng.hex(32);
  const number = `REQ00${t.rng.int(10000, 19999)}`;
  const ordered = t.call({
    action: 'order software',
    method: 'POST',
    path: `/api/sn_sc/servicecatalog/items/${app.catalogItem}/order_now`,
    body: {
      sysparm_quantity: '1',
      sysparm_requested_for: u.ids.serviceNow,
      variables: {
        software: app.name,
        requested_for_email: u.email,
        business_justification: `Needed for my work as ${u.title}.`,
      },
    },
    family: 'catalog',
    ok: {
      status: 200,
      body: {
        result: {
          sys_id: reqSysId,
          number,
          request_number: number,
          request_id: reqSysId,
          table: 'sc_request',
        },
      },
      message: `Ordered ${app.name} as ${number}`,
    },
  });
  if (!ordered || t.rng.chance(0.3)) return;
  t.wait(1000, 8000);
  t.call({
    action: 'get request',
    method: 'GET',
    path: `/api/now/table/sc_request/${reqSysId}`,
    query: {
      sysparm_fields: 'number,request_state,approval,requested_for',
      sysparm_display_value: 'true',
    },
    family: 'read',
    ok: {
      status: 200,
      body: {
        result: {
          number,
          request_state: 'Pending Approval',
          approval: 'Requested',
          requested_for: u.name,
        },
      },
      message: `Fetched ${number}`,
    },
  });
}

function runPlugin(t: Trace, plugin: Plugin, connector: Connector): void {
  switch (plugin) {
    case 'create ticket':
      if (isItsm(connector)) createTicket(t, connector);
      return;
    case 'comment on ticket':
      if (isItsm(connector)) commentOnTicket(t, connector);
      return;
    case 'resolve ticket':
      if (isItsm(connector)) resolveTicket(t, connector);
      return;
    case 'reopen ticket':
      if (isItsm(connector)) reopenTicket(t, connector);
      return;
    case 'ticket lookup':
      if (isItsm(connector)) ticketLookup(t, connector);
      return;
    case 'update approval':
      if (isItsm(connector)) updateApproval(t, connector);
      return;
    case 'connect to live agent':
      liveAgent(t, connector, false);
      return;
    case 'end live agent session':
      liveAgent(t, connector, true);
      return;
    case 'create group':
    case 'add group member':
    case 'remove group member':
      if (isIdp(connector)) groupOperation(t, connector, plugin);
      return;
    case 'update password':
    case 'unlock account':
      if (isIdp(connector)) accountOperation(t, connector, plugin);
      return;
    case 'provision software':
      provisionSoftware(t, connector);
      return;
    case 'System':
      if (isItsm(connector)) ITSM_OPS[connector].validate(t);
      else if (isIdp(connector)) IDP_OPS[connector].validate(t);
      return;
  }
}

// -------------------------------------------------------------------------------------------
// Scheduling

/** Upper bound of one trace's span; starts leave this much room before the window's end. */
const TRACE_RESERVE_MS = 3 * MINUTE;
/** The walkthrough traces are generated when there are at least this many api-log events ... */
export const DEMO_MIN_EVENTS = 200;
/** ... over a window at least this long. */
export const DEMO_MIN_WINDOW_MS = 12 * HOUR;

interface DemoPlan {
  at: number;
  connector: 'ServiceNow' | 'Jira Service Management';
  force?: Force;
}

function demoPlans(rng: Rng, window: Window): DemoPlan[] {
  const { start, end } = window;
  const span = end - start;
  const clamp = (t: number): number =>
    Math.min(end - TRACE_RESERVE_MS, Math.max(start, Math.floor(t)));
  const near = (t: number): number =>
    clamp(
      sampleWeighted(
        rng,
        Math.max(start, t - 4 * HOUR),
        Math.min(end - TRACE_RESERVE_MS, t + 4 * HOUR),
      ),
    );
  const fractions = [0.93, 0.78, 0.62, 0.46, 0.3, 0.15];
  const connectors = [
    'ServiceNow',
    'Jira Service Management',
    'ServiceNow',
    'Jira Service Management',
    'ServiceNow',
    'ServiceNow',
  ] as const;
  const plans: DemoPlan[] = fractions.map((f, i) => ({
    at: near(end - f * span),
    connector: connectors[i] ?? 'ServiceNow',
  }));
  // One create that hit a 503 and succeeded on retry.
  const retried = plans[1];
  if (retried) retried.force = 'transient';
  // The failing create (JSM rejects the payload), a few hours ago ...
  plans.push({
    at: clamp(end - 2.5 * HOUR - rng.int(0, 30 * MINUTE)),
    connector: 'Jira Service Management',
    force: 'payload-error',
  });
  // ... and the successful one within the last hour.
  plans.push({
    at: clamp(end - rng.int(20 * MINUTE, 50 * MINUTE)),
    connector: 'Jira Service Management',
  });
  return plans;
}

export function generateApiLogs(
  rng: Rng,
  ids: IdRegistry,
  window: Window,
  count: number,
): AuditEvent[] {
  const sink: AuditEvent[] = [];
  if (count <= 0) return sink;
  const ctx: ApiContext = { rng, ids, window, budget: { remaining: count }, sink };
  const egress = (): string => rng.pick(EGRESS_IPS);
  const env = (): Environment => (rng.chance(0.08) ? 'staging' : 'production');

  // The walkthrough user's create-ticket traces come first so that they always fit the budget
  // (only in data sets large enough for a walkthrough: not, e.g., a live feed's few events).
  const withDemo = count >= DEMO_MIN_EVENTS && window.end - window.start >= DEMO_MIN_WINDOW_MS;
  for (const plan of withDemo ? demoPlans(rng.fork('demo'), window) : []) {
    if (ctx.budget.remaining <= 0) break;
    const t = new Trace(
      ctx,
      {
        user: DEMO_USER,
        instance: instanceOf(plan.connector, 'production'),
        plugin: 'create ticket',
        skill: 'Ticketing',
        start: plan.at,
        noRandomFailures: true,
        authProbability: 1,
      },
      egress(),
    );
    const createOptions: CreateOptions = { topic: rng.pick(TICKET_TOPICS), noLookup: true };
    if (plan.force) createOptions.force = plan.force;
    createTicket(t, plan.connector, createOptions);
  }

  const users: (readonly [EndUser, number])[] = END_USERS.map((u) => [u, u.weight] as const);
  const admins: (readonly [EndUser, number])[] = IT_ADMINS.map((u) => [u, 1] as const);
  const starts = new StartTimes(rng, window, 4, 0.012);
  let guard = 0;
  while (ctx.budget.remaining > 0 && guard++ < count * 4 + 100) {
    const plugin = rng.weighted(PLUGIN_WEIGHTS);
    const connector = connectorFor(rng, plugin);
    const user = rng.weighted(plugin === 'System' ? admins : users);
    const t = new Trace(
      ctx,
      {
        user,
        instance: instanceOf(connector, env()),
        plugin,
        skill: skillOf(plugin),
        start: starts.next(TRACE_RESERVE_MS),
      },
      egress(),
    );
    runPlugin(t, plugin, connector);
  }
  return sink;
}
