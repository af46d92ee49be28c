/**
 * The fictional people and things of the seeded organisation ("Acme"). Fixed data: the same for
 * every seed, so that a walkthrough can name them. All domains end in `.example`, all phone numbers
 * are in ranges reserved for fiction (NANP 555-01xx, UK 020 7946 0xxx, AU 0491 570 xxx).
 */
import { Rng } from './random.js';

export interface EndUser {
  /** Identity id in the assistant's user directory. */
  id: string;
  name: string;
  first: string;
  email: string;
  phone: string;
  department: string;
  title: string;
  location: string;
  /** Relative activity (some people talk to the assistant much more than others). */
  weight: number;
  /** True for IT admins (they run connector validations, own groups, ...). */
  admin: boolean;
  ids: {
    serviceNow: string; // sys_id, 32 hex
    jira: string; // Atlassian accountId
    zendesk: number;
    okta: string; // 00u...
    entra: string; // object id (GUID)
  };
}

export const DEMO_END_USER = { name: 'Vikram Pawar', email: 'vikram.pawar@acme.example' } as const;

type PersonRow = readonly [name: string, department: string, title: string, location: string];

const ROWS: readonly PersonRow[] = [
  ['Vikram Pawar', 'IT', 'Solutions Engineer', 'Austin, TX'],
  ['Jordan Lee', 'Engineering', 'Software Engineer', 'San Francisco, CA'],
  ['Priya Nair', 'IT', 'IT Operations Manager', 'Austin, TX'],
  ['Marcus Bell', 'Sales', 'Account Executive', 'New York, NY'],
  ['Sofia Alvarez', 'Marketing', 'Content Strategist', 'Chicago, IL'],
  ['Daniel Okafor', 'Finance', 'Financial Analyst', 'London, UK'],
  ['Emily Chen', 'Engineering', 'Staff Engineer', 'Seattle, WA'],
  ['Liam Murphy', 'Customer Success', 'CS Manager', 'Dublin, IE'],
  ['Aisha Rahman', 'HR', 'HR Business Partner', 'New York, NY'],
  ['Noah Fischer', 'Engineering', 'SRE', 'Berlin, DE'],
  ['Hannah Kim', 'Design', 'Product Designer', 'San Francisco, CA'],
  ['Mateo Rossi', 'Sales', 'Sales Engineer', 'Milan, IT'],
  ['Grace Thompson', 'Legal', 'Corporate Counsel', 'Boston, MA'],
  ['Ethan Walker', 'IT', 'Systems Administrator', 'Austin, TX'],
  ['Olivia Brooks', 'Marketing', 'Demand Gen Manager', 'Denver, CO'],
  ['Ravi Shankar', 'Engineering', 'Engineering Manager', 'Bengaluru, IN'],
  ['Chloe Martin', 'Finance', 'Payroll Specialist', 'Toronto, CA'],
  ['Samuel Green', 'Operations', 'Facilities Coordinator', 'Atlanta, GA'],
  ['Mei Tanaka', 'Product', 'Product Manager', 'Seattle, WA'],
  ['Lucas Silva', 'Support', 'Support Engineer', 'Sao Paulo, BR'],
  ['Zara Ahmed', 'Security', 'Security Analyst', 'London, UK'],
  ['Owen Davies', 'Sales', 'SDR', 'Manchester, UK'],
  ['Isabella Moreno', 'HR', 'Recruiter', 'Miami, FL'],
  ['Benjamin Wright', 'Engineering', 'Frontend Engineer', 'Portland, OR'],
  ['Fatima Zahra', 'Customer Success', 'Onboarding Specialist', 'Paris, FR'],
  ['Henry Nguyen', 'IT', 'Help Desk Technician', 'San Jose, CA'],
  ['Ava Patel', 'Finance', 'Controller', 'New York, NY'],
  ['Jack Wilson', 'Operations', 'Logistics Lead', 'Sydney, AU'],
  ['Leah Cohen', 'Product', 'UX Researcher', 'Tel Aviv, IL'],
  ['Kwame Mensah', 'Engineering', 'Data Engineer', 'Toronto, CA'],
  ['Nina Petrova', 'Marketing', 'Brand Designer', 'Berlin, DE'],
  ['Carlos Mendez', 'Support', 'Support Team Lead', 'Mexico City, MX'],
  ['Ruby Clarke', 'Legal', 'Paralegal', 'London, UK'],
  ['Tomas Novak', 'Engineering', 'QA Engineer', 'Prague, CZ'],
  ['Sarah Johnson', 'Sales', 'Regional VP', 'Chicago, IL'],
  ['Yuki Sato', 'Design', 'Design Lead', 'Tokyo, JP'],
  ['Ahmed Hassan', 'Security', 'IAM Engineer', 'Austin, TX'],
  ['Megan O\u2019Brien', 'HR', 'People Ops Specialist', 'Boston, MA'],
  ['Diego Ramirez', 'Operations', 'Procurement Analyst', 'Phoenix, AZ'],
  ['Anna Kowalski', 'Finance', 'AP Specialist', 'Warsaw, PL'],
  ['Peter Jensen', 'IT', 'Identity Engineer', 'Copenhagen, DK'],
  ['Lena Hoffmann', 'Engineering', 'Platform Engineer', 'Munich, DE'],
];

const ADMIN_NAMES = new Set([
  'Priya Nair',
  'Ethan Walker',
  'Henry Nguyen',
  'Peter Jensen',
  'Ahmed Hassan',
]);

function emailOf(name: string): string {
  const local = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2019']/g, '')
    .toLowerCase()
    .split(/\s+/)
    .join('.');
  return `${local}@acme.example`;
}

function phoneFor(rng: Rng, location: string): string {
  if (location.endsWith(', UK')) return `+44 20 7946 0${rng.digits(3)}`;
  if (location.endsWith(', AU')) return `+61 491 570 ${rng.int(110, 159)}`;
  return `+1 (${rng.pick(['415', '512', '212', '206', '312', '617'])}) 555-01${rng.digits(2)}`;
}

function buildPeople(): EndUser[] {
  const rng = new Rng(0x5eed, 1);
  return ROWS.map(([name, department, title, location]) => {
    const email = emailOf(name);
    const isDemo = email === DEMO_END_USER.email;
    return {
      id: `usr_${rng.alnum(12)}`,
      name,
      first: name.split(' ')[0] ?? name,
      email,
      phone: phoneFor(rng, location),
      department,
      title,
      location,
      weight: isDemo ? 1 : Math.round((0.3 + rng.next() * rng.next() * 3) * 100) / 100,
      admin: ADMIN_NAMES.has(name),
      ids: {
        serviceNow: rng.hex(32),
        jira: `712020:${rng.uuid()}`,
        zendesk: rng.int(360_000_000_000, 399_999_999_999),
        okta: `00u${rng.alnum(17)}`,
        entra: rng.uuid(),
      },
    };
  });
}

export const END_USERS: readonly EndUser[] = buildPeople();
export const IT_ADMINS: readonly EndUser[] = END_USERS.filter((u) => u.admin);
export const DEMO_USER: EndUser = (() => {
  const u = END_USERS.find((p) => p.email === DEMO_END_USER.email);
  if (!u) throw new Error('demo user missing');
  return u;
})();

export interface Group {
  name: string;
  description: string;
  okta: string;
  entra: string;
  mailNickname: string;
}

const GROUP_ROWS: readonly (readonly [string, string])[] = [
  ['Marketing Analytics', 'Access to marketing dashboards and attribution data'],
  ['VPN Users - EMEA', 'Remote access VPN for the EMEA offices'],
  ['GitHub Copilot Pilot', 'Engineers enrolled in the Copilot pilot'],
  ['Finance-ReadOnly', 'Read-only access to NetSuite reports'],
  ['Design Team', 'Product and brand designers'],
  ['Salesforce Admins', 'Administrators of the Salesforce org'],
  ['AWS-Prod-ReadOnly', 'Read-only console access to production AWS accounts'],
  ['Tableau Creators', 'Tableau creator licenses'],
  ['All Hands - Austin', 'Austin office distribution list'],
  ['On-call SRE', 'PagerDuty on-call rotation'],
  ['Legal Contracts', 'Access to the contracts repository'],
  ['Interns 2025', 'Summer intern cohort'],
];

export const GROUPS: readonly Group[] = (() => {
  const rng = new Rng(0x5eed, 2);
  return GROUP_ROWS.map(([name, description]) => ({
    name,
    description,
    okta: `00g${rng.alnum(17)}`,
    entra: rng.uuid(),
    mailNickname: name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, ''),
  }));
})();

/** Names for groups people ask the assistant to create. */
export const NEW_GROUP_NAMES: readonly string[] = [
  'Q3 Launch Squad',
  'Customer Advisory Board',
  'Data Platform Guild',
  'Berlin Office',
  'Incident Commanders',
  'SOC2 Evidence Owners',
  'Hackathon 2025',
  'Partner Enablement',
];

export interface App {
  name: string;
  okta: string;
  /** ServiceNow service catalog item sys_id. */
  catalogItem: string;
}

export const APPS: readonly App[] = (() => {
  const rng = new Rng(0x5eed, 3);
  return [
    'Figma',
    'Adobe Acrobat Pro',
    'Tableau Desktop',
    'Zoom Pro',
    'Miro',
    'JetBrains IntelliJ IDEA',
    'Microsoft Visio',
    'Postman Enterprise',
    'Lucidchart',
    'Snagit',
  ].map((name) => ({ name, okta: `0oa${rng.alnum(17)}`, catalogItem: rng.hex(32) }));
})();

export interface TicketTopic {
  short: string;
  /** First-person description; `{phone}` is replaced with the user's phone. */
  description: string;
  category: string;
  urgency: 1 | 2 | 3;
}

export const TICKET_TOPICS: readonly TicketTopic[] = [
  {
    short: 'VPN keeps disconnecting',
    description:
      'My GlobalProtect VPN drops every 10-15 minutes since this morning. I already restarted my laptop. Call me at {phone} if needed.',
    category: 'network',
    urgency: 2,
  },
  {
    short: 'Outlook not syncing new emails',
    description:
      'Outlook stopped receiving new mail around 9am. Webmail works fine. My number is {phone}.',
    category: 'software',
    urgency: 2,
  },
  {
    short: 'Laptop battery swelling',
    description:
      'The battery on my MacBook Pro is bulging and the trackpad no longer clicks. I need a replacement device.',
    category: 'hardware',
    urgency: 1,
  },
  {
    short: 'Need access to Salesforce',
    description:
      'I joined the team last week and need a Salesforce license with the Sales User profile. My manager approved it in Slack.',
    category: 'access',
    urgency: 3,
  },
  {
    short: 'Printer on 3rd floor jammed',
    description:
      'The HP printer next to the kitchen on floor 3 shows a paper jam in tray 2 and will not clear.',
    category: 'hardware',
    urgency: 3,
  },
  {
    short: 'MFA prompts not arriving',
    description:
      'I changed phones and Okta Verify push notifications no longer arrive. New phone number {phone}.',
    category: 'access',
    urgency: 1,
  },
  {
    short: 'Zoom audio crackles in meetings',
    description:
      'Everyone hears crackling when I talk in Zoom, with the headset and with the built-in mic.',
    category: 'software',
    urgency: 3,
  },
  {
    short: 'Request a second monitor',
    description:
      'Could I get a 27 inch monitor for my desk? I work with large spreadsheets all day.',
    category: 'hardware',
    urgency: 3,
  },
  {
    short: 'Shared drive permission denied',
    description:
      'I get "Access denied" on the Finance shared drive folder Q3-Close since yesterday. I had access before.',
    category: 'access',
    urgency: 2,
  },
  {
    short: 'Expense report stuck in approval',
    description:
      'My expense report from the Chicago offsite has been pending for 12 days. Amount 1,240.50 USD.',
    category: 'finance',
    urgency: 3,
  },
  {
    short: 'Wi-Fi slow in conference room Everest',
    description: 'Wi-Fi in Everest drops to under 1 Mbps during meetings, video calls freeze.',
    category: 'network',
    urgency: 2,
  },
  {
    short: 'Cannot install Docker Desktop',
    description:
      'The Docker Desktop installer fails with "requires administrator privileges" on my managed laptop.',
    category: 'software',
    urgency: 2,
  },
  {
    short: 'Update my home address for payroll',
    description:
      'I moved. Please update my address for payroll and tax forms. Reach me at {phone}.',
    category: 'hr',
    urgency: 3,
  },
  {
    short: 'Lost badge',
    description:
      'I lost my office badge, probably on the train. Please deactivate it and issue a new one.',
    category: 'facilities',
    urgency: 1,
  },
  {
    short: 'Jira dashboard shows no data',
    description:
      'The sprint dashboard gadget says "No issues found" for every filter since the weekend.',
    category: 'software',
    urgency: 3,
  },
  {
    short: 'Phishing email reported',
    description:
      'I received an email pretending to be from the CFO asking for gift cards. I did not click anything.',
    category: 'security',
    urgency: 1,
  },
];

/** Short things a user says to a live agent. */
export const LIVE_AGENT_OPENERS: readonly string[] = [
  'I need to talk to someone about my laptop replacement',
  'Can a human help me with my VPN?',
  'agent please',
  'My account is locked and the reset did not work',
  'I want to follow up on my ticket',
  'Connect me to IT support',
];

/** Outbound egress IPs of the assistant platform (documentation ranges, RFC 5737). */
export const EGRESS_IPS: readonly string[] = ['198.51.100.23', '198.51.100.24', '203.0.113.41'];
