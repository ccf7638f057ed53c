// The operations console: the operators' JSON API (/api/auth/ops/login, /api/ops; docs/platform.md)
// with the ops_jwt, and the node's own /health and /metrics.
(() => {
  'use strict';
  const { call, $, el, say, guarded, values, when } = Pages;
  const TOKEN = 'xuqm-ops-token';
  // the metrics worth a glance (the rest is for the monitoring system), by their Prometheus names
  const GLANCE = new Map([
    ['im_connections', 'WebSocket connections open'],
    ['im_connections_pending', 'connections waiting for CONNECT'],
    ['im_messages_in_total', 'messages received'],
    ['im_messages_out_total', 'messages delivered'],
    ['im_delivery_latency_milliseconds_max', 'slowest delivery lately (ms)'],
    ['im_lanes_busy_total', 'sends refused as SERVER_BUSY'],
    ['im_bus_publish_failures_total', 'cluster bus publish failures'],
    ['memory_usedHeap_bytes', 'heap used (bytes)'],
    ['memory_maxHeap_bytes', 'heap max (bytes)'],
    ['thread_count', 'JVM threads'],
    ['jvm_uptime_seconds', 'uptime (s)'],
  ]);
  const ALL = 1000;

  let token = sessionStorage.getItem(TOKEN);
  const ops = (method, path) => call(method, path, undefined, token);
  const enc = encodeURIComponent;

  function show() {
    $('auth').hidden = !!token;
    $('ops').hidden = !token;
    $('who').hidden = !token;
    if (token) {
      try {
        $('who-name').textContent = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).upn;
      } catch (e) { $('who-name').textContent = ''; }
    }
  }

  async function loadAll() {
    try {
      await Promise.all([tenants(), apps(), health()]);
    } catch (e) {
      if (e.status === 401) logout();
      throw e;
    }
  }

  function toggle(kind, id, status, label, reload) {
    const action = status === 'ACTIVE' ? 'disable' : 'enable';
    return el('button', { type: 'button', class: action === 'disable' ? 'danger' : '',
      'aria-label': (action === 'disable' ? 'Disable ' : 'Enable ') + label,
      onclick: guarded(async () => {
        await ops('POST', '/api/ops/' + kind + '/' + enc(id) + '/' + action);
        say(label + (action === 'disable' ? ' disabled' : ' enabled'), true);
        await reload();
        if (kind === 'tenants') await apps();
      }) }, action === 'disable' ? 'Disable' : 'Enable');
  }

  // the newest first: the listings are oldest first, so read their last pages (1,000 rows at most)
  async function all(path) {
    const first = await ops('GET', path + '?size=100&page=0');
    const last = Math.max(0, Math.ceil(first.total / 100) - 1);
    const items = [];
    for (let page = last; page >= 0 && items.length < ALL; page--) {
      const p = page === 0 ? first : await ops('GET', path + '?size=100&page=' + page);
      items.push(...p.items.slice().reverse());
    }
    return items;
  }

  async function tenants() {
    const items = await all('/api/ops/tenants');
    $('tenants').replaceChildren(...items.map((t) => el('tr', { 'data-tenant': String(t.tenantId) },
      el('td', {}, t.name), el('td', {}, t.email), el('td', { class: 'status-' + t.status }, t.status),
      el('td', {}, when(t.createdAt)), el('td', {}, toggle('tenants', t.tenantId, t.status, t.name, tenants)))));
  }

  async function apps() {
    const items = await all('/api/ops/apps');
    $('apps').replaceChildren(...items.map((a) => el('tr', { 'data-app': a.appKey },
      el('td', {}, a.name), el('td', {}, el('code', {}, a.appKey)), el('td', {}, a.tenantId == null ? '—' : String(a.tenantId)),
      el('td', { class: 'status-' + a.status }, a.status), el('td', {}, toggle('apps', a.appKey, a.status, a.appKey, apps)))));
  }

  async function probe(path) {
    const res = await fetch(path, { cache: 'no-store', credentials: 'omit' });
    let body = null;
    try { body = await res.json(); } catch (e) { /* not JSON */ }
    return { ok: res.ok, body };
  }

  async function health() {
    const [ready, live] = await Promise.all([probe('/health/ready'), probe('/health/live')]);
    $('ready').textContent = ready.body ? ready.body.status : (ready.ok ? 'UP' : 'DOWN');
    $('live').textContent = live.body ? live.body.status : (live.ok ? 'UP' : 'DOWN');
    const checks = [...((ready.body && ready.body.checks) || []), ...((live.body && live.body.checks) || [])];
    $('checks').replaceChildren(...checks.map((c) => el('tr', {}, el('td', {}, c.name), el('td', {}, c.status),
      el('td', { class: 'muted' }, c.data ? JSON.stringify(c.data) : ''))));
    const res = await fetch('/metrics', { cache: 'no-store', credentials: 'omit', headers: { Accept: 'text/plain' } });
    const found = new Map();
    if (res.ok) {
      for (const line of (await res.text()).split('\n')) {
        const m = /^([A-Za-z_]+)(\{[^}]*\})? (\S+)/.exec(line);
        if (m && GLANCE.has(m[1]) && !found.has(m[1])) found.set(m[1], m[3]);
      }
    }
    const rows = [...GLANCE.entries()].filter(([name]) => found.has(name)).map(([name, label]) =>
      el('tr', { 'data-metric': name }, el('td', {}, label), el('td', {}, el('code', {}, name)),
        el('td', {}, found.get(name))));
    $('metrics').replaceChildren(...rows);
  }

  function logout() {
    token = null;
    sessionStorage.removeItem(TOKEN);
    show();
  }

  document.addEventListener('DOMContentLoaded', () => {
    show();
    guarded(async () => {
      const offer = await Pages.ssoOffer();
      if (offer) {
        $('sso').hidden = false;
        $('sso-button').addEventListener('click', guarded(() => Pages.ssoStart(offer)));
      }
      // back from the identity provider with a code?
      const session = await Pages.ssoFinish('ops');
      if (session) {
        token = session.token;
        sessionStorage.setItem(TOKEN, token);
        show();
      }
      if (token) await loadAll();
    })();
    $('logout').addEventListener('click', logout);
    $('refresh').addEventListener('click', guarded(loadAll));
    $('login-form').addEventListener('submit', guarded(async (e) => {
      const s = await call('POST', '/api/auth/ops/login', values(e.target));
      token = s.token;
      sessionStorage.setItem(TOKEN, token);
      e.target.reset();
      show();
      await loadAll();
    }));
  });
})();
