/**
 * Keeps a popover panel inside the viewport: it hangs from its trigger's right edge, or from
 * its left edge when there is no room to the left (a narrow side panel).
 */
export function placePanel(host: HTMLElement, panel: HTMLElement | null | undefined): void {
  if (!panel) return;
  const anchor = host.getBoundingClientRect();
  const width = panel.getBoundingClientRect().width;
  const roomLeft = anchor.right;
  const roomRight = document.documentElement.clientWidth - anchor.left;
  if (roomLeft >= width || roomLeft >= roomRight) {
    panel.style.left = '';
    panel.style.right = '0';
  } else {
    panel.style.right = '';
    panel.style.left = `${Math.max(-anchor.left + 4, Math.min(0, roomRight - width - 4))}px`;
  }
}
