/**
 * The full-tab viewer: a larger view of the same source; opens shared links (the view in its
 * fragment, the source they were made on in `?source=`).
 */
import type { AuditLogViewer } from '../../components/audit-log-viewer/audit-log-viewer.component.js';
import { setUpViewerPage } from '../../extension/page.js';
import { SOURCE_PARAM } from '../../extension/source-tag.js';
import '../../extension/panel.css';

const viewer = document.querySelector<AuditLogViewer>('#viewer')!;
const here = new URL(location.href);
// A source chosen in a tab is for that tab: the side panel keeps its own.
await setUpViewerPage(
  viewer,
  document.querySelector('#source')!,
  document.querySelector('#message')!,
  {
    setsActiveSource: false,
    shareBase: here.origin + here.pathname,
    linked: { tag: here.searchParams.get(SOURCE_PARAM) },
  },
);
