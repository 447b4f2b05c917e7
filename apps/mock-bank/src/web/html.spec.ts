import { escapeHtml, html, raw } from './html';

describe('html``', () => {
  it('escapes every interpolated string, in text and in attributes', () => {
    const name = `<script>alert("x")</script> & 'quotes'`;
    expect(html`<p title="${name}">${name}</p>`.toString()).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</p>',
    );
  });

  it('keeps nested html`` and raw() as markup, joins arrays, and drops null, undefined and booleans', () => {
    const rows = ['a<b', 'c'].map((v) => html`<li>${v}</li>`);
    const out = html`<ul>${rows}</ul>${null}${undefined}${false}${true}${raw('<hr>')}${42}`;
    expect(out.toString()).toBe('<ul><li>a&lt;b</li><li>c</li></ul><hr>42');
  });

  it('escapeHtml leaves plain text alone', () => {
    expect(escapeHtml('Deposited 100.00 AZN')).toBe('Deposited 100.00 AZN');
  });
});
