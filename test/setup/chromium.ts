/**
 * The one Chromium every browser-driving tool here uses: the system one (Debian's
 * `chromium` package, installed by `.ci/run`). No tool downloads its own browser.
 * Override the path with CHROMIUM_PATH.
 *
 * e2e tests and benches: `chromium.launch(chromiumLaunchOptions())` from `playwright`.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Options for Playwright's `chromium.launch()` (headless). */
export function chromiumLaunchOptions(extraArgs: readonly string[] = []): {
  executablePath: string;
  args: string[];
  headless: true;
} {
  return { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs], headless: true };
}
