/**
 * <audit-log-viewer> in a React 19 app. React 19 sets a custom element's properties (here
 * `credentials`, a function) and listens to its events with `on` + the event's name.
 */
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'audit-log-viewer'; // registers <audit-log-viewer>

const endpoint = new URLSearchParams(location.search).get('endpoint') ?? location.origin;
// Your app's token provider: called before every request.
const credentials = () => 'demo-pii-viewer';

function AuditLog() {
  const [selected, setSelected] = useState('');
  return (
    <>
      <audit-log-viewer
        endpoint={endpoint}
        source="generic"
        density="compact"
        columns={['time', 'actor', 'action', 'method', 'status', 'duration']}
        cache="memory"
        credentials={credentials}
        style={{ '--alv-color-accent': '#0a7d5a', '--alv-height': '480px' }}
        onalv-row-select={(e) => setSelected(e.detail.id)}
      />
      <p id="selected" aria-live="polite">
        {selected && `Selected ${selected}`}
      </p>
    </>
  );
}

createRoot(document.querySelector('#app')).render(<AuditLog />);
