/**
 * The page every HTML report shares: one self-contained document (inline CSS, a few lines of inline JS, no
 * external address but the documentation links), a summary table, and filters by API and by status.
 *
 * Items a filter acts on carry `data-api` and `data-status`. With JS off the filters stay hidden and every
 * item shows; `<details>` opens failing items on click without any script.
 */
import { escapeHtml, token } from './escape.js';

export interface FilterSpec {
  apis: readonly string[];
  statuses: readonly string[];
}

const CSS = `
:root{--pass:#1a7f37;--fail:#cf222e;--none:#6e7781;--warn:#9a6700;--info:#0969da;--line:#d0d7de;--bg:#f6f8fa}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2328;background:#fff}
header{padding:16px 24px;border-bottom:1px solid var(--line);background:var(--bg)}
header h1{margin:0 0 4px;font-size:20px}
header p{margin:0;color:#59636e}
main{padding:16px 24px;max-width:1200px}
h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0}
th,td{border:1px solid var(--line);padding:4px 10px;text-align:left;vertical-align:top}
th{background:var(--bg)}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;min-width:88px;text-align:center;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;font-weight:600}
.badge.pass{background:var(--pass)}.badge.fail{background:var(--fail)}.badge.not-exercised{background:var(--none)}
.badge.error{background:var(--fail)}.badge.warn{background:var(--warn)}.badge.info{background:var(--info)}
.item{border:1px solid var(--line);border-radius:6px;margin:6px 0;padding:6px 10px}
.item.fail,.item.error{border-left:4px solid var(--fail)}.item.pass{border-left:4px solid var(--pass)}
.item.not-exercised{border-left:4px solid var(--none)}.item.warn{border-left:4px solid var(--warn)}.item.info{border-left:4px solid var(--info)}
details>summary{cursor:pointer}
.item .id{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px}
pre,code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12.5px}
pre{background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:6px 8px;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
.muted{color:#59636e}
.filters{display:flex;flex-wrap:wrap;gap:18px;padding:8px 12px;margin:12px 0;border:1px solid var(--line);border-radius:6px;background:var(--bg)}
.filters[hidden]{display:none}
.filters fieldset{border:0;margin:0;padding:0}.filters legend{font-weight:600;padding:0;margin-bottom:2px}
.filters label{margin-right:10px;white-space:nowrap}
.is-filtered{display:none!important}
.diagrams{display:flex;flex-wrap:wrap;gap:16px}
figure{max-width:100%;margin:0;border:1px solid var(--line);border-radius:6px;padding:8px}
figcaption{font-weight:600;margin-bottom:4px}
svg text{font:12px system-ui,sans-serif}
svg.lifecycle{max-width:100%;height:auto}
.legend span{margin-right:14px}
.swatch{display:inline-block;width:22px;height:4px;vertical-align:middle;margin-right:4px}
`;

/** Hides items whose api or status is unchecked; shown only when scripts run. No run text is touched. */
const JS = `
(function(){
  var bar=document.getElementById('filters'); if(!bar) return; bar.hidden=false;
  function checked(name){var s={};bar.querySelectorAll('input[name="'+name+'"]').forEach(function(i){s[i.value]=i.checked;});return s;}
  function apply(){
    var apis=checked('api'), statuses=checked('status');
    document.querySelectorAll('[data-api][data-status]').forEach(function(el){
      var show=apis[el.getAttribute('data-api')]!==false && statuses[el.getAttribute('data-status')]!==false;
      el.classList.toggle('is-filtered',!show);
    });
  }
  bar.addEventListener('change',apply); apply();
})();
`;

/** The filter bar: one checkbox per API and per status, all checked. Hidden until the script shows it. */
export function filterBar(spec: FilterSpec): string {
  const group = (name: string, legend: string, values: readonly string[]) =>
    `<fieldset><legend>${escapeHtml(legend)}</legend>${values
      .map((v) => `<label><input type="checkbox" name="${name}" value="${escapeHtml(token(v))}" checked> ${escapeHtml(v)}</label>`)
      .join('')}</fieldset>`;
  return `<form class="filters" id="filters" hidden>${group('api', 'API', spec.apis)}${group('status', 'Status', spec.statuses)}</form>`;
}

export function badge(status: string, label = status): string {
  return `<span class="badge ${escapeHtml(token(status))}">${escapeHtml(label)}</span>`;
}

/** A table from rows of cells already escaped; numbers are right-aligned. */
export function table(head: readonly string[], rows: readonly (readonly (string | number)[])[], attrs = ''): string {
  const cell = (c: string | number) => (typeof c === 'number' ? `<td class="n">${c}</td>` : `<td>${c}</td>`);
  return `<table${attrs}><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map(cell).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** The whole document. `title` and `subtitle` are plain text; `body` is markup built from escaped parts. */
export function page(opts: { title: string; subtitle: string; body: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(opts.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${escapeHtml(opts.title)}</h1><p>${escapeHtml(opts.subtitle)}</p></header>
<main>
${opts.body}
</main>
<script>${JS}</script>
</body>
</html>
`;
}
