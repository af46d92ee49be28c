/**
 * One service per embedded store: PGlite has no lock of its own, and two services on one data
 * directory corrupt it ("missing chunk number 0 for toast value …"). The lock is a file inside
 * the directory naming the process that holds it: its id and, where `/proc` tells, when it
 * started, so a process that died (Ctrl+C during seeding, a crash) leaves a lock the next
 * start takes over, even once its id belongs to another process.
 */
import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Locks this process holds (a second open of one directory here is refused too). */
const held = new Set<string>();

/** `pid` as a lock names it: `"<pid> <start time>"` (Linux), `"<pid>"`; undefined when gone. */
export function processIdentity(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after "(command)": state is the 3rd, the start time the 22nd.
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return `${pid} ${start}`;
  } catch {
    if (process.platform === 'linux') return undefined;
    try {
      process.kill(pid, 0);
      return String(pid);
    } catch (e) {
      return (e as { code?: string }).code === 'EPERM' ? String(pid) : undefined;
    }
  }
}

const readOrUndefined = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * Takes the lock of `dataDir` (creating the directory), or throws naming the process that
 * holds it. Returns the release (also run when the process exits).
 */
export function lockDataDir(dataDir: string): () => void {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, 'audit-service.lock');
  const inUse = (pid: number) =>
    new Error(
      `the embedded store ${dataDir} is in use by another audit service (process ${pid}): stop it, or start this one with --memory or AUDIT_DATA_DIR=<another folder>`,
    );
  if (held.has(lock)) throw inUse(process.pid);
  const me = processIdentity(process.pid) ?? String(process.pid);
  // Written whole first, then linked into place: the lock appears complete or not at all.
  const mine = `${lock}.${randomUUID()}`;
  writeFileSync(mine, me);
  try {
    for (let attempt = 0; ; attempt++) {
      if (attempt > 50) throw new Error(`could not take ${lock}: it keeps changing`);
      try {
        linkSync(mine, lock);
        break;
      } catch (e) {
        if ((e as { code?: string }).code !== 'EEXIST') throw e;
      }
      const owner = readOrUndefined(lock);
      if (owner === undefined) continue;
      const pid = Number(owner.split(' ')[0]);
      if (processIdentity(pid) === owner) throw inUse(pid);
      // Stale. Moved aside (only one process can), then checked to be the one read: a fresh
      // lock taken meanwhile by another start goes back.
      const aside = `${lock}.stale.${randomUUID()}`;
      try {
        renameSync(lock, aside);
      } catch {
        continue;
      }
      if (readOrUndefined(aside) !== owner) {
        try {
          linkSync(aside, lock);
        } catch {
          // Another lock is in place already; the retry reads it.
        }
      }
      rmSync(aside, { force: true });
    }
  } finally {
    rmSync(mine, { force: true });
  }
  held.add(lock);
  const release = () => {
    if (!held.delete(lock)) return;
    process.off('exit', release);
    if (readOrUndefined(lock) === me) rmSync(lock, { force: true });
  };
  process.on('exit', release);
  return release;
}
