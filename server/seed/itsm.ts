/** Ticketing calls of the three ITSM connectors, with their real URLs, bodies and responses. */
import { isoSeconds, jiraDate, snDate, type Itsm } from './connectors.js';
import { END_USERS, TICKET_TOPICS, type EndUser, type TicketTopic } from './people.js';
import type { Force, Trace } from './trace.js';

export interface TicketRef {
  /** The id used in URLs: sys_id, issue key, Zendesk ticket id. */
  id: string;
  /** Human number: INC0012345, ITSD-1234, #48213. */
  number: string;
  short: string;
}

export interface ItsmOps {
  lookupCaller(t: Trace): boolean;
  create(t: Trace, topic: TicketTopic, force?: Force): TicketRef | null;
  comment(t: Trace, ref: TicketRef, text: string, isPublic: boolean, force?: Force): boolean;
  get(t: Trace, ref: TicketRef, opts?: { mayNotExist?: boolean }): boolean;
  followUp(t: Trace, ref: TicketRef): boolean;
  search(t: Trace): TicketRef[] | null;
  resolve(t: Trace, ref: TicketRef): boolean;
  reopen(t: Trace, ref: TicketRef): boolean;
  existing(t: Trace, topic: TicketTopic): TicketRef;
  validate(t: Trace): void;
}

export function fillTopic(topic: TicketTopic, user: EndUser): string {
  return topic.description.replace('{phone}', user.phone);
}

function hhmm(ts: number): string {
  return new Date(ts).toISOString().slice(11, 16);
}

/** The public comment the assistant adds after filing: the user's own words and what was tried. */
export function commentText(t: Trace, topic: TicketTopic): string {
  const u = t.user;
  return t.rng.pick([
    `${u.first} confirmed via the AI assistant that the suggested steps did not help. Preferred contact: ${u.phone}.`,
    `Additional details from ${u.name}: this started today and is blocking work. Reach me at ${u.email}.`,
    `${u.name} (${u.title}, ${u.location}) reports: "${topic.short}". Troubleshooting article KB0010${t.rng.int(100, 999)} was offered and did not resolve the issue.`,
  ]);
}

/** The internal work note: provenance and the conversation transcript. */
export function workNoteText(t: Trace, topic: TicketTopic): string {
  const u = t.user;
  const ts = t.time;
  return [
    `Ticket filed by the AI assistant on behalf of ${u.name} <${u.email}>, ${u.department}.`,
    '',
    'Conversation transcript:',
    `[${hhmm(ts - 120_000)}] ${u.name}: ${topic.short.toLowerCase()}`,
    `[${hhmm(ts - 110_000)}] Assistant: I'm sorry to hear that. Here are a few things to try first.`,
    `[${hhmm(ts - 40_000)}] ${u.name}: didn't work, please file a ticket`,
    `[${hhmm(ts - 35_000)}] Assistant: Done. I've filed a ticket and shared your details with the service desk.`,
  ].join('\n');
}

const SN_GROUP_IDS = [
  '8a4dde73c6112278017a6a4baf547aa7',
  'd625dccec0a8016700a222a0f7900d06',
  '287ee6fea9fe198100ada7950d0b1b73',
];
const SN_STATES = ['New', 'In Progress', 'On Hold', 'Resolved'] as const;

// -------------------------------------------------------------------------------------------
// ServiceNow

export const serviceNow: ItsmOps = {
  lookupCaller(t) {
    const u = t.user;
    return t.call({
      action: 'get user',
      method: 'GET',
      path: '/api/now/table/sys_user',
      query: {
        sysparm_query: `email=${u.email}`,
        sysparm_fields: 'sys_id,name,email,phone,location',
        sysparm_limit: '1',
      },
      family: 'read',
      ok: {
        status: 200,
        body: {
          result: [
            {
              sys_id: u.ids.serviceNow,
              name: u.name,
              email: u.email,
              phone: u.phone,
              location: u.location,
            },
          ],
        },
        message: 'Found 1 user',
      },
    });
  },
  create(t, topic, force) {
    const u = t.user;
    const host = t.inst.host;
    const sysId = t.rng.hex(32);
    const number = `INC00${t.rng.int(10000, 19999)}`;
    const group = t.rng.pick(SN_GROUP_IDS);
    const body = {
      short_description: topic.short,
      description: fillTopic(topic, u),
      caller_id: u.ids.serviceNow,
      urgency: String(topic.urgency),
      impact: '3',
      contact_type: 'virtual_agent',
      category: topic.category,
    };
    const ok = t.call({
      action: 'create ticket',
      method: 'POST',
      path: '/api/now/table/incident',
      query: { sysparm_input_display_value: 'false', sysparm_exclude_reference_link: 'false' },
      body,
      family: 'ticket',
      force,
      ok: {
        status: 201,
        body: {
          result: {
            sys_id: sysId,
            number,
            state: '1',
            active: 'true',
            impact: '3',
            urgency: body.urgency,
            priority: String(Math.min(5, topic.urgency + 2)),
            short_description: topic.short,
            description: body.description,
            caller_id: {
              link: `https://${host}/api/now/table/sys_user/${u.ids.serviceNow}`,
              value: u.ids.serviceNow,
            },
            contact_type: 'virtual_agent',
            category: topic.category,
            opened_at: snDate(t.time),
            sys_created_on: snDate(t.time),
            sys_updated_on: snDate(t.time),
            sys_created_by: 'moveworks.integration',
            assignment_group: {
              link: `https://${host}/api/now/table/sys_user_group/${group}`,
              value: group,
            },
          },
        },
        message: `Created incident ${number}`,
      },
    });
    return ok ? { id: sysId, number, short: topic.short } : null;
  },
  comment(t, ref, text, isPublic, force) {
    const element = isPublic ? 'comments' : 'work_notes';
    return t.call({
      action: isPublic ? 'add comment' : 'add work note',
      method: 'POST',
      path: '/api/now/table/sys_journal_field',
      body: { element, element_id: ref.id, name: 'incident', value: text },
      family: 'comment',
      force,
      ok: {
        status: 201,
        body: {
          result: {
            sys_id: t.rng.hex(32),
            element,
            element_id: ref.id,
            name: 'incident',
            value: text,
            sys_created_on: snDate(t.time),
            sys_created_by: 'moveworks.integration',
          },
        },
        message: `Added ${isPublic ? 'comment' : 'work note'} to ${ref.number}`,
      },
    });
  },
  get(t, ref, opts) {
    return t.call({
      action: 'get ticket',
      method: 'GET',
      path: `/api/now/table/incident/${ref.id}`,
      query: {
        sysparm_display_value: 'true',
        sysparm_exclude_reference_link: 'true',
        sysparm_fields:
          'sys_id,number,state,short_description,caller_id,assignment_group,assigned_to,priority,sys_updated_on',
      },
      family: 'read',
      mayNotExist: opts?.mayNotExist ?? false,
      ok: {
        status: 200,
        body: {
          result: {
            sys_id: ref.id,
            number: ref.number,
            state: t.rng.pick(SN_STATES),
            short_description: ref.short,
            caller_id: t.user.name,
            assignment_group: t.rng.pick([
              'Service Desk',
              'Network Operations',
              'End User Computing',
              'Identity & Access',
            ]),
            assigned_to: t.rng.chance(0.5) ? t.rng.pick(END_USERS.filter((p) => p.admin)).name : '',
            priority: t.rng.pick(['3 - Moderate', '4 - Low', '2 - High']),
            sys_updated_on: snDate(t.time - t.rng.int(1000, 600_000)),
          },
        },
        message: `Fetched ${ref.number}`,
      },
    });
  },
  followUp(t, ref) {
    return t.call({
      action: 'get ticket comments',
      method: 'GET',
      path: '/api/now/table/sys_journal_field',
      query: {
        sysparm_query: `element_id=${ref.id}^ORDERBYDESCsys_created_on`,
        sysparm_fields: 'element,value,sys_created_on,sys_created_by',
        sysparm_limit: '10',
      },
      family: 'read',
      ok: {
        status: 200,
        body: {
          result: [
            {
              element: 'work_notes',
              value: `Ticket filed by the AI assistant on behalf of ${t.user.name} <${t.user.email}>.`,
              sys_created_on: snDate(t.time - 20_000),
              sys_created_by: 'moveworks.integration',
            },
            {
              element: 'comments',
              value: `Additional details from ${t.user.name}.`,
              sys_created_on: snDate(t.time - 21_000),
              sys_created_by: 'moveworks.integration',
            },
          ],
        },
        message: `Fetched 2 journal entries of ${ref.number}`,
      },
    });
  },
  search(t) {
    const n = t.rng.int(0, 4);
    const refs = Array.from({ length: n }, () => serviceNow.existing(t, t.rng.pick(TICKET_TOPICS)));
    const ok = t.call({
      action: 'search tickets',
      method: 'GET',
      path: '/api/now/table/incident',
      query: {
        sysparm_query: `caller_id.email=${t.user.email}^active=true^ORDERBYDESCsys_updated_on`,
        sysparm_fields: 'sys_id,number,short_description,state,sys_updated_on',
        sysparm_limit: '5',
      },
      family: 'read',
      ok: {
        status: 200,
        body: {
          result: refs.map((r) => ({
            sys_id: r.id,
            number: r.number,
            short_description: r.short,
            state: t.rng.pick(['1', '2', '3']),
            sys_updated_on: snDate(t.time - t.rng.int(3_600_000, 400_000_000)),
          })),
        },
        message: `Found ${n} ticket${n === 1 ? '' : 's'}`,
      },
    });
    return ok ? refs : null;
  },
  resolve(t, ref) {
    return t.call({
      action: 'resolve ticket',
      method: 'PATCH',
      path: `/api/now/table/incident/${ref.id}`,
      body: {
        state: '6',
        close_code: 'Solved (Permanently)',
        close_notes: `Resolved by ${t.user.name} via the AI assistant: the issue no longer occurs.`,
      },
      family: 'transition',
      mayNotExist: true,
      ok: {
        status: 200,
        body: {
          result: {
            sys_id: ref.id,
            number: ref.number,
            state: '6',
            close_code: 'Solved (Permanently)',
            resolved_at: snDate(t.time),
            sys_updated_on: snDate(t.time),
          },
        },
        message: `Resolved ${ref.number}`,
      },
    });
  },
  reopen(t, ref) {
    return t.call({
      action: 'reopen ticket',
      method: 'PATCH',
      path: `/api/now/table/incident/${ref.id}`,
      body: {
        state: '2',
        comments: `Reopened by ${t.user.name}: the problem came back. Contact: ${t.user.phone}`,
      },
      family: 'transition',
      mayNotExist: true,
      ok: {
        status: 200,
        body: {
          result: {
            sys_id: ref.id,
            number: ref.number,
            state: '2',
            reopen_count: String(t.rng.int(1, 3)),
            sys_updated_on: snDate(t.time),
          },
        },
        message: `Reopened ${ref.number}`,
      },
    });
  },
  existing(t, topic) {
    return { id: t.rng.hex(32), number: `INC00${t.rng.int(10000, 19999)}`, short: topic.short };
  },
  validate(t) {
    const someone = t.rng.pick(END_USERS);
    t.call({
      action: 'validate connector',
      method: 'GET',
      path: '/api/now/table/sys_user',
      query: { sysparm_limit: '1' },
      family: 'read',
      ok: {
        status: 200,
        body: {
          result: [
            {
              sys_id: someone.ids.serviceNow,
              user_name: someone.email.split('@')[0],
              name: someone.name,
              email: someone.email,
              active: 'true',
            },
          ],
        },
        message: 'Connector reachable',
      },
    });
    if (t.rng.chance(0.6)) {
      t.call({
        action: 'get instance version',
        method: 'GET',
        path: '/api/now/table/sys_properties',
        query: { sysparm_query: 'name=glide.buildtag.last', sysparm_fields: 'value' },
        family: 'read',
        ok: {
          status: 200,
          body: { result: [{ value: 'glide-xanadu-07-02-2024__patch5-01-22-2025' }] },
          message: 'Fetched instance build tag',
        },
      });
    }
  },
};

// -------------------------------------------------------------------------------------------
// Jira Service Management

const JSM_DESK = '4';
const JSM_REQUEST_TYPES: Record<string, string> = {
  network: '21',
  software: '22',
  hardware: '23',
  access: '24',
  finance: '25',
  hr: '26',
  facilities: '27',
  security: '28',
};
const JSM_AGENT = {
  accountId: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077',
  displayName: 'Moveworks Integration',
  active: true,
};

function jsmReporter(u: EndUser, host: string): Record<string, unknown> {
  return {
    accountId: u.ids.jira,
    emailAddress: u.email,
    displayName: u.name,
    active: true,
    timeZone: 'America/Chicago',
    _links: { self: `https://${host}/rest/api/3/user?accountId=${encodeURIComponent(u.ids.jira)}` },
  };
}

export const jiraServiceManagement: ItsmOps = {
  lookupCaller(t) {
    const u = t.user;
    return t.call({
      action: 'get user',
      method: 'GET',
      path: `/rest/servicedeskapi/servicedesk/${JSM_DESK}/customer`,
      query: { query: u.email, limit: '1' },
      family: 'read',
      ok: {
        status: 200,
        body: {
          size: 1,
          start: 0,
          limit: 1,
          isLastPage: true,
          values: [jsmReporter(u, t.inst.host)],
        },
        message: 'Found 1 customer',
      },
    });
  },
  create(t, topic, force) {
    const u = t.user;
    const host = t.inst.host;
    const key = `ITSD-${t.rng.int(1200, 4999)}`;
    const issueId = String(t.rng.int(10100, 19999));
    const description = fillTopic(topic, u);
    const ok = t.call({
      action: 'create ticket',
      method: 'POST',
      path: '/rest/servicedeskapi/request',
      body: {
        serviceDeskId: JSM_DESK,
        requestTypeId: JSM_REQUEST_TYPES[topic.category] ?? '21',
        requestFieldValues: { summary: topic.short, description },
        raiseOnBehalfOf: u.email,
      },
      family: 'ticket',
      force,
      ok: {
        status: 201,
        body: {
          _expands: [
            'participant',
            'status',
            'sla',
            'requestType',
            'serviceDesk',
            'attachment',
            'action',
            'comment',
          ],
          issueId,
          issueKey: key,
          requestTypeId: JSM_REQUEST_TYPES[topic.category] ?? '21',
          serviceDeskId: JSM_DESK,
          createdDate: jiraDate(t.time),
          reporter: jsmReporter(u, host),
          requestFieldValues: [
            { fieldId: 'summary', label: 'Summary', value: topic.short },
            { fieldId: 'description', label: 'Description', value: description },
          ],
          currentStatus: {
            status: 'Waiting for support',
            statusCategory: 'NEW',
            statusDate: jiraDate(t.time),
          },
          _links: {
            jiraRest: `https://${host}/rest/api/2/issue/${issueId}`,
            web: `https://${host}/servicedesk/customer/portal/${JSM_DESK}/${key}`,
            self: `https://${host}/rest/servicedeskapi/request/${issueId}`,
          },
        },
        message: `Created request ${key}`,
      },
    });
    return ok ? { id: key, number: key, short: topic.short } : null;
  },
  comment(t, ref, text, isPublic, force) {
    const id = String(t.rng.int(10000, 99999));
    return t.call({
      action: isPublic ? 'add comment' : 'add work note',
      method: 'POST',
      path: `/rest/servicedeskapi/request/${ref.id}/comment`,
      body: { body: text, public: isPublic },
      family: 'comment',
      force,
      mayNotExist: false,
      ok: {
        status: 201,
        body: {
          id,
          body: text,
          public: isPublic,
          author: JSM_AGENT,
          created: jiraDate(t.time),
          _links: {
            self: `https://${t.inst.host}/rest/servicedeskapi/request/${ref.id}/comment/${id}`,
          },
        },
        message: `Added ${isPublic ? 'comment' : 'work note'} to ${ref.number}`,
      },
    });
  },
  get(t, ref, opts) {
    return t.call({
      action: 'get ticket',
      method: 'GET',
      path: `/rest/api/3/issue/${ref.id}`,
      query: { fields: 'summary,status,assignee,reporter,priority,updated' },
      family: 'read',
      mayNotExist: opts?.mayNotExist ?? false,
      ok: {
        status: 200,
        body: {
          id: String(t.rng.int(10100, 19999)),
          key: ref.id,
          self: `https://${t.inst.host}/rest/api/3/issue/${ref.id}`,
          fields: {
            summary: ref.short,
            status: {
              name: t.rng.pick(['Waiting for support', 'In Progress', 'Waiting for customer']),
              statusCategory: { key: 'new' },
            },
            assignee: null,
            reporter: {
              accountId: t.user.ids.jira,
              displayName: t.user.name,
              emailAddress: t.user.email,
            },
            priority: { name: t.rng.pick(['Medium', 'High', 'Low']) },
            updated: `${new Date(t.time - t.rng.int(1000, 600_000)).toISOString().slice(0, 23)}+0000`,
          },
        },
        message: `Fetched ${ref.number}`,
      },
    });
  },
  followUp(t, ref) {
    return t.call({
      action: 'get ticket',
      method: 'GET',
      path: `/rest/servicedeskapi/request/${ref.id}`,
      query: { expand: 'status,participant' },
      family: 'read',
      ok: {
        status: 200,
        body: {
          issueKey: ref.id,
          currentStatus: {
            status: 'Waiting for support',
            statusCategory: 'NEW',
            statusDate: jiraDate(t.time - 30_000),
          },
          reporter: jsmReporter(t.user, t.inst.host),
          participants: { size: 0, values: [] },
        },
        message: `Fetched ${ref.number}`,
      },
    });
  },
  search(t) {
    const n = t.rng.int(0, 4);
    const refs = Array.from({ length: n }, () =>
      jiraServiceManagement.existing(t, t.rng.pick(TICKET_TOPICS)),
    );
    const ok = t.call({
      action: 'search tickets',
      method: 'GET',
      path: '/rest/api/3/search/jql',
      query: {
        jql: `reporter = "${t.user.ids.jira}" AND statusCategory != Done ORDER BY updated DESC`,
        fields: 'summary,status,updated',
        maxResults: '5',
      },
      family: 'read',
      ok: {
        status: 200,
        body: {
          issues: refs.map((r) => ({
            id: String(t.rng.int(10100, 19999)),
            key: r.id,
            fields: { summary: r.short, status: { name: 'In Progress' } },
          })),
          isLast: true,
        },
        message: `Found ${n} ticket${n === 1 ? '' : 's'}`,
      },
    });
    return ok ? refs : null;
  },
  resolve(t, ref) {
    if (!jsmTransitions(t, ref)) return false;
    return t.call({
      action: 'resolve ticket',
      method: 'POST',
      path: `/rest/api/3/issue/${ref.id}/transitions`,
      body: { transition: { id: '761' }, fields: { resolution: { name: 'Done' } } },
      family: 'transition',
      ok: { status: 204, message: `Resolved ${ref.number}` },
    });
  },
  reopen(t, ref) {
    if (!jsmTransitions(t, ref)) return false;
    return t.call({
      action: 'reopen ticket',
      method: 'POST',
      path: `/rest/api/3/issue/${ref.id}/transitions`,
      body: {
        transition: { id: '781' },
        update: {
          comment: [
            {
              add: {
                body: {
                  type: 'doc',
                  version: 1,
                  content: [
                    {
                      type: 'paragraph',
                      content: [
                        {
                          type: 'text',
                          text: `Reopened by ${t.user.name}: the problem came back.`,
                        },
                      ],
                    },
                  ],
                },
              },
            },
          ],
        },
      },
      family: 'transition',
      ok: { status: 204, message: `Reopened ${ref.number}` },
    });
  },
  existing(t, topic) {
    const key = `ITSD-${t.rng.int(1200, 4999)}`;
    return { id: key, number: key, short: topic.short };
  },
  validate(t) {
    t.call({
      action: 'validate connector',
      method: 'GET',
      path: '/rest/api/3/myself',
      family: 'read',
      ok: {
        status: 200,
        body: { ...JSM_AGENT, accountType: 'app', timeZone: 'Etc/GMT' },
        message: 'Connector reachable',
      },
    });
    t.call({
      action: 'list service desks',
      method: 'GET',
      path: '/rest/servicedeskapi/servicedesk',
      family: 'read',
      ok: {
        status: 200,
        body: {
          size: 2,
          start: 0,
          limit: 50,
          isLastPage: true,
          values: [
            { id: '4', projectId: '10004', projectName: 'IT Service Desk', projectKey: 'ITSD' },
            { id: '6', projectId: '10006', projectName: 'HR Help', projectKey: 'HR' },
          ],
        },
        message: 'Found 2 service desks',
      },
    });
  },
};

function jsmTransitions(t: Trace, ref: TicketRef): boolean {
  return t.call({
    action: 'get transitions',
    method: 'GET',
    path: `/rest/api/3/issue/${ref.id}/transitions`,
    family: 'read',
    mayNotExist: true,
    ok: {
      status: 200,
      body: {
        transitions: [
          { id: '761', name: 'Resolve this issue', to: { name: 'Resolved' } },
          { id: '781', name: 'Reopen', to: { name: 'In Progress' } },
          { id: '851', name: 'Pending', to: { name: 'Pending' } },
        ],
      },
      message: `Fetched transitions of ${ref.number}`,
    },
  });
}

// -------------------------------------------------------------------------------------------
// Zendesk

function zdTicket(
  t: Trace,
  id: string,
  subject: string,
  description: string,
  status: string,
): Record<string, unknown> {
  return {
    url: `https://${t.inst.host}/api/v2/tickets/${id}.json`,
    id: Number(id),
    external_id: null,
    type: 'incident',
    subject,
    raw_subject: subject,
    description,
    priority: 'normal',
    status,
    requester_id: t.user.ids.zendesk,
    submitter_id: 381626101132,
    assignee_id: null,
    group_id: 360004215432,
    tags: ['moveworks', 'via_assistant'],
    created_at: isoSeconds(t.time - (status === 'new' ? 0 : t.rng.int(60_000, 300_000_000))),
    updated_at: isoSeconds(t.time),
  };
}

function withoutDescription(ticket: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...ticket };
  delete rest.description;
  return rest;
}

function zdUpdate(
  t: Trace,
  ref: TicketRef,
  body: Record<string, unknown>,
  action: string,
  message: string,
  force?: Force,
): boolean {
  const ticket = body.ticket as Record<string, unknown>;
  return t.call({
    action,
    method: 'PUT',
    path: `/api/v2/tickets/${ref.id}.json`,
    body,
    family: action === 'add comment' || action === 'add work note' ? 'comment' : 'transition',
    force,
    mayConflict: true,
    ok: {
      status: 200,
      body: {
        ticket: withoutDescription(
          zdTicket(
            t,
            ref.id,
            ref.short,
            '',
            typeof ticket.status === 'string' ? ticket.status : 'open',
          ),
        ),
        audit: {
          id: t.rng.int(20_000_000_000, 29_999_999_999),
          ticket_id: Number(ref.id),
          created_at: isoSeconds(t.time),
          author_id: 381626101132,
          events: [
            {
              type: 'Comment',
              public: (ticket.comment as { public?: boolean } | undefined)?.public ?? true,
            },
          ],
        },
      },
      message,
    },
  });
}

export const zendesk: ItsmOps = {
  lookupCaller(t) {
    const u = t.user;
    return t.call({
      action: 'get user',
      method: 'GET',
      path: '/api/v2/users/search.json',
      query: { query: `email:${u.email}` },
      family: 'read',
      ok: {
        status: 200,
        body: {
          users: [
            {
              id: u.ids.zendesk,
              name: u.name,
              email: u.email,
              phone: u.phone,
              role: 'end-user',
              time_zone: 'America/Chicago',
            },
          ],
          count: 1,
        },
        message: 'Found 1 user',
      },
    });
  },
  create(t, topic, force) {
    const u = t.user;
    const id = String(t.rng.int(40000, 69999));
    const description = fillTopic(topic, u);
    const priority = topic.urgency === 1 ? 'high' : 'normal';
    const ok = t.call({
      action: 'create ticket',
      method: 'POST',
      path: '/api/v2/tickets.json',
      body: {
        ticket: {
          subject: topic.short,
          comment: { body: description },
          requester: { name: u.name, email: u.email },
          priority,
          type: 'incident',
          tags: ['moveworks', topic.category],
        },
      },
      family: 'ticket',
      force,
      ok: {
        status: 201,
        body: { ticket: zdTicket(t, id, topic.short, description, 'new') },
        message: `Created ticket #${id}`,
      },
    });
    return ok ? { id, number: `#${id}`, short: topic.short } : null;
  },
  comment(t, ref, text, isPublic, force) {
    return zdUpdate(
      t,
      ref,
      { ticket: { comment: { body: text, public: isPublic } } },
      isPublic ? 'add comment' : 'add work note',
      `Added ${isPublic ? 'comment' : 'internal note'} to ${ref.number}`,
      force,
    );
  },
  get(t, ref, opts) {
    return t.call({
      action: 'get ticket',
      method: 'GET',
      path: `/api/v2/tickets/${ref.id}.json`,
      family: 'read',
      mayNotExist: opts?.mayNotExist ?? false,
      ok: {
        status: 200,
        body: {
          ticket: zdTicket(t, ref.id, ref.short, ref.short, t.rng.pick(['new', 'open', 'pending'])),
        },
        message: `Fetched ${ref.number}`,
      },
    });
  },
  followUp(t, ref) {
    return t.call({
      action: 'get ticket comments',
      method: 'GET',
      path: `/api/v2/tickets/${ref.id}/comments.json`,
      query: { sort_order: 'desc' },
      family: 'read',
      ok: {
        status: 200,
        body: {
          comments: [
            {
              id: t.rng.int(20_000_000_000, 29_999_999_999),
              type: 'Comment',
              public: false,
              author_id: 381626101132,
              body: `Ticket filed by the AI assistant on behalf of ${t.user.name} <${t.user.email}>.`,
              created_at: isoSeconds(t.time - 20_000),
            },
          ],
          count: 1,
        },
        message: `Fetched 1 comment of ${ref.number}`,
      },
    });
  },
  search(t) {
    const n = t.rng.int(0, 4);
    const refs = Array.from({ length: n }, () => zendesk.existing(t, t.rng.pick(TICKET_TOPICS)));
    const ok = t.call({
      action: 'search tickets',
      method: 'GET',
      path: '/api/v2/search.json',
      query: {
        query: `type:ticket requester:${t.user.email} status<solved`,
        sort_by: 'updated_at',
        sort_order: 'desc',
      },
      family: 'read',
      ok: {
        status: 200,
        body: {
          results: refs.map((r) => ({
            ...zdTicket(t, r.id, r.short, r.short, 'open'),
            result_type: 'ticket',
          })),
          count: n,
          next_page: null,
          previous_page: null,
        },
        message: `Found ${n} ticket${n === 1 ? '' : 's'}`,
      },
    });
    return ok ? refs : null;
  },
  resolve(t, ref) {
    return zdUpdate(
      t,
      ref,
      {
        ticket: {
          status: 'solved',
          comment: { body: `Resolved by ${t.user.name} via the AI assistant.`, public: true },
        },
      },
      'resolve ticket',
      `Solved ${ref.number}`,
    );
  },
  reopen(t, ref) {
    return zdUpdate(
      t,
      ref,
      {
        ticket: {
          status: 'open',
          comment: { body: `Reopened by ${t.user.name}: the problem came back.`, public: true },
        },
      },
      'reopen ticket',
      `Reopened ${ref.number}`,
    );
  },
  existing(t, topic) {
    const id = String(t.rng.int(40000, 69999));
    return { id, number: `#${id}`, short: topic.short };
  },
  validate(t) {
    t.call({
      action: 'validate connector',
      method: 'GET',
      path: '/api/v2/users/me.json',
      family: 'read',
      ok: {
        status: 200,
        body: {
          user: {
            id: 381626101132,
            name: 'Moveworks Integration',
            email: 'integrations@acme.example',
            role: 'admin',
            active: true,
          },
        },
        message: 'Connector reachable',
      },
    });
    if (t.rng.chance(0.5)) {
      t.call({
        action: 'list groups',
        method: 'GET',
        path: '/api/v2/groups.json',
        family: 'read',
        ok: {
          status: 200,
          body: {
            groups: [
              { id: 360004215432, name: 'IT Support' },
              { id: 360004215433, name: 'Facilities' },
            ],
            count: 2,
          },
          message: 'Found 2 groups',
        },
      });
    }
  },
};

export const ITSM_OPS: Record<Itsm, ItsmOps> = {
  ServiceNow: serviceNow,
  'Jira Service Management': jiraServiceManagement,
  Zendesk: zendesk,
};
