/** Options: add, edit, delete and test sources. Wiring only; the rules are extension/sources.ts. */
import { browser } from 'wxt/browser';
import '../../extension/panel.css';
import '../../extension/options.css';
import {
  bareKey,
  checkSource,
  forgetSourceData,
  moveSourceData,
  originPattern,
  testConnection,
  type ExtensionSource,
} from '../../extension/sources.js';
import { panelViewsItem, sourcesItem } from '../../extension/store.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('form');
const fields = ['name', 'adapter', 'endpoint', 'credential'] as const;
const result = $<HTMLElement>('result');

/** Whether the key field held a pasted `Bearer …` at the last `read()` (now taken off). */
let strippedBearer = false;

function read(): ExtensionSource {
  const credential = $<HTMLInputElement>('credential');
  const bare = bareKey(credential.value);
  strippedBearer = bare.stripped;
  if (bare.stripped) credential.value = bare.key;
  return {
    id: $<HTMLInputElement>('id').value || crypto.randomUUID(),
    name: $<HTMLInputElement>('name').value.trim(),
    adapter: $<HTMLSelectElement>('adapter').value as ExtensionSource['adapter'],
    endpoint: $<HTMLInputElement>('endpoint').value.trim().replace(/\/+$/, ''),
    credential: bare.key,
  };
}

/** " (the "Bearer " before the key was taken off: the key alone goes here)", when it was. */
const bearerNote = () =>
  strippedBearer ? ' The "Bearer " before the key was taken off: the key alone goes here.' : '';

/** Shows each field's mistake next to it; true when there is none. */
function validate(source: ExtensionSource): boolean {
  const errors = checkSource(source);
  for (const f of fields) {
    const error = errors.find((e) => e.field === f);
    $(`${f}-error`).textContent = error?.message ?? '';
    $(f).setAttribute('aria-invalid', error ? 'true' : 'false');
  }
  if (errors[0]) {
    $(errors[0].field).focus();
    // An earlier test's "Connected" is not about what the form holds now.
    result.textContent = 'Not saved or tested: correct the fields marked above.';
    result.dataset.outcome = 'failed';
  }
  return errors.length === 0;
}

function edit(source?: ExtensionSource): void {
  $<HTMLInputElement>('id').value = source?.id ?? '';
  $<HTMLInputElement>('name').value = source?.name ?? '';
  $<HTMLSelectElement>('adapter').value = source?.adapter ?? 'generic';
  $<HTMLInputElement>('endpoint').value = source?.endpoint ?? '';
  $<HTMLInputElement>('credential').value = source?.credential ?? '';
  $('form-title').textContent = source ? `Edit ${source.name}` : 'Add a source';
  result.textContent = '';
  for (const f of fields) $(`${f}-error`).textContent = '';
}

/** The source whose Delete was pressed: its row asks to confirm. */
let confirming: string | undefined;

function button(
  text: string,
  label: string,
  onClick: (b: HTMLButtonElement) => void,
  role = '',
): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.dataset.role = role;
  b.setAttribute('aria-label', label);
  b.addEventListener('click', () => onClick(b));
  return b;
}

/** A button of source `id`'s row (`edit`, `delete`, `confirm`), once rendered. */
const rowButton = (id: string, role: string) =>
  document.querySelector<HTMLElement>(`li[data-id="${CSS.escape(id)}"] [data-role="${role}"]`);

/**
 * Deletes `s` with what was kept from it (first, so a closed tab never leaves data no entry
 * points to), then says so and puts the focus on the next source or the form.
 */
async function deleteSource(s: ExtensionSource): Promise<void> {
  const sources = await sourcesItem.getValue();
  const at = sources.findIndex((x) => x.id === s.id);
  if (at < 0) return;
  const rest = sources.filter((x) => x.id !== s.id);
  const forgot = await forgetSourceData(s, rest).catch(() => 'failed' as const);
  // The side panel's view of it (filters may name someone), before the source itself, which
  // goes whatever this does.
  await panelViewsItem
    .getValue()
    .then(({ [s.id]: _gone, ...views }) => panelViewsItem.setValue(views))
    .catch(() => undefined);
  await sourcesItem.setValue(rest);
  confirming = undefined;
  // The form no longer edits a source that is gone.
  if ($<HTMLInputElement>('id').value === s.id) edit();
  await render();
  result.textContent =
    forgot === 'forgotten'
      ? `Deleted ${s.name}, with its cached pages and saved views.`
      : forgot === 'shared'
        ? `Deleted ${s.name}. Its cached pages and saved views stay: another source uses the same service and key.`
        : `Deleted ${s.name}. Its cached pages and saved views could not be removed: ` +
          'add it again and delete it to try once more.';
  delete result.dataset.outcome;
  const next = rest[Math.min(at, rest.length - 1)];
  (next ? rowButton(next.id, 'edit') : $('name'))?.focus();
}

async function render(): Promise<void> {
  const sources = await sourcesItem.getValue();
  const list = $<HTMLUListElement>('list');
  list.replaceChildren(
    ...sources.map((s) => {
      const li = document.createElement('li');
      li.dataset.id = s.id;
      const label = document.createElement('span');
      if (confirming === s.id) {
        label.textContent = `Delete ${s.name}? Its cached pages and saved views in this browser go too.`;
        const yes = button(
          'Delete',
          `Delete ${s.name} now`,
          (b) => {
            b.disabled = true;
            void deleteSource(s);
          },
          'confirm',
        );
        const no = button(
          'Keep',
          `Keep ${s.name}`,
          () => {
            confirming = undefined;
            void render().then(() => rowButton(s.id, 'delete')?.focus());
          },
          'keep',
        );
        li.className = 'confirming';
        li.append(label, yes, no);
        return li;
      }
      label.textContent = `${s.name} — ${s.adapter}, ${s.endpoint}`;
      li.append(
        label,
        button(
          'Edit',
          `Edit ${s.name}`,
          () => {
            edit(s);
            $('name').focus();
          },
          'edit',
        ),
        button(
          'Delete',
          `Delete ${s.name}`,
          () => {
            confirming = s.id;
            void render().then(() => rowButton(s.id, 'confirm')?.focus());
          },
          'delete',
        ),
      );
      return li;
    }),
  );
  if (!sources.length) {
    const li = document.createElement('li');
    li.textContent = 'No sources yet.';
    list.append(li);
  }
}

/**
 * Asks for host access to this endpoint's origin only, from the user's click (Chrome answers
 * at once when it is already granted). A backend that allows cross-origin requests works
 * without it, so nothing waits on the answer unless a request could not get through.
 */
function requestAccess(endpoint: string): Promise<boolean> {
  try {
    return browser.permissions.request({ origins: [originPattern(endpoint)] }).catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const source = read();
  if (!validate(source)) return;
  void requestAccess(source.endpoint);
  void (async () => {
    const sources = await sourcesItem.getValue();
    const i = sources.findIndex((s) => s.id === source.id);
    const next = i >= 0 ? sources.map((s, j) => (j === i ? source : s)) : [...sources, source];
    // A new service or key is a new partition: the saved views move to it, and the pages
    // cached with the old one go (unless another source still uses it), rather than lingering
    // where nothing points to them.
    const before = sources[i];
    let moved: { moved: number } | 'failed' | undefined;
    if (before) moved = await moveSourceData(before, source, next).catch(() => 'failed' as const);
    await sourcesItem.setValue(next);
    await render();
    edit(source);
    const views =
      moved === 'failed'
        ? ' Its saved views could not be moved to the new key: they stay under the old one.'
        : moved
          ? ` Pages cached with the old ${before!.endpoint === source.endpoint ? 'key' : 'address'} were cleared${
              moved.moved
                ? `; its ${moved.moved === 1 ? 'saved view moved' : `${moved.moved} saved views moved`} with it`
                : ''
            }.`
          : '';
    result.textContent = `Saved ${source.name}.${views}${bearerNote()}`;
    delete result.dataset.outcome;
  })();
});

$('test').addEventListener('click', () => {
  const source = read();
  if (!validate(source)) return;
  const access = requestAccess(source.endpoint);
  result.textContent = 'Testing…';
  delete result.dataset.outcome;
  const show = (ok: boolean, message: string) => {
    result.textContent = message;
    result.dataset.outcome = ok ? 'ok' : 'failed';
  };
  void (async () => {
    let outcome = await testConnection(source, AbortSignal.timeout(20_000));
    if (!outcome.ok && outcome.kind === 'network') {
      // Perhaps only host access is missing: wait for the user's answer, then try again.
      result.textContent = `Waiting for host access to ${new URL(source.endpoint).origin}…`;
      if (!(await access))
        return show(
          false,
          `Host access to ${new URL(source.endpoint).origin} was not granted: the extension cannot reach it.`,
        );
      outcome = await testConnection(source, AbortSignal.timeout(20_000));
    }
    show(outcome.ok, `${outcome.message}${bearerNote()}`);
  })();
});

$('reset').addEventListener('click', () => edit());

// A test's "Connected" (or its failure) was about what the form held then, not what it holds now.
form.addEventListener('input', () => {
  if (result.dataset.outcome === undefined) return;
  result.textContent = '';
  delete result.dataset.outcome;
});

void render();
