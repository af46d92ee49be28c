import { expect, fixture, html } from '@open-wc/testing';
import { afterEach, describe, it } from 'vitest';
import { ALLOWED_ELEMENTS, sanitizeHtml } from '../../components/internal/sanitize.js';

declare global {
  interface Window {
    __pwned?: number;
  }
}

/** Every element of `fragment` is on the allowlist and has no attribute at all. */
function assertClean(fragment: DocumentFragment): void {
  for (const el of fragment.querySelectorAll('*')) {
    expect(ALLOWED_ELEMENTS.has(el.localName), `<${el.localName}> kept`).to.equal(true);
    expect(el.namespaceURI).to.equal('http://www.w3.org/1999/xhtml');
    expect(el.attributes.length, `<${el.localName}> kept attributes`).to.equal(0);
  }
}

const serialize = (fragment: DocumentFragment): string => {
  const div = document.createElement('div');
  div.append(fragment.cloneNode(true));
  return div.innerHTML;
};

/**
 * Waits until a sentinel image, requested after everything under test, has failed to load:
 * image errors and the tasks queued before them have run by then (no fixed sleep).
 */
const flush = () =>
  new Promise<void>((resolve) => {
    const sentinel = new Image();
    sentinel.onerror = sentinel.onload = () => setTimeout(resolve, 0);
    sentinel.src = `x?sentinel=${Math.random()}`;
  });

const hostile: readonly string[] = [
  '<img src=x onerror="window.__pwned=1">',
  '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onload="window.__pwned=2">',
  '<script>window.__pwned=3</script>',
  '<svg><script>window.__pwned=4</script></svg>',
  '<svg onload="window.__pwned=5"><circle r="3"/></svg>',
  '<b onclick="window.__pwned=6" style="color:red" class="x">bold</b>',
  '<a href="javascript:window.__pwned=7">click me</a>',
  '<iframe src="javascript:window.__pwned=8"></iframe>',
  '<iframe srcdoc="<script>parent.__pwned=9</script>"></iframe>',
  '<object data="javascript:window.__pwned=10"></object>',
  '<embed src="javascript:window.__pwned=11">',
  '<details open ontoggle="window.__pwned=12">x</details>',
  '<input autofocus onfocus="window.__pwned=13">',
  '<video><source onerror="window.__pwned=14"></video>',
  '<body onload="window.__pwned=15">body</body>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=16">',
  '<noscript><p title="</noscript><img src=x onerror=window.__pwned=17>">',
  '<template><img src=x onerror="window.__pwned=18"></template>',
  '<style>@import url(//example.invalid/x.css); *{background:url(x)}</style>',
  '<link rel="stylesheet" href="//example.invalid/x.css">',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=19">',
  '<form action="javascript:window.__pwned=20"><button>go</button></form>',
  '<b><i><u><img src=x onerror="window.__pwned=21"></u></i></b>',
  '&lt;img src=x onerror=window.__pwned=22&gt;',
  '<<b>script>window.__pwned=23<</b>/script>',
  '<span style="background:url(javascript:window.__pwned=24)" id="s">styled</span>',
];

describe('sanitizeHtml', () => {
  afterEach(() => {
    delete window.__pwned;
  });

  it('keeps text and attribute-less allowlisted inline elements', () => {
    const f = sanitizeHtml(
      'Update enrollment of <b>Anna Kowalski</b> to <i>active</i><br><strong>s</strong> <em>e</em> <u>u</u> <code>c</code> <span>sp</span>',
    );
    assertClean(f);
    expect(serialize(f)).to.equal(
      'Update enrollment of <b>Anna Kowalski</b> to <i>active</i><br><strong>s</strong> <em>e</em> <u>u</u> <code>c</code> <span>sp</span>',
    );
  });

  it('unwraps other elements to their text and drops script-like ones with their content', () => {
    const f = sanitizeHtml(
      '<div><p>Rule <a href="https://x.example/" target="_blank">nlp-12</a> was <mark>changed</mark></p><script>evil()</script><style>p{}</style><template>t</template><iframe>i</iframe><object>o</object></div><!-- comment -->',
    );
    assertClean(f);
    expect(f.textContent).to.equal('Rule nlp-12 was changed');
  });

  it('keeps entity-encoded markup as text', () => {
    const f = sanitizeHtml('Name &lt;b onclick=x&gt;Bob&lt;/b&gt; &amp; co &#60;img src=x&#62;');
    assertClean(f);
    expect(f.querySelectorAll('*').length).to.equal(0);
    expect(f.textContent).to.equal('Name <b onclick=x>Bob</b> & co <img src=x>');
  });

  it('survives nested, malformed and deeply nested markup', () => {
    const deep = '<b><i>'.repeat(2000) + 'core' + '</i></b>'.repeat(2000);
    const f = sanitizeHtml(`<b>unclosed <i>nested <u>deep</b> tail</i> ${deep} <span <b>odd`);
    assertClean(f);
    expect(f.textContent).to.contain('unclosed nested deep tail');
    expect(f.textContent).to.contain('core');
    expect(sanitizeHtml('').childNodes.length).to.equal(0);
  });

  it('neutralizes hostile inputs: no foreign element, no attribute, no script, no load', async () => {
    const before = performance.getEntriesByType('resource').length;
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    for (const input of hostile) {
      const f = sanitizeHtml(input);
      assertClean(f);
      host.append(f);
    }
    await flush();
    expect(window.__pwned).to.equal(undefined);
    for (const el of host.querySelectorAll('*')) {
      expect(ALLOWED_ELEMENTS.has(el.localName)).to.equal(true);
      expect(el.attributes.length).to.equal(0);
    }
    expect(host.querySelector('img, script, svg, iframe, a, style, link')).to.equal(null);
    // Text survives where there was text.
    expect(host.textContent).to.contain('bold');
    expect(host.textContent).to.contain('click me');
    expect(host.textContent).to.contain('<img src=x onerror=window.__pwned=22>');
    expect(host.textContent).not.to.contain('window.__pwned=3');
    // Nothing was fetched, neither while parsing nor once in the document.
    const loaded = performance
      .getEntriesByType('resource')
      .slice(before)
      .map((e) => e.name)
      .filter((n) => n.includes('example.invalid') || /\/x$/.test(n));
    expect(loaded).to.deep.equal([]);
    await expect(host).to.be.accessible();
  });

  it("Kore htmlText with issue 11's hostile inputs renders as text and inline tags only", async () => {
    const cases: [string, string][] = [
      [
        'Update role <b>Master Admin <img src=x onerror="window.__pwned=31"></b>',
        'Update role <b>Master Admin </b>',
      ],
      [
        'Create agent <b>Billing<svg onload="window.__pwned=32"><circle r="1"/></svg></b>',
        'Create agent <b>Billing</b>',
      ],
      [
        'Delete domain <b><a href="javascript:window.__pwned=33">acme.example</a></b>',
        'Delete domain <b>acme.example</b>',
      ],
      [
        'Update enrollment of <b><script>window.__pwned=34</script>Henry</b>',
        'Update enrollment of <b>Henry</b>',
      ],
    ];
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    for (const [input, expected] of cases) {
      const f = sanitizeHtml(input);
      assertClean(f);
      expect(serialize(f), input).to.equal(expected);
      host.append(f);
    }
    await flush();
    expect(window.__pwned).to.equal(undefined);
  });

  it('is checked by a flag that unsanitized markup does set (control)', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    // Deliberately unsafe, to prove the assertions above can fail.
    host.innerHTML = hostile[0]!;
    // Image requests finish in any order, so wait for this image's own error event (the
    // inline handler, registered first, has run by then) rather than for the sentinel.
    const img = host.querySelector('img')!;
    await new Promise((resolve) => img.addEventListener('error', resolve, { once: true }));
    expect(window.__pwned).to.equal(1);
    host.replaceChildren(sanitizeHtml(hostile[0]!));
    await expect(host).to.be.accessible();
  });
});
