import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Re-renders its host once a second while `until()` (epoch ms) is ahead, for a countdown such
 * as "Retrying in 4 s"; stops by itself when it passes or is cleared.
 */
export class CountdownController implements ReactiveController {
  private timer?: ReturnType<typeof setInterval>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly until: () => number | undefined,
  ) {
    host.addController(this);
  }

  /** Whole seconds left (at least 1 while it runs); undefined when there is nothing to count. */
  get seconds(): number | undefined {
    const t = this.until();
    return t === undefined ? undefined : Math.max(1, Math.ceil((t - Date.now()) / 1000));
  }

  hostUpdated(): void {
    const t = this.until();
    if (t === undefined || t <= Date.now()) this.stop();
    else this.timer ??= setInterval(() => this.host.requestUpdate(), 1000);
  }

  hostDisconnected(): void {
    this.stop();
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
