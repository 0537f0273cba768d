namespace SecureMailOps.Core.Reports;

/// <summary>
/// The HTML report's style sheet and script: constants of the assembly, written as they are. The
/// script only filters and pages the findings table; it builds rows with textContent, never HTML.
/// </summary>
internal static class HtmlAssets
{
    /// <summary>Only inline style and script, nothing fetched: the page makes no request at all.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    public const string Css = @"
:root{color-scheme:light;--fg:#1a1a1a;--muted:#4a4a4a;--line:#d0d0d0;--bg:#fff;--head:#f3f4f6;--crit:#7f1d1d;--high:#b91c1c;--med:#b45309;--low:#4d7c0f;--info:#475569;--pass:#166534}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1200px;padding:1.5rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .6rem;border-bottom:2px solid var(--line);padding-bottom:.2rem}
p.meta{color:var(--muted);margin:.2rem 0 1rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:.92rem}
caption{text-align:left;font-weight:600;padding:.3rem 0;color:var(--muted)}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
thead th{background:var(--head)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.cards{display:flex;flex-wrap:wrap;gap:.6rem;margin:.6rem 0 1rem;padding:0;list-style:none}
.cards li{border:1px solid var(--line);border-radius:6px;padding:.5rem .9rem;min-width:8.5rem}
.cards .n{display:block;font-size:1.5rem;font-weight:700}
.o-Fail .outcome,.bad{color:var(--high);font-weight:600}.o-Error .outcome{color:var(--crit);font-weight:600}.o-Pass .outcome{color:var(--pass)}
td[class^='sev-'],th[class^='sev-']{white-space:nowrap}
.sev-Critical{color:var(--crit);font-weight:700}.sev-High{color:var(--high);font-weight:600}.sev-Medium{color:var(--med)}.sev-Low{color:var(--low)}.sev-Info{color:var(--info)}
.expired{color:var(--crit);font-weight:700}
svg text{font:12px system-ui,sans-serif;fill:#1a1a1a}
.controls{display:flex;flex-wrap:wrap;gap:.8rem;align-items:end;margin:.5rem 0}
.controls label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}
.controls select,.controls input,.controls button{font:inherit;padding:.25rem .4rem}
#findings-status{font-weight:600}
.note{border-left:4px solid var(--med);padding:.3rem .7rem;background:#fffbeb}
@media print{.controls,#pager,noscript{display:none}body{max-width:none;padding:0;font-size:11px}h2{break-after:avoid}tr{break-inside:avoid}a{color:inherit}}
";

    public const string Script = @"
(function () {
  'use strict';
  var byId = function (id) { return document.getElementById(id); };
  // The small table of rules, names, files and reasons, and the first page of the default view, are
  // parsed now; every row only when a filter or the next page needs them, or once the page has loaded.
  var meta = JSON.parse(byId('smo-meta').textContent);
  var rules = meta.rules, outcomes = meta.outcomes, kinds = meta.kinds, drifts = meta.drifts, files = meta.files, reasons = meta.reasons;
  var rows = null;
  var outcome = byId('f-outcome'), severity = byId('f-severity'), drift = byId('f-drift'), query = byId('f-query');
  var body = byId('findings-body'), status = byId('findings-status'), prev = byId('page-prev'), next = byId('page-next');
  var pageSize = 50, page = 0, matches = [];
  function load() { if (rows === null) { rows = JSON.parse(byId('smo-rows').textContent); } }
  function source(r) {
    var f = r[4];
    if (f === -1) { return ''; }
    var file = typeof f === 'number' ? files[f] : f;
    return r[5] > 0 ? file + ':' + r[5] : file;
  }
  function reason(r) { return typeof r[6] === 'number' ? reasons[r[6]] : r[6]; }
  function isDefault() { return outcome.value === 'failing' && severity.value === 'all' && drift.value === 'all' && query.value.trim() === ''; }
  function filter() {
    load();
    var o = outcome.value, s = severity.value, d = drift.value, t = query.value.trim().toLowerCase();
    matches = [];
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i], rule = rules[r[0]], name = outcomes[r[1]];
      if (o === 'failing') { if (name !== 'Fail' && name !== 'Error') { continue; } }
      else if (o !== 'all' && name !== o) { continue; }
      if (s !== 'all' && rule.severity !== s) { continue; }
      if (d !== 'all' && drifts[r[7]] !== d) { continue; }
      if (t && (rule.id + '\u0001' + rule.title + '\u0001' + r[3] + '\u0001' + reason(r) + '\u0001' + source(r)).toLowerCase().indexOf(t) < 0) { continue; }
      matches.push(i);
    }
  }
  function apply() { filter(); page = 0; render(); }
  function cell(tr, text, cls) {
    var td = document.createElement('td');
    td.textContent = text;
    if (cls) { td.className = cls; }
    tr.appendChild(td);
  }
  function render() {
    var total = rows === null ? meta.failing : matches.length;
    var start = page * pageSize, end = Math.min(total, start + pageSize);
    var fragment = document.createDocumentFragment();
    for (var k = start; k < end; k++) {
      var r = rows === null ? meta.first[k] : rows[matches[k]], rule = rules[r[0]], name = outcomes[r[1]];
      var tr = document.createElement('tr');
      tr.className = 'o-' + name;
      cell(tr, name, 'outcome');
      cell(tr, rule.severity, 'sev-' + rule.severity);
      cell(tr, rule.id + ' ' + rule.title);
      cell(tr, kinds[r[2]] + ' ' + r[3]);
      cell(tr, reason(r));
      cell(tr, source(r));
      cell(tr, drifts[r[7]]);
      fragment.appendChild(tr);
    }
    while (body.firstChild) { body.removeChild(body.firstChild); }
    body.appendChild(fragment);
    status.setAttribute('data-matches', String(total));
    status.textContent = total === 0 ? 'No finding matches the filter.'
      : 'Showing ' + (start + 1).toLocaleString('en') + '-' + end.toLocaleString('en') + ' of ' + total.toLocaleString('en') + ' matching findings.';
    prev.disabled = page === 0;
    next.disabled = end >= total;
  }
  function fromHash() {
    var parts = location.hash.replace(/^#/, '').split('&');
    for (var i = 0; i < parts.length; i++) {
      var kv = parts[i].split('=');
      var value = decodeURIComponent(kv[1] || '');
      if (kv[0] === 'outcome') { outcome.value = value; }
      else if (kv[0] === 'severity') { severity.value = value; }
      else if (kv[0] === 'drift') { drift.value = value; }
      else if (kv[0] === 'q') { query.value = value; }
    }
  }
  var timer = 0;
  outcome.addEventListener('change', apply);
  severity.addEventListener('change', apply);
  drift.addEventListener('change', apply);
  query.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(apply, 150); });
  prev.addEventListener('click', function () { if (page > 0) { page--; render(); } });
  next.addEventListener('click', function () { if (rows === null) { filter(); } if ((page + 1) * pageSize < matches.length) { page++; render(); } });
  window.addEventListener('hashchange', function () { fromHash(); apply(); });
  fromHash();
  byId('controls').hidden = false;
  byId('pager').hidden = false;
  if (isDefault()) {
    render();
    window.addEventListener('load', function () { setTimeout(function () { if (rows === null) { filter(); } }, 0); });
  } else {
    apply();
  }
})();
";
}
