/** The README's promise: `npm start` prints the URL and the demo keys, and curl gets 5 events. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processIdentity } from '../../../server/data-lock.js';
import { openDb } from '../../../server/db.js';

function start(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn('npm', ['start', '--silent', '--', '--events', '1500'], {
    env: { ...process.env, PORT: '0', AUDIT_LOG: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 60_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1] && out.includes('Try: curl')) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.on('exit', () => resolve());
    process.kill(-child.pid!, 'SIGTERM');
  });

describe('npm start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alv-data-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /**
   * npm exits before the service it ran has closed the store: until the lock is gone, or names
   * a process that is no longer there (a service killed outright leaves it, and the next start
   * takes it over).
   */
  const released = () =>
    expect
      .poll(
        () => {
          const lock = join(dir, 'audit-service.lock');
          if (!existsSync(lock)) return true;
          const owner = readFileSync(lock, 'utf8');
          return processIdentity(Number(owner.split(' ')[0])) !== owner;
        },
        { timeout: 20_000 },
      )
      .toBe(true);

  it('prints the URL and demo keys, serves events, and keeps its data across a restart', async () => {
    const first = await start({ AUDIT_DATA_DIR: dir });
    try {
      for (const key of ['demo-pii-viewer', 'demo-restricted', 'demo-no-access'])
        expect(first.output()).toContain(key);
      const res = await fetch(`${first.url}/api/v1/audit/events?limit=5`, {
        headers: { Authorization: 'Bearer demo-pii-viewer' },
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { data: unknown[] }).data).toHaveLength(5);
      expect(first.output()).toMatch(/seeding 1,500 demo events .*first start only/);
      expect(first.output()).toMatch(/seeded \d+ events/);
      // The demo page and its script are served at the root, under a strict CSP.
      const page = await fetch(`${first.url}/`);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await page.text()).toContain('<audit-log-viewer');
      const script = await fetch(`${first.url}/demo.js`);
      expect(script.headers.get('content-type')).toContain('javascript');
      expect((await script.text()).length).toBeGreaterThan(10_000);
      // A second service on the same folder (it would corrupt the store) or the same port
      // (it would seed, then hang) stops at once and says why.
      const port = new URL(first.url).port;
      await expect(start({ AUDIT_DATA_DIR: dir })).rejects.toThrow(
        /exited 1:[\s\S]*the embedded store .* is in use by another audit service \(process \d+\)/,
      );
      await expect(start({ PORT: port, AUDIT_DB: 'memory' })).rejects.toThrow(
        new RegExp(`exited 1:[\\s\\S]*port ${port} is in use`),
      );
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    } finally {
      await stop(first.child);
    }
    await released();
    // As after an upgrade that changed the redaction rules: every restricted view is stale.
    const db = await openDb({ kind: 'pglite', dataDir: dir });
    try {
      await db.exec(`UPDATE audit_events SET public_rules = 'older rules'`);
    } finally {
      await db.close();
    }
    const second = await start({ AUDIT_DATA_DIR: dir });
    try {
      expect(second.output()).not.toMatch(/seeded \d+ events/);
      expect(second.output()).not.toMatch(/seeding/);
      // The remaking is announced before it starts and counted when done.
      expect(second.output()).toMatch(
        /remaking the restricted views \(missing, or made under other redaction rules\)[^\n]*\n(.|\n)*remade [\d,]+ restricted views in \d+ ms/,
      );
      const health = (await (await fetch(`${second.url}/healthz`)).json()) as { events: number };
      expect(health.events).toBeGreaterThan(1000);
    } finally {
      await stop(second.child);
      await released();
    }
  });
});
