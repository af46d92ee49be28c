/**
 * One service per embedded store (server/data-lock.ts): a second taker is refused, naming the
 * holder, in this process or another, started at the same instant or not; a lock left by a
 * process that is gone (or whose id now belongs to another) is taken over.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir, processIdentity } from '../../../server/data-lock.js';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'alv-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const lockFile = (dir: string) => join(dir, 'audit-service.lock');

/** Takes the lock of `dir` in a new process: "got" (then holds it `holdMs`) or "refused …". */
function taker(dir: string, holdMs = 1500) {
  const module = resolve('server/data-lock.ts');
  const code = `import { lockDataDir } from ${JSON.stringify(module)};
    try { lockDataDir(${JSON.stringify(dir)}); console.log('got'); setTimeout(() => {}, ${holdMs}); }
    catch (e) { console.log('refused ' + e.message); }`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  return new Promise<string>((ok) => child.on('exit', () => ok(out.trim())));
}

describe('the embedded store lock', () => {
  it('is refused to a second taker in this process, then free once released', () => {
    const dir = freshDir();
    const release = lockDataDir(dir);
    expect(readFileSync(lockFile(dir), 'utf8')).toBe(processIdentity(process.pid));
    expect(() => lockDataDir(dir)).toThrow(
      new RegExp(`in use by another audit service \\(process ${process.pid}\\)`),
    );
    release();
    lockDataDir(dir)();
  });

  it('goes to exactly one of several processes starting at once, over a stale lock too', async () => {
    for (const stale of [false, true]) {
      const dir = freshDir();
      if (stale) writeFileSync(lockFile(dir), '999999999 1');
      const answers = await Promise.all(Array.from({ length: 6 }, () => taker(dir)));
      expect(
        answers.filter((a) => a === 'got'),
        answers.join('\n'),
      ).toHaveLength(1);
      for (const a of answers.filter((a) => a !== 'got'))
        expect(a).toMatch(/^refused .* in use by another audit service \(process \d+\)/);
    }
  });

  it('is taken over from a process that is gone, or whose id now names another process', () => {
    const dir = freshDir();
    // A process that ran and exited: its identity no longer names a live process.
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], {
      encoding: 'utf8',
    });
    writeFileSync(lockFile(dir), `${gone.stdout.trim()} 12345`);
    lockDataDir(dir)();
    // This very process's id, but another start time: an earlier process with the same id.
    writeFileSync(lockFile(dir), `${process.pid} 1`);
    const release = lockDataDir(dir);
    expect(readFileSync(lockFile(dir), 'utf8')).toBe(processIdentity(process.pid));
    release();
  });
});
