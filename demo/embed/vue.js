/**
 * <audit-log-viewer> in a Vue 3 app (a render function; in a single-file component, tell the
 * template compiler the tag is a custom element: `compilerOptions.isCustomElement`, see the
 * README). Vue sets `credentials` as a property because the element has one, and
 * `onAlvRowSelect` listens to `alv-row-select`.
 */
import { createApp, h, ref } from 'vue';
import 'audit-log-viewer'; // registers <audit-log-viewer>

const endpoint = new URLSearchParams(location.search).get('endpoint') ?? location.origin;
// Your app's token provider: called before every request.
const credentials = () => 'demo-pii-viewer';

createApp({
  setup() {
    const selected = ref('');
    return () => [
      h('audit-log-viewer', {
        endpoint,
        source: 'generic',
        density: 'compact',
        columns: ['time', 'actor', 'action', 'method', 'status', 'duration'],
        cache: 'memory',
        credentials,
        style: { '--alv-color-accent': '#b5179e', '--alv-height': '480px' },
        onAlvRowSelect: (e) => (selected.value = e.detail.id),
      }),
      h(
        'p',
        { id: 'selected', 'aria-live': 'polite' },
        selected.value && `Selected ${selected.value}`,
      ),
    ];
  },
}).mount('#app');
