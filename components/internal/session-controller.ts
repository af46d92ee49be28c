import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Session, type SessionOptions } from '../../core/session.js';

/**
 * Bridges a `Session` (core/session.ts) to a Lit element: every change of the session's state
 * re-renders the host; leaving the document stops its requests and tail, and coming back loads
 * the view again.
 */
export class SessionController implements ReactiveController {
  readonly session: Session;
  private away = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    options: Omit<SessionOptions, 'onChange'> = {},
  ) {
    this.session = new Session({ ...options, onChange: () => this.host.requestUpdate() });
    host.addController(this);
  }

  hostConnected(): void {
    if (!this.away) return;
    this.away = false;
    this.session.refresh();
  }

  hostDisconnected(): void {
    this.away = true;
    this.session.suspend();
  }
}
