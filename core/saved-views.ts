/**
 * Saved views: a name and the share-link fragment of a view (so a saved view holds exactly
 * what a link may: filters, sort, columns — never a credential or a payload value), kept per
 * source and principal, and exported to or imported from a JSON file.
 */
import type { ViewState } from './model.js';
import { viewFromFragment } from './view-link.js';
import { canonicalView, viewToFragment } from './view-state.js';

export interface SavedView {
  id: string;
  name: string;
  /** The view as a link fragment (`#v1;…`), time ranges kept as they were. */
  fragment: string;
  savedAt: number;
}

export const SAVED_VIEWS_FORMAT = 'audit-log-viewer/saved-views';
export const SAVED_VIEWS_VERSION = 1;

/** The minimum a key-value store needs (`localStorage` has it). */
export interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem?(key: string): void;
}

/** A new view's id: unique in the store (an imported view gets one too). */
const newId = (now = Date.now()): string =>
  `sv_${now.toString(36)}_${Math.random().toString(36).slice(2, 10)}`;

export const savedView = (name: string, view: ViewState, now = Date.now()): SavedView => ({
  id: newId(now),
  name: name.trim(),
  // The open entry is not part of a saved search.
  fragment: viewToFragment({ ...canonicalView(view), selected: undefined }, { keepRelative: true }),
  savedAt: now,
});

export const viewOf = (saved: SavedView): ViewState => viewFromFragment(saved.fragment).view;

export class SavedViews {
  constructor(
    private readonly store: KeyValue,
    private readonly partition: string,
  ) {}

  private get key(): string {
    return `alv:saved-views:${this.partition}`;
  }

  /** Forgets every view of this partition (its source was deleted). */
  forget(): void {
    if (this.store.removeItem) this.store.removeItem(this.key);
    else this.store.setItem(this.key, savedViewsFile([]));
  }

  list(): SavedView[] {
    let views: SavedView[];
    try {
      const parsed = parseSavedViews(this.store.getItem(this.key) ?? '');
      views = parsed.ok ? parsed.views : [];
    } catch {
      return [];
    }
    // Two views under one id (imports kept the file's ids until 2026-12): each gets its own,
    // kept, so that deleting or renaming one never touches the other.
    const seen = new Set<string>();
    let repaired = false;
    for (const v of views) {
      if (seen.has(v.id)) {
        v.id = newId();
        repaired = true;
      }
      seen.add(v.id);
    }
    if (repaired) this.write(views);
    return views;
  }

  /** The saved view named `name` (names are unique), if any. */
  named(name: string): SavedView | undefined {
    return this.list().find((v) => v.name === name.trim());
  }

  private write(views: SavedView[]): void {
    this.store.setItem(this.key, savedViewsFile(views));
  }

  /** Saves `view` as `name`, replacing the view of that name (ask the user first: `named`). */
  save(name: string, view: ViewState): SavedView {
    const saved = savedView(name, view);
    this.write([...this.list().filter((v) => v.name !== saved.name), saved]);
    return saved;
  }

  /** Renames view `id`; refused (false) when another view has that name. */
  rename(id: string, name: string): boolean {
    const views = this.list();
    const to = name.trim();
    if (views.some((v) => v.name === to && v.id !== id)) return false;
    this.write(views.map((v) => (v.id === id ? { ...v, name: to } : v)));
    return true;
  }

  remove(id: string): void {
    this.write(this.list().filter((v) => v.id !== id));
  }

  /**
   * Adds the views of a file as new views (ids of their own: the file's may be this store's,
   * exported from it); nothing already saved is lost (same names are kept apart).
   */
  import(
    text: string,
  ): { ok: true; added: number; alreadySaved: number } | { ok: false; error: string } {
    const parsed = parseSavedViews(text);
    if (!parsed.ok) return parsed;
    const current = this.list();
    const names = new Set(current.map((v) => v.name));
    // A view saved already, under its name or a copy's ("Errors (2)": the same file imported
    // twice), is not copied again.
    const copyOf = (c: SavedView, name: string) =>
      c.name === name || (c.name.startsWith(`${name} (`) && /\(\d+\)$/.test(c.name));
    const fresh = parsed.views.filter(
      (v) => !current.some((c) => c.fragment === v.fragment && copyOf(c, v.name)),
    );
    const added = fresh.map((v) => {
      let name = v.name;
      for (let i = 2; names.has(name); i++) name = `${v.name} (${i})`;
      names.add(name);
      return { ...v, id: newId(), name };
    });
    this.write([...current, ...added]);
    return { ok: true, added: added.length, alreadySaved: parsed.views.length - fresh.length };
  }
}

export function savedViewsFile(views: readonly SavedView[]): string {
  return JSON.stringify(
    { format: SAVED_VIEWS_FORMAT, version: SAVED_VIEWS_VERSION, views },
    null,
    2,
  );
}

/** Reads a saved-views file; a foreign or broken one is refused naming what is wrong. */
export function parseSavedViews(
  text: string,
): { ok: true; views: SavedView[] } | { ok: false; error: string } {
  if (!text.trim()) return { ok: true, views: [] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: 'This file is not JSON.' };
  }
  const file = data as { format?: unknown; version?: unknown; views?: unknown };
  if (!file || typeof file !== 'object' || file.format !== SAVED_VIEWS_FORMAT)
    return {
      ok: false,
      error: `This is not a saved-views file (its "format" is not "${SAVED_VIEWS_FORMAT}").`,
    };
  if (file.version !== SAVED_VIEWS_VERSION)
    return {
      ok: false,
      error: `Saved-views files of version ${String(file.version)} cannot be read here (expected ${SAVED_VIEWS_VERSION}).`,
    };
  if (!Array.isArray(file.views)) return { ok: false, error: '"views" must be a list.' };
  const views: SavedView[] = [];
  for (const [i, raw] of (file.views as unknown[]).entries()) {
    const v = raw as Partial<SavedView> | null;
    if (!v || typeof v.name !== 'string' || !v.name.trim())
      return { ok: false, error: `views[${i}].name: expected a name.` };
    if (typeof v.fragment !== 'string' || !viewFromFragment(v.fragment).isLink)
      return { ok: false, error: `views[${i}].fragment: expected a view link (#v1;…).` };
    const parsed = viewFromFragment(v.fragment);
    if (parsed.notices.length)
      return { ok: false, error: `views[${i}] ("${v.name}"): ${parsed.notices[0]}` };
    views.push({
      id: typeof v.id === 'string' && v.id ? v.id : `sv_import_${i}`,
      name: v.name.trim(),
      // Re-encoded: only what a view link holds survives.
      fragment: viewToFragment(parsed.view, { keepRelative: true }),
      savedAt: typeof v.savedAt === 'number' ? v.savedAt : 0,
    });
  }
  return { ok: true, views };
}
