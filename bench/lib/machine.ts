/** What the numbers were measured on. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

export interface Machine {
  cpu: string;
  /** Logical processors in /proc/cpuinfo, and what Node may use. */
  cores: number;
  parallelism: number;
  memory: string;
  os: string;
  node: string;
  versions: Record<string, string>;
}

function cpuModel(): { model: string; processors: number } {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const model = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim();
    const processors = info.match(/^processor\s*:/gm)?.length ?? 0;
    return { model: model ?? os.cpus()[0]?.model ?? 'unknown', processors };
  } catch {
    return { model: os.cpus()[0]?.model ?? 'unknown', processors: os.cpus().length };
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));
function packageVersion(name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(`${root}node_modules/${name}/package.json`, 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '?';
  } catch {
    return '?';
  }
}

export function describeMachine(): Machine {
  const { model, processors } = cpuModel();
  return {
    cpu: model,
    cores: processors || os.cpus().length,
    parallelism: os.availableParallelism(),
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    versions: Object.fromEntries(
      ['playwright', 'esbuild', 'lit', 'ag-grid-community', '@electric-sql/pglite', 'hono'].map(
        (p) => [p, packageVersion(p)],
      ),
    ),
  };
}
