/**
 * What the service writes to its log. Anything that came from a request (a path, an
 * error message quoting one) is escaped first: a CR, LF or ESC in a URL must not be able
 * to forge a log line or drive the terminal.
 */

/** `s` with control characters (C0, DEL, C1) and line/paragraph separators as `\xNN` / `\uNNNN`. */
export function escapeForLog(s: string, max = 2000): string {
  const cut = s.length > max ? `${s.slice(0, max)}…` : s;
  return cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\\]/g, (c) => {
    if (c === '\\') return '\\\\';
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** An error's message (not its stack), escaped for a log line. */
export function errorText(e: unknown): string {
  return escapeForLog(e instanceof Error ? e.message : String(e));
}

let installed = false;

/**
 * The last line of defence: an error nothing caught is logged, and the process keeps
 * serving. Every known path handles its own errors; this only keeps one request that
 * finds a new way to fail from taking the service down for everyone.
 */
export function installProcessSafetyNet(): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => {
    console.error('audit service: unhandled rejection (kept running):', errorText(reason));
  });
  process.on('uncaughtException', (err) => {
    console.error('audit service: uncaught exception (kept running):', errorText(err));
  });
}
