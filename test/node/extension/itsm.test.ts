/** extension/itsm.ts over saved page snippets: the ticket number and the requester's email. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recognisePage } from '../../../extension/itsm.js';

const page = (name: string) => readFileSync(new URL(`pages/${name}`, import.meta.url), 'utf8');

describe('recognisePage', () => {
  it('reads a ServiceNow incident: number and caller email, not the assignee', () => {
    expect(
      recognisePage(
        'https://acme.service-now.com/now/nav/ui/classic/params/target/incident.do%3Fsys_id%3Dabc',
        page('servicenow-incident.html'),
      ),
    ).toEqual({ system: 'servicenow', ticket: 'INC0012345', email: 'vikram.pawar@acme.example' });
  });

  it('reads a Jira issue: key from the URL and the reporter, not the assignee', () => {
    expect(
      recognisePage('https://acme.atlassian.net/browse/ITSD-4185', page('jira-issue.html')),
    ).toEqual({ system: 'jira', ticket: 'ITSD-4185', email: 'priya.nair@acme.example' });
    expect(
      recognisePage(
        'https://acme.atlassian.net/jira/servicedesk/projects/ITSD/queues/custom/1?selectedIssue=ITSD-77',
        '<div>nothing</div>',
      ),
    ).toEqual({ system: 'jira', ticket: 'ITSD-77', email: undefined });
  });

  it('reads a Zendesk ticket: number and requester (HTML-escaped)', () => {
    expect(
      recognisePage('https://acme.zendesk.com/agent/tickets/48213', page('zendesk-ticket.html')),
    ).toEqual({ system: 'zendesk', ticket: '48213', email: 'tomas.novak@acme.example' });
  });

  it('a page that is no ITSM record, or no URL at all, is not recognised', () => {
    expect(recognisePage('https://example.com/blog', page('jira-issue.html'))).toBeUndefined();
    expect(recognisePage('not a url', '')).toBeUndefined();
  });

  it('a local page that mimics a ServiceNow form is recognised by its form', () => {
    expect(
      recognisePage('http://127.0.0.1:5555/incident.do?sys_id=1', page('servicenow-incident.html')),
    ).toMatchObject({ system: 'servicenow', ticket: 'INC0012345' });
  });
});
