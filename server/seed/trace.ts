/**
 * One user action of the assistant = one trace: a sequence of outbound HTTP calls with realistic
 * durations, intermittent 5xx failures followed by retries, payload errors, and an optional
 * token call at the start. `Trace.call` turns a call description into `api-call` events.
 */
import type { AuditEvent } from '../../core/model.js';
import {
  REASON,
  authError,
  buildUrl,
  fakeJwt,
  formEncode,
  payloadError,
  responseHeaders,
  statusError,
  type ErrorResponse,
  type Family,
  type HttpMethod,
  type Instance,
  type Query,
} from './connectors.js';
import type { IdRegistry } from './ids.js';
import type { EndUser } from './people.js';
import type { Rng } from './random.js';
import type { Window } from './time.js';

export const USER_AGENT = 'Moveworks-Connector/3.4';
export const API_WORKSPACE = 'acme';

/** Forces an outcome for the first attempt of a call (used by the walkthrough traces). */
export type Force = 'payload-error' | 'transient';

export interface CallSpec {
  action: string;
  method: HttpMethod;
  path: string;
  query?: Query;
  /** JSON body, or form fields when `form` is set. */
  body?: unknown;
  form?: boolean;
  /** Full URL override (token endpoints live on other hosts). */
  url?: string;
  family: Family;
  ok: { status: number; body?: unknown; message: string };
  /** The resource may be missing (404). */
  mayNotExist?: boolean;
  /** Concurrent updates may conflict (409). */
  mayConflict?: boolean;
  force?: Force | undefined;
}

export interface ApiContext {
  rng: Rng;
  ids: IdRegistry;
  window: Window;
  budget: { remaining: number };
  sink: AuditEvent[];
}

export interface TraceOptions {
  user: EndUser;
  instance: Instance;
  plugin: string;
  skill: string;
  start: number;
  /** Only forced failures (walkthrough traces stay readable). */
  noRandomFailures?: boolean;
  /** Probability of a token call at the start (when the connector has a token endpoint). */
  authProbability?: number;
}

interface Outcome {
  status: number;
  body: unknown;
  message: string;
}

const RETRYABLE = (s: number): boolean => s >= 500 || s === 429;

export class Trace {
  time: number;
  stopped = false;
  readonly rng: Rng;
  readonly user: EndUser;
  readonly inst: Instance;
  private readonly traceId: string;
  private readonly executionId: string;
  private readonly ip: string | undefined;
  private token: string;
  private cookies = new Map<string, string>();

  constructor(
    private readonly ctx: ApiContext,
    private readonly opts: TraceOptions,
    egressIp: string,
  ) {
    this.rng = ctx.rng;
    this.user = opts.user;
    this.inst = opts.instance;
    this.time = opts.start;
    this.traceId = ctx.rng.hex(32);
    this.executionId = ctx.rng.uuid();
    this.ip = ctx.rng.chance(0.85) ? egressIp : undefined;
    this.token = fakeJwt(ctx.rng, opts.instance, opts.start - ctx.rng.int(60_000, 3_000_000));
    if (this.inst.tokenUrl && ctx.rng.chance(opts.authProbability ?? 0.85)) this.authenticate();
  }

  /** Waits between calls. */
  wait(minMs: number, maxMs: number): void {
    this.time += this.rng.int(minMs, maxMs);
  }

  private authenticate(): void {
    const inst = this.inst;
    const tokenUrl = inst.tokenUrl;
    if (!tokenUrl) return;
    const url = new URL(tokenUrl);
    const json = inst.connector === 'Jira Service Management';
    const scope =
      inst.connector === 'Microsoft Entra ID'
        ? 'https://graph.microsoft.com/.default'
        : inst.connector === 'Okta'
          ? 'okta.users.manage okta.groups.manage okta.apps.manage'
          : inst.connector === 'ServiceNow'
            ? 'useraccount'
            : 'read:servicedesk-request write:servicedesk-request read:jira-work write:jira-work';
    const fields: Record<string, string> = {
      grant_type: 'client_credentials',
      client_id: inst.clientId,
      client_secret: inst.clientSecret,
      scope,
    };
    const token = fakeJwt(this.rng, inst, this.time);
    const body: Record<string, unknown> = {
      token_type: 'Bearer',
      expires_in: 3599,
      access_token: token,
    };
    if (inst.connector === 'Microsoft Entra ID') body.ext_expires_in = 3599;
    if (inst.connector === 'Okta') body.scope = scope;
    const ok = this.call({
      action: 'get access token',
      method: 'POST',
      path: url.pathname,
      url: tokenUrl,
      body: fields,
      form: !json,
      family: 'auth',
      ok: { status: 200, body, message: 'Obtained access token' },
    });
    if (ok) this.token = token;
  }

  /** Makes the call (with retries); emits one event per attempt. True when it finally succeeded. */
  call(spec: CallSpec): boolean {
    if (this.stopped) return false;
    const { rng, budget, window } = this.ctx;
    const host = this.inst.host;
    const url = spec.url ?? buildUrl(host, spec.path, spec.query);
    const isWrite = spec.method !== 'GET';
    let attempt = 1;
    let previous = 0;
    for (;;) {
      if (budget.remaining <= 0 || this.time > window.end) {
        this.stopped = true;
        return false;
      }
      const outcome = this.decide(spec, attempt, previous, isWrite);
      const status = outcome.status;
      const duration =
        status === 504
          ? rng.int(2000, 2500)
          : status === 502
            ? rng.int(300, 1500)
            : status === 503 || status === 429
              ? rng.int(40, 400)
              : spec.family === 'auth'
                ? rng.logNormalInt(180, 0.4, 60, 900)
                : isWrite
                  ? rng.logNormalInt(420, 0.5, 90, 2500)
                  : rng.logNormalInt(170, 0.55, 40, 1800);
      this.emit(spec, url, attempt, outcome, duration);
      budget.remaining--;
      this.time += duration;
      if (status < 400) {
        this.time += rng.int(15, 250);
        return true;
      }
      if (RETRYABLE(status) && attempt < 3) {
        this.time +=
          status === 429
            ? rng.int(1000, 5000)
            : attempt === 1
              ? rng.int(400, 1200)
              : rng.int(1000, 3000);
        previous = status;
        attempt++;
        continue;
      }
      this.stopped = true;
      return false;
    }
  }

  private decide(spec: CallSpec, attempt: number, previous: number, isWrite: boolean): Outcome {
    const rng = this.rng;
    const connector = this.inst.connector;
    const errCtx = { ts: this.time, path: spec.path };
    const fail = (e: ErrorResponse): Outcome => ({
      status: e.status,
      body: e.body,
      message: e.summary.startsWith(String(e.status))
        ? e.summary
        : `${e.status} ${REASON[e.status] ?? ''}: ${e.summary}`,
    });
    const ok: Outcome = { status: spec.ok.status, body: spec.ok.body, message: spec.ok.message };
    const transient = (): Outcome =>
      fail(
        statusError(
          rng,
          connector,
          rng.weighted([
            [500, 3],
            [502, 3],
            [503, 3],
            [504, 2],
          ] as const),
          errCtx,
        ),
      );

    if (attempt > 1) {
      if (spec.force === 'transient') return ok;
      if (previous === 429)
        return rng.chance(0.95) ? ok : fail(statusError(rng, connector, 429, errCtx));
      return rng.chance(attempt === 2 ? 0.8 : 0.85)
        ? ok
        : rng.chance(0.7)
          ? fail(statusError(rng, connector, previous, errCtx))
          : transient();
    }
    if (spec.force === 'transient') {
      return fail(statusError(rng, connector, rng.pick([502, 503] as const), errCtx));
    }
    if (spec.force === 'payload-error')
      return fail(payloadError(rng, connector, spec.family, errCtx));
    if (this.opts.noRandomFailures) return ok;

    const r = rng.next();
    if (r < 0.04) return transient();
    if (spec.family === 'auth') return r < 0.043 ? fail(authError(rng, connector, this.time)) : ok;
    if (isWrite && rng.chance(0.09)) return fail(payloadError(rng, connector, spec.family, errCtx));
    const r2 = rng.next();
    if (r2 < 0.007) return fail(statusError(rng, connector, 429, errCtx));
    if (r2 < 0.011) return fail(statusError(rng, connector, 403, errCtx));
    if (r2 < 0.013) return fail(statusError(rng, connector, 401, errCtx));
    if (spec.mayNotExist && rng.chance(0.04)) return fail(statusError(rng, connector, 404, errCtx));
    if (spec.mayConflict && rng.chance(0.05)) return fail(statusError(rng, connector, 409, errCtx));
    return ok;
  }

  private emit(
    spec: CallSpec,
    url: string,
    attempt: number,
    outcome: Outcome,
    duration: number,
  ): void {
    const { rng, ids, sink } = this.ctx;
    const ts = this.time;
    const hasBody = spec.body !== undefined;
    const reqHeaders: Record<string, string> = {};
    if (hasBody)
      reqHeaders['content-type'] = spec.form
        ? 'application/x-www-form-urlencoded'
        : 'application/json';
    reqHeaders.accept = 'application/json';
    reqHeaders['user-agent'] = USER_AGENT;
    reqHeaders['x-request-id'] = rng.uuid();
    if (spec.family !== 'auth') reqHeaders.authorization = `Bearer ${this.token}`;
    if (this.cookies.size > 0 && spec.family !== 'auth') {
      reqHeaders.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    }
    const html = typeof outcome.body === 'string';
    const resHeaders = responseHeaders(
      rng,
      this.inst.connector,
      outcome.status,
      ts + duration,
      outcome.body !== undefined,
      html,
    );
    const setCookie = resHeaders['set-cookie'];
    if (setCookie) {
      const m = /^([^=;]+)=([^;]*)/.exec(setCookie);
      if (m?.[1] && m[2] && m[2] !== '""') this.cookies.set(m[1], m[2]);
    }

    const request: NonNullable<AuditEvent['request']> = { headers: reqHeaders };
    if (spec.query && Object.keys(spec.query).length > 0) request.query = { ...spec.query };
    if (hasBody) {
      request.body = spec.form && isStringRecord(spec.body) ? formEncode(spec.body) : spec.body;
    }
    const response: NonNullable<AuditEvent['response']> = { headers: resHeaders };
    if (outcome.body !== undefined) response.body = outcome.body;

    const event: AuditEvent = {
      id: ids.eventId(ts),
      timestamp: ts,
      kind: 'api-call',
      actor: { id: this.user.id, email: this.user.email, name: this.user.name, type: 'user' },
      action: spec.action,
      status: outcome.status < 400 ? 'success' : 'error',
      message: outcome.message,
      environment: this.inst.environment,
      workspace:
        this.inst.environment === 'production' ? API_WORKSPACE : `${API_WORKSPACE}-sandbox`,
      target: { type: this.inst.connector, name: this.inst.name },
      plugin: this.opts.plugin,
      skill: this.opts.skill,
      http: {
        method: spec.method,
        url,
        path: spec.path,
        statusCode: outcome.status,
        durationMs: duration,
        attempt,
      },
      traceId: this.traceId,
      executionId: this.executionId,
      request,
      response,
    };
    if (this.ip) event.ip = this.ip;
    sink.push(event);
  }
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return (
    typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'string')
  );
}
