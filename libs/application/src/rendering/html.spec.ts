import { describe, expect, it } from 'vitest';
import { html, trusted } from './html.js';

describe('html template', () => {
  it('escapes every value unless it is markup already', () => {
    const name = `<script>alert("x")</script> & 'co'`;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p>',
    );
    expect(html`<div>${html`<b>${'a<b'}</b>`}</div>`.value).toBe('<div><b>a&lt;b</b></div>');
    expect(html`${trusted('<hr>')}`.value).toBe('<hr>');
  });

  it('renders nothing for null, undefined and false, and arrays item by item', () => {
    expect(html`[${null}${undefined}${false}${0}]`.value).toBe('[0]');
    expect(html`<ul>${['<a>', html`<li>b</li>`]}</ul>`.value).toBe('<ul>&lt;a&gt;<li>b</li></ul>');
  });
});
