/**
 * The status line's menus (Views, Share) open a panel hanging from their trigger, kept inside
 * the viewport wherever the trigger is: at 390 px the Views trigger sat 266–311 px from the
 * left, and its 340 px panel ran off the left edge (x = −29).
 */
import { expect, fixture, html } from '@open-wc/testing';
import { describe, it } from 'vitest';
import { page } from 'vitest/browser';
import { placePanel } from '../../components/internal/popover.js';

async function place(triggerLeft: number, triggerWidth = 46, panelWidth = 340) {
  const box = await fixture<HTMLDivElement>(html`
    <div style="position: relative; height: 40px">
      <span
        class="host"
        style="position: absolute; top: 0; left: ${triggerLeft}px; width: ${triggerWidth}px; height: 20px"
        ><div
          class="panel"
          style="position: absolute; top: 24px; right: 0; width: ${panelWidth}px; height: 80px"
        ></div
      ></span>
    </div>
  `);
  const host = box.querySelector<HTMLElement>('.host')!;
  const panel = box.querySelector<HTMLElement>('.panel')!;
  placePanel(host, panel);
  return { trigger: host.getBoundingClientRect(), panel: panel.getBoundingClientRect() };
}

describe('a menu’s panel', () => {
  it('hangs from its trigger’s right edge where there is room, else moves the least to stay on screen', async () => {
    const [width, height] = [window.innerWidth, window.innerHeight];
    await page.viewport(390, 700);
    try {
      const vw = document.documentElement.clientWidth;
      // Room on the left: right edges aligned.
      const wide = await place(vw - 60);
      expect(wide.panel.right).to.be.closeTo(wide.trigger.right, 0.5);
      // The Views trigger at 390 px on a backend whose status line is shorter.
      for (const left of [266 - 8, 150, 4, vw - 50]) {
        const { panel, trigger } = await place(left);
        expect(panel.left, `trigger at ${left}`).to.be.at.least(4 - 0.5);
        expect(panel.right, `trigger at ${left}`).to.be.at.most(vw - 4 + 0.5);
        // Still under its trigger.
        expect(panel.left).to.be.at.most(trigger.left + 0.5);
      }
      // Wider than the viewport: it starts at the left edge.
      const huge = await place(200, 46, vw + 100);
      expect(huge.panel.left).to.be.closeTo(4, 0.5);
    } finally {
      await page.viewport(width, height);
    }
  });
});
