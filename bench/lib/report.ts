/** The bench report: sections of notes and tables, rendered as Markdown, and named figures. */
import { summarize } from './stats.js';

export type Cell = string | number;

export interface Table {
  headers: string[];
  rows: Cell[][];
  /** Column indices to right-align (numbers). Default: every column but the first. */
  numeric?: number[];
}

export interface Section {
  title: string;
  intro?: string[];
  tables: Table[];
  notes: string[];
}

/** One figure of `bench/results/latest.json`. */
export interface Metric {
  median: number;
  p95: number;
  unit: string;
  runs: number;
}

export class Report {
  readonly sections: Section[] = [];
  /** Figures by name, written as bench/results/latest.json. */
  readonly metrics: Record<string, Metric> = {};

  /** Records a figure from its samples (median and p95). */
  metric(name: string, samples: readonly number[], unit: string): Metric {
    const s = summarize(samples.filter(Number.isFinite));
    const round = (x: number) => Math.round(x * 100) / 100;
    const m = { median: round(s.median), p95: round(s.p95), unit, runs: s.n };
    this.metrics[name] = m;
    return m;
  }

  section(title: string, intro: string[] = []): Section {
    const s: Section = { title, intro, tables: [], notes: [] };
    this.sections.push(s);
    return s;
  }

  toMarkdown(title: string, preamble: string[]): string {
    const out: string[] = [`# ${title}`, '', ...preamble, ''];
    for (const s of this.sections) {
      out.push(`## ${s.title}`, '');
      if (s.intro?.length) out.push(...s.intro, '');
      for (const t of s.tables) out.push(renderTable(t), '');
      if (s.notes.length) out.push(...s.notes.map((n) => `- ${n}`), '');
    }
    return `${out.join('\n').trimEnd()}\n`;
  }
}

const escapeCell = (c: Cell) => String(c).replaceAll('|', '\\|').replaceAll('\n', ' ');

function renderTable(t: Table): string {
  const numeric = new Set(t.numeric ?? t.headers.map((_, i) => i).slice(1));
  const cells = [t.headers, ...t.rows].map((r) => r.map(escapeCell));
  const widths = t.headers.map((_, i) => Math.max(3, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    `| ${widths.map((w, i) => (numeric.has(i) ? (r[i] ?? '').padStart(w) : (r[i] ?? '').padEnd(w))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(cells[0]!), rule, ...cells.slice(1).map(line)].join('\n');
}

/** Progress on stderr, so that stdout carries only the report. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${(performance.now() / 1000).toFixed(1)}s] ${message}\n`);
}
