import { LitElement } from 'lit';
import type { AlvEventMap } from '../events.js';

/** Base of every `alv-` element: a typed `emit()` whose events bubble and cross shadow roots. */
export class AlvElement extends LitElement {
  emit<K extends keyof AlvEventMap>(
    name: K,
    detail: AlvEventMap[K] extends CustomEvent<infer D> ? D : never,
    init: { cancelable?: boolean } = {},
  ): boolean {
    return this.dispatchEvent(
      new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: init.cancelable }),
    );
  }
}

/** Registers a tag once: safe when two bundles on one page both carry the viewer. */
export function define(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
