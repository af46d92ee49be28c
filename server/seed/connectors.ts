/**
 * The external systems the assistant calls (ITSM and identity providers): their instances,
 * token endpoints, URL conventions, response headers and real error-body shapes.
 */
import { Rng } from './random.js';

export type Connector =
  'ServiceNow' | 'Jira Service Management' | 'Zendesk' | 'Okta' | 'Microsoft Entra ID';
export type Itsm = 'ServiceNow' | 'Jira Service Management' | 'Zendesk';
export type Idp = 'Okta' | 'Microsoft Entra ID';
export type Environment = 'production' | 'staging';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Instance {
  connector: Connector;
  environment: Environment;
  /** Host of the API URLs. */
  host: string;
  /** `target.name` of the events: the instance host (for Entra, the tenant's primary domain). */
  name: string;
  tokenUrl?: string;
  clientId: string;
  clientSecret: string;
  /** Entra tenant id. */
  tenantId?: string;
}

const fixed = new Rng(0xc0ffee, 7);

function instance(
  connector: Connector,
  environment: Environment,
  host: string,
  name: string,
  tokenUrl: string | undefined,
  clientId: string,
  clientSecret: string,
  tenantId?: string,
): Instance {
  const i: Instance = { connector, environment, host, name, clientId, clientSecret };
  if (tokenUrl) i.tokenUrl = tokenUrl;
  if (tenantId) i.tenantId = tenantId;
  return i;
}

const ENTRA_TENANT_PROD = fixed.uuid();
const ENTRA_TENANT_TEST = fixed.uuid();

const INSTANCES: readonly Instance[] = [
  instance(
    'ServiceNow',
    'production',
    'acme.service-now.com',
    'acme.service-now.com',
    'https://acme.service-now.com/oauth_token.do',
    fixed.hex(32),
    fixed.alnum(24),
  ),
  instance(
    'ServiceNow',
    'staging',
    'acmedev.service-now.com',
    'acmedev.service-now.com',
    'https://acmedev.service-now.com/oauth_token.do',
    fixed.hex(32),
    fixed.alnum(24),
  ),
  instance(
    'Jira Service Management',
    'production',
    'acme.atlassian.net',
    'acme.atlassian.net',
    'https://acme.atlassian.net/oauth/token',
    fixed.alnum(32),
    `ATOA${fixed.alnum(60)}`,
  ),
  instance(
    'Jira Service Management',
    'staging',
    'acme-sandbox.atlassian.net',
    'acme-sandbox.atlassian.net',
    'https://acme-sandbox.atlassian.net/oauth/token',
    fixed.alnum(32),
    `ATOA${fixed.alnum(60)}`,
  ),
  // Zendesk OAuth access tokens do not expire: no token call per trace.
  instance(
    'Zendesk',
    'production',
    'acme.zendesk.com',
    'acme.zendesk.com',
    undefined,
    'moveworks_integration',
    fixed.hex(64),
  ),
  instance(
    'Zendesk',
    'staging',
    'acme-sandbox.zendesk.com',
    'acme-sandbox.zendesk.com',
    undefined,
    'moveworks_integration',
    fixed.hex(64),
  ),
  instance(
    'Okta',
    'production',
    'acme.okta.com',
    'acme.okta.com',
    'https://acme.okta.com/oauth2/v1/token',
    `0oa${fixed.alnum(17)}`,
    fixed.base64url(40),
  ),
  instance(
    'Okta',
    'staging',
    'acme.oktapreview.com',
    'acme.oktapreview.com',
    'https://acme.oktapreview.com/oauth2/v1/token',
    `0oa${fixed.alnum(17)}`,
    fixed.base64url(40),
  ),
  instance(
    'Microsoft Entra ID',
    'production',
    'graph.microsoft.com',
    'acme.onmicrosoft.com',
    `https://login.microsoftonline.com/${ENTRA_TENANT_PROD}/oauth2/v2.0/token`,
    fixed.uuid(),
    `${fixed.alnum(3)}8Q~${fixed.base64url(34)}`,
    ENTRA_TENANT_PROD,
  ),
  instance(
    'Microsoft Entra ID',
    'staging',
    'graph.microsoft.com',
    'acmetest.onmicrosoft.com',
    `https://login.microsoftonline.com/${ENTRA_TENANT_TEST}/oauth2/v2.0/token`,
    fixed.uuid(),
    `${fixed.alnum(3)}8Q~${fixed.base64url(34)}`,
    ENTRA_TENANT_TEST,
  ),
];

export function instanceOf(connector: Connector, environment: Environment): Instance {
  const i = INSTANCES.find((x) => x.connector === connector && x.environment === environment);
  if (!i) throw new Error(`no ${environment} instance of ${connector}`);
  return i;
}

/** URL patterns of the token endpoints above (the service's ingest drops these calls). */
export const AUTH_URL_PATTERNS: readonly RegExp[] = [
  /^https:\/\/login\.microsoftonline\.com\/[^/]+\/oauth2\/v2\.0\/token(?:\?|$)/,
  /^https:\/\/[^/]+\/oauth2\/v1\/token(?:\?|$)/,
  /^https:\/\/[^/]+\/oauth_token\.do(?:\?|$)/,
  /^https:\/\/[^/]+\/oauth\/token(?:\?|$)/,
];

export type Query = Record<string, string>;

function encodeComponent(s: string, isKey: boolean): string {
  const e = encodeURIComponent(s);
  // OData system query options are written `$filter=` in practice.
  return isKey ? e.replace(/%24/g, '$') : e;
}

export function buildUrl(host: string, path: string, query?: Query): string {
  const base = `https://${host}${path}`;
  if (!query) return base;
  const qs = Object.entries(query)
    .map(([k, v]) => `${encodeComponent(k, true)}=${encodeComponent(v, false)}`)
    .join('&');
  return qs ? `${base}?${qs}` : base;
}

export function formEncode(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

function b64url(s: string): string {
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A fake (unsigned, random-signature) JWT as issued by the instance's token endpoint. */
export function fakeJwt(rng: Rng, inst: Instance, iat: number): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: rng.alnum(10) }));
  const payload = b64url(
    JSON.stringify({
      iss: inst.tokenUrl ? new URL(inst.tokenUrl).origin : `https://${inst.host}`,
      sub: inst.clientId,
      aud: `https://${inst.host}`,
      iat: Math.floor(iat / 1000),
      exp: Math.floor(iat / 1000) + 3600,
      jti: rng.uuid(),
    }),
  );
  return `${header}.${payload}.${rng.base64url(86)}`;
}

// ---------------------------------------------------------------------------------------------
// Dates in the connectors' own formats

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** ServiceNow glide date-time: `2025-01-13 10:02:11` (UTC). */
export function snDate(ts: number): string {
  return new Date(ts).toISOString().slice(0, 19).replace('T', ' ');
}

/** Jira's date object. */
export function jiraDate(ts: number): Record<string, string | number> {
  const d = new Date(ts);
  const iso = d.toISOString();
  const h = d.getUTCHours();
  return {
    iso8601: `${iso.slice(0, 19)}+0000`,
    jira: `${iso.slice(0, 23)}+0000`,
    friendly: `${pad(d.getUTCDate())}/${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]}/${String(d.getUTCFullYear()).slice(2)} ${((h + 11) % 12) + 1}:${pad(d.getUTCMinutes())} ${h < 12 ? 'AM' : 'PM'}`,
    epochMillis: ts,
  };
}

/** ISO without milliseconds (`2025-01-13T10:02:11Z`), as Zendesk and Okta write it. */
export function isoSeconds(ts: number): string {
  return `${new Date(ts).toISOString().slice(0, 19)}Z`;
}

export function isoMillis(ts: number): string {
  return new Date(ts).toISOString();
}

// ---------------------------------------------------------------------------------------------
// Response headers

export function responseHeaders(
  rng: Rng,
  connector: Connector,
  status: number,
  ts: number,
  hasJsonBody: boolean,
  htmlBody: boolean,
): Record<string, string> {
  const h: Record<string, string> = {};
  if (htmlBody) h['content-type'] = 'text/html';
  else if (hasJsonBody) {
    h['content-type'] =
      connector === 'Microsoft Entra ID'
        ? 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8'
        : connector === 'Zendesk'
          ? 'application/json; charset=utf-8'
          : connector === 'Okta'
            ? 'application/json'
            : 'application/json;charset=UTF-8';
  }
  h.date = new Date(ts).toUTCString();
  if (htmlBody) {
    h.server = rng.pick(['awselb/2.0', 'cloudflare', 'nginx']);
    return h;
  }
  switch (connector) {
    case 'ServiceNow':
      h['x-is-logged-in'] = 'true';
      h['x-transaction-id'] = rng.hex(12);
      h['strict-transport-security'] = 'max-age=63072000; includeSubDomains';
      if (rng.chance(0.5)) {
        h['set-cookie'] = rng.chance(0.6)
          ? `JSESSIONID=${rng.hex(32).toUpperCase()}; Path=/; HttpOnly; SameSite=None; Secure`
          : `glide_user_route=glide.${rng.hex(32)}; Max-Age=2147483647; Path=/; HttpOnly; SameSite=None; Secure`;
      }
      break;
    case 'Jira Service Management':
      h['x-arequestid'] = rng.hex(32);
      h['atl-traceid'] = rng.hex(16);
      h['x-ratelimit-remaining'] = String(rng.int(80, 349));
      break;
    case 'Zendesk':
      h['x-zendesk-api-version'] = 'v2';
      h['x-request-id'] = `${rng.hex(16)}-IAD`;
      h['x-rate-limit'] = '700';
      h['x-rate-limit-remaining'] = String(rng.int(200, 699));
      if (rng.chance(0.3)) {
        h['set-cookie'] =
          `__cfruid=${rng.hex(40)}-${Math.floor(ts / 1000)}; path=/; domain=.zendesk.com; HttpOnly; Secure; SameSite=None`;
      }
      break;
    case 'Okta':
      h['x-okta-request-id'] = rng.base64url(27);
      h['x-rate-limit-limit'] = '600';
      h['x-rate-limit-remaining'] = String(rng.int(100, 599));
      h['x-rate-limit-reset'] = String(Math.floor(ts / 1000) + rng.int(5, 60));
      if (rng.chance(0.15))
        h['set-cookie'] = 'sid=""; Expires=Thu, 01-Jan-1970 00:00:10 GMT; Path=/';
      break;
    case 'Microsoft Entra ID':
      h['request-id'] = rng.uuid();
      h['client-request-id'] = rng.uuid();
      h['x-ms-ags-diagnostic'] = JSON.stringify({
        ServerInfo: {
          DataCenter: 'West US 2',
          Slice: 'E',
          Ring: '1',
          ScaleUnit: '000',
          RoleInstance: `MW2PEPF0000${rng.hex(4).toUpperCase()}`,
        },
      });
      break;
  }
  if (status === 429) h['retry-after'] = String(rng.int(1, 5));
  return h;
}

// ---------------------------------------------------------------------------------------------
// Error responses in each connector's real shape

export type Family =
  | 'auth'
  | 'ticket'
  | 'comment'
  | 'transition'
  | 'approval'
  | 'live-agent'
  | 'group'
  | 'member'
  | 'password'
  | 'unlock'
  | 'app'
  | 'catalog'
  | 'read';

export interface ErrorResponse {
  status: number;
  body: unknown;
  /** One-line summary for the event message. */
  summary: string;
}

export const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function sn(message: string, detail: string): unknown {
  return { error: { message, detail }, status: 'failure' };
}

function okta(rng: Rng, code: string, summary: string, causes: string[] = []): unknown {
  return {
    errorCode: code,
    errorSummary: summary,
    errorLink: code,
    errorId: `oae${rng.base64url(22)}`,
    errorCauses: causes.map((c) => ({ errorSummary: c })),
  };
}

function graph(rng: Rng, ts: number, code: string, message: string): unknown {
  return {
    error: {
      code,
      message,
      innerError: {
        date: isoSeconds(ts).slice(0, 19),
        'request-id': rng.uuid(),
        'client-request-id': rng.uuid(),
      },
    },
  };
}

interface Ctx {
  ts: number;
  path: string;
  /** An id the request referred to (for 404 messages). */
  ref?: string;
}

/** A validation error (the request payload was rejected): 400, or 422 for Zendesk. */
export function payloadError(
  rng: Rng,
  connector: Connector,
  family: Family,
  ctx: Ctx,
): ErrorResponse {
  switch (connector) {
    case 'ServiceNow': {
      const options: [string, string][] =
        family === 'ticket'
          ? [
              [
                'Operation Failed',
                'Data Policy Exception: \n  The following fields are mandatory: Category, Assignment group',
              ],
              [
                'Invalid value',
                "Invalid value '5' for choice field urgency; valid values are 1, 2, 3",
              ],
              [
                'Exception while reading request',
                "Unexpected character ('}' (code 125)): was expecting double-quote to start field name",
              ],
            ]
          : family === 'comment'
            ? [
                [
                  'Operation Failed',
                  'Field value exceeds maximum length of 4000 for element value',
                ],
                [
                  'Invalid element',
                  "Element 'work_notes ' is not a journal field of table incident",
                ],
              ]
            : family === 'catalog'
              ? [['Mandatory Variables are required', 'Business justification, Cost center']]
              : family === 'approval'
                ? [
                    [
                      'Operation Failed',
                      "Approval state transition from 'approved' to 'approved' is not allowed",
                    ],
                  ]
                : family === 'live-agent'
                  ? [['Invalid request', 'Missing mandatory parameter: clientSessionId']]
                  : [
                      [
                        'Operation Failed',
                        "Invalid value 'Resolved' for field state: expected a numeric choice value",
                      ],
                    ];
      const [m, d] = rng.pick(options);
      return { status: 400, body: sn(m, d), summary: `${m}: ${d.replace(/\s+/g, ' ').trim()}` };
    }
    case 'Jira Service Management': {
      const options: [string, Record<string, string>][] =
        family === 'ticket'
          ? [
              [
                "Field 'customfield_10042' is required.",
                { customfield_10042: 'Affected service is required.' },
              ],
              [
                'You must specify a summary of the issue.',
                { summary: 'You must specify a summary of the issue.' },
              ],
              [
                'The request type you are trying to use does not exist or is not available.',
                { requestTypeId: 'Request type 27 does not exist.' },
              ],
              [
                'The user specified in raiseOnBehalfOf is not a customer of this service project.',
                { raiseOnBehalfOf: 'Not a customer of service desk 4.' },
              ],
            ]
          : family === 'comment'
            ? [
                ['Comment body can not be empty!', { body: 'Comment body can not be empty!' }],
                [
                  'Internal comments are only available to agents.',
                  { public: 'The calling user is not an agent on this service project.' },
                ],
              ]
            : family === 'approval'
              ? [
                  [
                    'This approval has already been completed.',
                    { decision: 'Approval 12 is not pending.' },
                  ],
                ]
              : [
                  [
                    "Transition id '761' is not valid for this issue.",
                    { transition: 'Transition 761 is not available in status Closed.' },
                  ],
                ];
      const [m, errors] = rng.pick(options);
      return { status: 400, body: { errorMessage: m, errors }, summary: m };
    }
    case 'Zendesk': {
      if (family === 'live-agent') {
        const title = rng.pick([
          "Invalid switchboardIntegration 'next'",
          'author.userExternalId is required',
        ]);
        return { status: 400, body: { errors: [{ code: 'bad_request', title }] }, summary: title };
      }
      const options: [string, string, string][] =
        family === 'ticket'
          ? [
              ['requester', 'Requester: Email is invalid', 'InvalidValue'],
              ['subject', 'Subject: cannot be blank', 'BlankValue'],
              ['priority', 'Priority: "critical" is not a valid value', 'InvalidValue'],
            ]
          : [
              ['status', 'Status: closed prevents ticket update', 'ClosedPreventsUpdate'],
              ['base', 'Comment: cannot be blank', 'BlankValue'],
            ];
      const [field, description, error] = rng.pick(options);
      return {
        status: 422,
        body: {
          error: 'RecordInvalid',
          description: 'Record validation errors',
          details: { [field]: [{ description, error }] },
        },
        summary: `RecordInvalid: ${description}`,
      };
    }
    case 'Okta': {
      const options: [string, string][] =
        family === 'group'
          ? [
              [
                'Api validation failed: name',
                'name: An object with this field already exists in the current organization',
              ],
            ]
          : family === 'password'
            ? [
                [
                  'Api validation failed: password',
                  'password: Password requirements were not met. Password requirements: at least 12 characters, a lowercase letter, an uppercase letter, a number, no parts of your username. Your password cannot be any of your last 24 passwords.',
                ],
              ]
            : family === 'unlock'
              ? [['Api validation failed: unlock', 'unlock: The user is not locked out.']]
              : family === 'app'
                ? [
                    [
                      'Api validation failed: credentials.userName',
                      'credentials.userName: Username is required',
                    ],
                  ]
                : [
                    [
                      'Api validation failed: groupId',
                      'groupId: Cannot modify membership of an APP_GROUP',
                    ],
                  ];
      const [s, cause] = rng.pick(options);
      return { status: 400, body: okta(rng, 'E0000001', s, [cause]), summary: `E0000001 ${s}` };
    }
    case 'Microsoft Entra ID': {
      const options: string[] =
        family === 'group'
          ? [
              "Invalid value specified for property 'mailNickname' of resource 'Group'.",
              'Another object with the same value for property mailNickname already exists.',
            ]
          : family === 'member'
            ? [
                "One or more added object references already exist for the following modified properties: 'members'.",
              ]
            : family === 'password'
              ? [
                  'The specified password does not comply with password complexity requirements. Please provide a different password.',
                ]
              : ["Invalid value specified for property 'accountEnabled' of resource 'User'."];
      const m = rng.pick(options);
      return {
        status: 400,
        body: graph(rng, ctx.ts, 'Request_BadRequest', m),
        summary: `Request_BadRequest: ${m}`,
      };
    }
  }
}

function html(status: number, rng: Rng): string {
  const server = rng.pick(['nginx', 'cloudflare', 'awselb/2.0']);
  return `<html>\r\n<head><title>${status} ${REASON[status]}</title></head>\r\n<body>\r\n<center><h1>${status} ${REASON[status]}</h1></center>\r\n<hr><center>${server}</center>\r\n</body>\r\n</html>\r\n`;
}

/** Any other error status (401/403/404/409/429/5xx). */
export function statusError(
  rng: Rng,
  connector: Connector,
  status: number,
  ctx: Ctx,
): ErrorResponse {
  if ((status === 502 || status === 504) && connector !== 'Microsoft Entra ID') {
    return { status, body: html(status, rng), summary: `${status} ${REASON[status]}` };
  }
  const ref = ctx.ref ?? ctx.path.split('/').filter(Boolean).pop() ?? '';
  switch (connector) {
    case 'ServiceNow': {
      const [m, d] =
        status === 401
          ? ['User Not Authenticated', 'Required to provide Auth information']
          : status === 403
            ? ['Operation Failed', 'ACL Exception Insert Failed due to security constraints']
            : status === 404
              ? ['No Record found', "Record doesn't exist or ACL restricts the record retrieval"]
              : status === 429
                ? [
                    'Rate limit exceeded',
                    'Too many requests for rate limit rule "Moveworks integration user"',
                  ]
                : status === 503
                  ? [
                      'Service Unavailable',
                      'The instance is temporarily unavailable (node restart in progress)',
                    ]
                  : [
                      'Internal server error',
                      'Transaction cancelled: maximum execution time exceeded',
                    ];
      return { status, body: sn(m, d), summary: `${m}: ${d}` };
    }
    case 'Jira Service Management': {
      if (status === 404) {
        const m = 'Issue does not exist or you do not have permission to see it.';
        return { status, body: { errorMessages: [m], errors: {} }, summary: m };
      }
      const m =
        status === 401
          ? 'Client must be authenticated to access this resource.'
          : status === 403
            ? 'You do not have permission to perform this operation.'
            : status === 429
              ? 'Rate limit exceeded.'
              : status === 503
                ? 'Service temporarily unavailable. Please try again later.'
                : 'Internal server error';
      return { status, body: { errorMessage: m, errors: {} }, summary: m };
    }
    case 'Zendesk': {
      const [e, d] =
        status === 401
          ? ["Couldn't authenticate you", '']
          : status === 403
            ? [
                'Forbidden',
                'You do not have access to this page. Please contact the account owner of this help desk for further help.',
              ]
            : status === 404
              ? ['RecordNotFound', 'Not found']
              : status === 409
                ? [
                    'UpdateConflict',
                    'The ticket was updated by another request at the same time. Please retry.',
                  ]
                : status === 429
                  ? ['APIRateLimitExceeded', 'Number of allowed API requests per minute exceeded']
                  : status === 503
                    ? ['ServiceUnavailable', 'Zendesk is temporarily unavailable']
                    : ['InternalServerError', 'Something went wrong'];
      return {
        status,
        body: d ? { error: e, description: d } : { error: e },
        summary: d ? `${e}: ${d}` : e,
      };
    }
    case 'Okta': {
      const [code, s] =
        status === 401
          ? ['E0000011', 'Invalid token provided']
          : status === 403
            ? ['E0000006', 'You do not have permission to perform the requested action']
            : status === 404
              ? ['E0000007', `Not found: Resource not found: ${ref} (User)`]
              : status === 429
                ? ['E0000047', 'API call exceeded rate limit due to too many requests.']
                : status === 503
                  ? ['E0000010', 'Service is in read only mode']
                  : ['E0000009', 'Internal Server Error'];
      return { status, body: okta(rng, code, s), summary: `${code} ${s}` };
    }
    case 'Microsoft Entra ID': {
      const [code, m] =
        status === 401
          ? ['InvalidAuthenticationToken', 'Access token has expired or is not yet valid.']
          : status === 403
            ? ['Authorization_RequestDenied', 'Insufficient privileges to complete the operation.']
            : status === 404
              ? [
                  'Request_ResourceNotFound',
                  `Resource '${ref}' does not exist or one of its queried reference-property objects are not present.`,
                ]
              : status === 429
                ? [
                    'TooManyRequests',
                    'Too many requests. Please retry after the time in the Retry-After header.',
                  ]
                : status === 503
                  ? ['serviceNotAvailable', 'Service unavailable. Please try again later.']
                  : status === 504
                    ? ['GatewayTimeout', 'The request timed out.']
                    : status === 502
                      ? ['BadGateway', 'Bad gateway.']
                      : ['generalException', 'An unexpected error occurred.'];
      return { status, body: graph(rng, ctx.ts, code, m), summary: `${code}: ${m}` };
    }
  }
}

/** The token endpoint's failure: a bad client secret. */
export function authError(rng: Rng, connector: Connector, ts: number): ErrorResponse {
  switch (connector) {
    case 'Microsoft Entra ID':
      return {
        status: 401,
        body: {
          error: 'invalid_client',
          error_description: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.\r\nTrace ID: ${rng.uuid()}\r\nCorrelation ID: ${rng.uuid()}\r\nTimestamp: ${new Date(ts).toISOString().slice(0, 19).replace('T', ' ')}Z`,
          error_codes: [7000215],
          timestamp: `${new Date(ts).toISOString().slice(0, 19).replace('T', ' ')}Z`,
          trace_id: rng.uuid(),
          correlation_id: rng.uuid(),
        },
        summary: 'invalid_client: AADSTS7000215: Invalid client secret provided.',
      };
    case 'Okta':
      return {
        status: 401,
        body: {
          error: 'invalid_client',
          error_description: 'The client secret supplied for a confidential client is invalid.',
        },
        summary: 'invalid_client: The client secret supplied for a confidential client is invalid.',
      };
    default:
      return {
        status: 401,
        body: { error: 'access_denied', error_description: 'Unauthorized' },
        summary: 'access_denied: Unauthorized',
      };
  }
}
