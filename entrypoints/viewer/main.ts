/** The full-tab viewer: a larger view of the same source; opens shared links (its fragment). */
import type { AuditLogViewer } from '../../components/audit-log-viewer/audit-log-viewer.component.js';
import { setUpViewerPage } from '../../extension/page.js';
import '../../extension/panel.css';

const viewer = document.querySelector<AuditLogViewer>('#viewer')!;
// A source chosen in a tab is for that tab: the side panel keeps its own.
await setUpViewerPage(
  viewer,
  document.querySelector('#source')!,
  document.querySelector('#message')!,
  {
    setsActiveSource: false,
  },
);
