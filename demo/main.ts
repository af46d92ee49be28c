/** The demo host page: embeds <audit-log-viewer> against the reference service it is served from. */
import '../components/audit-log-viewer/audit-log-viewer.js';
import { createMappedSource } from '../core/sources/mapped.js';
import orgAuditMapping from '../core/sources/mappings/org-audit.json';

const viewer = document.querySelector('audit-log-viewer')!;
const principal = document.querySelector<HTMLSelectElement>('#principal')!;
const source = document.querySelector<HTMLSelectElement>('#source')!;
const theme = document.querySelector<HTMLSelectElement>('#theme')!;
const density = document.querySelector<HTMLSelectElement>('#density')!;
const log = document.querySelector<HTMLElement>('#events-log')!;

// The host's own shortcut: "/" from anywhere on the page (the viewer takes it inside itself).
document.addEventListener('keydown', (e) => {
  if (e.key === '/' && !e.defaultPrevented && e.target === document.body) {
    e.preventDefault();
    viewer.focusSearch();
  }
});

const params = new URLSearchParams(location.search);
for (const [select, key] of [
  [principal, 'as'],
  [source, 'source'],
  [theme, 'theme'],
  [density, 'density'],
] as const) {
  const value = params.get(key);
  if (value && [...select.options].some((o) => o.value === value)) select.value = value;
}

/**
 * The demo principals' keys. The page's URL names the principal (`?as=restricted`), never the
 * key: a URL is copied and shared, and must not carry a credential.
 */
const DEMO_KEYS: Record<string, string> = {
  'pii-viewer': 'demo-pii-viewer',
  restricted: 'demo-restricted',
  'no-access': 'demo-no-access',
};

function apply(): void {
  // A provider function: the host decides where keys come from (here, a demo key).
  const key = DEMO_KEYS[principal.value] ?? '';
  viewer.credentials = () => key;
  viewer.source = source.value;
  viewer.endpoint = location.origin;
  // The fifth backend: the org-audit API read through a mapping file, not adapter code.
  const mapped = source.value === 'mapped';
  viewer.dataSource = mapped
    ? createMappedSource({
        endpoint: location.origin,
        credentials: () => key,
        mapping: orgAuditMapping,
      })
    : undefined;
  viewer.cachePartition = mapped ? `mapped:${principal.value}` : undefined;
  viewer.density = density.value as 'comfortable' | 'compact';
  document.body.classList.toggle('dark', theme.value === 'dark');
  // The viewer's own dark colours (its `theme`); the page's are in demo.css.
  viewer.theme = theme.value === 'dark' ? 'dark' : 'light';
  const next = new URLSearchParams({
    as: principal.value,
    source: source.value,
    theme: theme.value,
    density: density.value,
  });
  // The fragment is the viewer's (`sync-url`): keep it.
  history.replaceState(history.state, '', `?${next.toString()}${location.hash}`);
  // Links made here leave out who is signed in: whoever opens one sees it as themselves.
  next.delete('as');
  viewer.shareBase = `${location.origin}${location.pathname}?${next.toString()}`;
}

for (const select of [principal, source, theme, density]) select.addEventListener('change', apply);
document.querySelector('#refresh')!.addEventListener('click', () => viewer.refresh());

// The host listens to the viewer's typed events.
viewer.addEventListener('alv-row-select', (e) => {
  log.textContent = `alv-row-select: ${e.detail.id}`;
});
viewer.addEventListener('alv-error', (e) => {
  log.textContent = `alv-error: ${e.detail.error.message}`;
});
// While the viewer is in safe-to-share mode the page says which filters changed, not their values.
let safe = viewer.safeToShare;
viewer.addEventListener('alv-safe-to-share', (e) => {
  safe = e.detail.on;
  log.textContent = `alv-safe-to-share: ${safe ? 'on' : 'off'}`;
});
viewer.addEventListener('alv-view-change', (e) => {
  const filters = e.detail.view.filters;
  log.textContent = `alv-view-change: ${safe ? `filters ${Object.keys(filters).join(', ') || 'none'}` : JSON.stringify(filters)}`;
});

apply();
