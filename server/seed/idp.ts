/** Identity-provider calls (Okta, Microsoft Entra ID via Microsoft Graph). */
import { isoMillis, isoSeconds, type Idp } from './connectors.js';
import type { App, EndUser, Group } from './people.js';
import type { Trace } from './trace.js';

export interface GroupRef {
  id: string;
  name: string;
}

export interface IdpOps {
  findUser(t: Trace, user: EndUser, locked?: boolean): boolean;
  findGroup(t: Trace, group: Group): GroupRef | null;
  createGroup(t: Trace, name: string, description: string): GroupRef | null;
  addMember(t: Trace, group: GroupRef, user: EndUser): boolean;
  removeMember(t: Trace, group: GroupRef, user: EndUser): boolean;
  unlock(t: Trace, user: EndUser): boolean;
  updatePassword(t: Trace, user: EndUser): boolean;
  validate(t: Trace): void;
}

const WORDS = [
  'Maple',
  'Harbor',
  'Quartz',
  'Falcon',
  'Cedar',
  'Comet',
  'Willow',
  'Summit',
  'Copper',
  'Lantern',
];

/** A plausible (fake) password as a user would type it. */
export function fakePassword(t: Trace): string {
  return `${t.rng.pick(WORDS)}-${t.rng.pick(WORDS).toLowerCase()}-${t.rng.int(1000, 9999)}${t.rng.pick(['!', '#', '$', '%'])}`;
}

function splitName(u: EndUser): [string, string] {
  const i = u.name.indexOf(' ');
  return i < 0 ? [u.name, ''] : [u.name.slice(0, i), u.name.slice(i + 1)];
}

// -------------------------------------------------------------------------------------------
// Okta

function oktaUser(t: Trace, u: EndUser, status: string): Record<string, unknown> {
  const [firstName, lastName] = splitName(u);
  const host = t.inst.host;
  return {
    id: u.ids.okta,
    status,
    created: isoMillis(t.time - 200 * 86_400_000),
    activated: isoMillis(t.time - 199 * 86_400_000),
    statusChanged: isoMillis(t.time - t.rng.int(60_000, 30 * 86_400_000)),
    lastLogin: isoMillis(t.time - t.rng.int(60_000, 3 * 86_400_000)),
    lastUpdated: isoMillis(t.time - t.rng.int(60_000, 30 * 86_400_000)),
    passwordChanged: isoMillis(t.time - t.rng.int(86_400_000, 90 * 86_400_000)),
    type: { id: 'oty1a2b3c4d5e6f7g8h9' },
    profile: {
      firstName,
      lastName,
      mobilePhone: u.phone,
      secondEmail: null,
      login: u.email,
      email: u.email,
      department: u.department,
      title: u.title,
    },
    credentials: { password: {}, provider: { type: 'OKTA', name: 'OKTA' } },
    _links: { self: { href: `https://${host}/api/v1/users/${u.ids.okta}` } },
  };
}

function oktaGroup(
  t: Trace,
  id: string,
  name: string,
  description: string,
): Record<string, unknown> {
  return {
    id,
    created: isoMillis(t.time - t.rng.int(86_400_000, 400 * 86_400_000)),
    lastUpdated: isoMillis(t.time - t.rng.int(60_000, 86_400_000)),
    lastMembershipUpdated: isoMillis(t.time - t.rng.int(60_000, 86_400_000)),
    objectClass: ['okta:user_group'],
    type: 'OKTA_GROUP',
    profile: { name, description },
    _links: { users: { href: `https://${t.inst.host}/api/v1/groups/${id}/users` } },
  };
}

export const okta: IdpOps = {
  findUser(t, u, locked) {
    return t.call({
      action: 'find user',
      method: 'GET',
      path: '/api/v1/users',
      query: { search: `profile.email eq "${u.email}"`, limit: '1' },
      family: 'read',
      ok: {
        status: 200,
        body: [oktaUser(t, u, locked ? 'LOCKED_OUT' : 'ACTIVE')],
        message: 'Found 1 user',
      },
    });
  },
  findGroup(t, g) {
    const ok = t.call({
      action: 'find group',
      method: 'GET',
      path: '/api/v1/groups',
      query: { q: g.name, limit: '10' },
      family: 'read',
      ok: {
        status: 200,
        body: [oktaGroup(t, g.okta, g.name, g.description)],
        message: 'Found 1 group',
      },
    });
    return ok ? { id: g.okta, name: g.name } : null;
  },
  createGroup(t, name, description) {
    const id = `00g${t.rng.alnum(17)}`;
    const ok = t.call({
      action: 'create group',
      method: 'POST',
      path: '/api/v1/groups',
      body: { profile: { name, description } },
      family: 'group',
      ok: {
        status: 200,
        body: { ...oktaGroup(t, id, name, description), created: isoMillis(t.time) },
        message: `Created group ${id}`,
      },
    });
    return ok ? { id, name } : null;
  },
  addMember(t, g, u) {
    return t.call({
      action: 'add group member',
      method: 'PUT',
      path: `/api/v1/groups/${g.id}/users/${u.ids.okta}`,
      family: 'member',
      mayNotExist: true,
      ok: { status: 204, message: `Added user ${u.ids.okta} to group ${g.id}` },
    });
  },
  removeMember(t, g, u) {
    return t.call({
      action: 'remove group member',
      method: 'DELETE',
      path: `/api/v1/groups/${g.id}/users/${u.ids.okta}`,
      family: 'member',
      mayNotExist: true,
      ok: { status: 204, message: `Removed user ${u.ids.okta} from group ${g.id}` },
    });
  },
  unlock(t, u) {
    return t.call({
      action: 'unlock account',
      method: 'POST',
      path: `/api/v1/users/${u.ids.okta}/lifecycle/unlock`,
      family: 'unlock',
      ok: { status: 200, body: {}, message: `Unlocked user ${u.ids.okta}` },
    });
  },
  updatePassword(t, u) {
    return t.call({
      action: 'update password',
      method: 'POST',
      path: `/api/v1/users/${u.ids.okta}/credentials/change_password`,
      query: { strict: 'true' },
      body: { oldPassword: { value: fakePassword(t) }, newPassword: { value: fakePassword(t) } },
      family: 'password',
      ok: {
        status: 200,
        body: {
          password: {},
          recovery_question: { question: 'What is the name of your first pet?' },
          provider: { type: 'OKTA', name: 'OKTA' },
        },
        message: `Changed password of user ${u.ids.okta}`,
      },
    });
  },
  validate(t) {
    const someone = t.user;
    t.call({
      action: 'validate connector',
      method: 'GET',
      path: '/api/v1/users',
      query: { limit: '1' },
      family: 'read',
      ok: { status: 200, body: [oktaUser(t, someone, 'ACTIVE')], message: 'Connector reachable' },
    });
    if (t.rng.chance(0.5)) {
      t.call({
        action: 'list groups',
        method: 'GET',
        path: '/api/v1/groups',
        query: { limit: '1' },
        family: 'read',
        ok: {
          status: 200,
          body: [
            oktaGroup(t, `00g${t.rng.alnum(17)}`, 'Everyone', 'All users in your organization'),
          ],
          message: 'Found 1 group',
        },
      });
    }
  },
};

/** Okta app assignment (Software Operations). */
export function oktaFindApp(t: Trace, app: App): boolean {
  return t.call({
    action: 'find application',
    method: 'GET',
    path: '/api/v1/apps',
    query: { q: app.name, limit: '5' },
    family: 'read',
    ok: {
      status: 200,
      body: [
        {
          id: app.okta,
          name: app.name.toLowerCase().replace(/[^a-z0-9]+/g, '_'),
          label: app.name,
          status: 'ACTIVE',
          signOnMode: 'SAML_2_0',
          created: isoMillis(t.time - 300 * 86_400_000),
        },
      ],
      message: 'Found 1 application',
    },
  });
}

export function oktaAssignApp(t: Trace, app: App, u: EndUser): boolean {
  return t.call({
    action: 'assign application',
    method: 'POST',
    path: `/api/v1/apps/${app.okta}/users`,
    body: { id: u.ids.okta, scope: 'USER', credentials: { userName: u.email } },
    family: 'app',
    ok: {
      status: 200,
      body: {
        id: u.ids.okta,
        externalId: null,
        created: isoMillis(t.time),
        lastUpdated: isoMillis(t.time),
        scope: 'USER',
        status: 'PROVISIONED',
        syncState: 'DISABLED',
        credentials: { userName: u.email },
        profile: {},
        _links: {
          app: { href: `https://${t.inst.host}/api/v1/apps/${app.okta}` },
          user: { href: `https://${t.inst.host}/api/v1/users/${u.ids.okta}` },
        },
      },
      message: `Assigned application ${app.okta} to user ${u.ids.okta}`,
    },
  });
}

// -------------------------------------------------------------------------------------------
// Microsoft Entra ID (Microsoft Graph)

const GRAPH = 'https://graph.microsoft.com/v1.0';

function graphUser(u: EndUser, accountEnabled: boolean): Record<string, unknown> {
  return {
    id: u.ids.entra,
    displayName: u.name,
    mail: u.email,
    userPrincipalName: u.email,
    mobilePhone: u.phone,
    jobTitle: u.title,
    accountEnabled,
  };
}

export const entra: IdpOps = {
  findUser(t, u, locked) {
    return t.call({
      action: 'find user',
      method: 'GET',
      path: '/v1.0/users',
      query: {
        $filter: `mail eq '${u.email}'`,
        $select: 'id,displayName,mail,userPrincipalName,mobilePhone,jobTitle,accountEnabled',
      },
      family: 'read',
      ok: {
        status: 200,
        body: {
          '@odata.context': `${GRAPH}/$metadata#users(id,displayName,mail,userPrincipalName,mobilePhone,jobTitle,accountEnabled)`,
          value: [graphUser(u, !locked)],
        },
        message: 'Found 1 user',
      },
    });
  },
  findGroup(t, g) {
    const ok = t.call({
      action: 'find group',
      method: 'GET',
      path: '/v1.0/groups',
      query: { $filter: `displayName eq '${g.name}'`, $select: 'id,displayName,description' },
      family: 'read',
      ok: {
        status: 200,
        body: {
          '@odata.context': `${GRAPH}/$metadata#groups(id,displayName,description)`,
          value: [{ id: g.entra, displayName: g.name, description: g.description }],
        },
        message: 'Found 1 group',
      },
    });
    return ok ? { id: g.entra, name: g.name } : null;
  },
  createGroup(t, name, description) {
    const id = t.rng.uuid();
    const mailNickname = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    const ok = t.call({
      action: 'create group',
      method: 'POST',
      path: '/v1.0/groups',
      body: {
        displayName: name,
        description,
        mailEnabled: false,
        mailNickname,
        securityEnabled: true,
        'owners@odata.bind': [`${GRAPH}/users/${t.user.ids.entra}`],
      },
      family: 'group',
      ok: {
        status: 201,
        body: {
          '@odata.context': `${GRAPH}/$metadata#groups/$entity`,
          id,
          displayName: name,
          description,
          mailEnabled: false,
          mailNickname,
          securityEnabled: true,
          groupTypes: [],
          createdDateTime: isoSeconds(t.time),
          visibility: null,
        },
        message: `Created group ${id}`,
      },
    });
    return ok ? { id, name } : null;
  },
  addMember(t, g, u) {
    return t.call({
      action: 'add group member',
      method: 'POST',
      path: `/v1.0/groups/${g.id}/members/$ref`,
      body: { '@odata.id': `${GRAPH}/directoryObjects/${u.ids.entra}` },
      family: 'member',
      mayNotExist: true,
      ok: { status: 204, message: `Added user ${u.ids.entra} to group ${g.id}` },
    });
  },
  removeMember(t, g, u) {
    return t.call({
      action: 'remove group member',
      method: 'DELETE',
      path: `/v1.0/groups/${g.id}/members/${u.ids.entra}/$ref`,
      family: 'member',
      mayNotExist: true,
      ok: { status: 204, message: `Removed user ${u.ids.entra} from group ${g.id}` },
    });
  },
  unlock(t, u) {
    return t.call({
      action: 'unlock account',
      method: 'PATCH',
      path: `/v1.0/users/${u.ids.entra}`,
      body: { accountEnabled: true },
      family: 'unlock',
      ok: { status: 204, message: `Enabled account ${u.ids.entra}` },
    });
  },
  updatePassword(t, u) {
    return t.call({
      action: 'update password',
      method: 'PATCH',
      path: `/v1.0/users/${u.ids.entra}`,
      body: { passwordProfile: { forceChangePasswordNextSignIn: true, password: fakePassword(t) } },
      family: 'password',
      ok: { status: 204, message: `Reset password of ${u.ids.entra}` },
    });
  },
  validate(t) {
    t.call({
      action: 'validate connector',
      method: 'GET',
      path: '/v1.0/organization',
      query: { $select: 'id,displayName,verifiedDomains' },
      family: 'read',
      ok: {
        status: 200,
        body: {
          '@odata.context': `${GRAPH}/$metadata#organization(id,displayName,verifiedDomains)`,
          value: [
            {
              id: t.inst.tenantId ?? '',
              displayName: 'Acme Corporation',
              verifiedDomains: [
                { name: t.inst.name, isDefault: true },
                { name: 'acme.example', isDefault: false },
              ],
            },
          ],
        },
        message: 'Connector reachable',
      },
    });
    if (t.rng.chance(0.5)) {
      t.call({
        action: 'list users',
        method: 'GET',
        path: '/v1.0/users',
        query: { $top: '1', $select: 'id' },
        family: 'read',
        ok: {
          status: 200,
          body: {
            '@odata.context': `${GRAPH}/$metadata#users(id)`,
            value: [{ id: t.user.ids.entra }],
          },
          message: 'Found 1 user',
        },
      });
    }
  },
};

export const IDP_OPS: Record<Idp, IdpOps> = { Okta: okta, 'Microsoft Entra ID': entra };
