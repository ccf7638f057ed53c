// The tenant console: the tenant's own JSON API (/api/auth, /api/apps; docs/platform.md) with the
// tenant_jwt (apps, and an app's users, online users, kicks, message counts and offline push settings), and, for the users, groups, messages and sessions of one app, that app's signed server
// API (/api/im/admin; docs/api.md §2-3), signed here with the AppSecret the tenant holds.
(() => {
  'use strict';
  const { call, $, el, say, guarded, values, when } = Pages;
  const TOKEN = 'xuqm-console-token';

  let token = sessionStorage.getItem(TOKEN);
  let app = null;       // the app shown
  let secret = null;    // its AppSecret, in this tab's memory only

  const tenant = (method, path, body) => call(method, path, body, token);

  // ---------- request signatures (docs/api.md §2)

  const utf8 = (s) => new TextEncoder().encode(s);
  const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

  async function signed(method, pathAndQuery, body) {
    if (!crypto.subtle) throw new Error('this browser offers no Web Crypto here: open the console over https');
    const [path, query = ''] = pathAndQuery.split('?');
    const pairs = query.split('&').filter((p) => p);
    pairs.sort((x, y) => {
      const nx = x.split('=')[0];
      const ny = y.split('=')[0];
      return nx < ny ? -1 : nx > ny ? 1 : x < y ? -1 : x > y ? 1 : 0;
    });
    const text = body === undefined ? '' : JSON.stringify(body);
    const ts = String(Date.now());
    const nonce = hex(crypto.getRandomValues(new Uint8Array(16)));
    const canonical = [method, path, pairs.join('&'), ts, nonce, hex(await crypto.subtle.digest('SHA-256', utf8(text)))]
      .join('\n');
    const key = await crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const signature = hex(await crypto.subtle.sign('HMAC', key, utf8(canonical)));
    return call(method, pathAndQuery, body === undefined ? undefined : text, null,
      { 'X-App-Key': app.appKey, 'X-Timestamp': ts, 'X-Nonce': nonce, 'X-Signature': signature });
  }

  const ids = (s) => (s || '').split(',').map((x) => x.trim()).filter((x) => x);
  const enc = encodeURIComponent;

  // ---------- session

  function show() {
    $('auth').hidden = !!token;
    $('console').hidden = !token;
    $('who').hidden = !token;
    if (token) {
      try {
        const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
        $('who-name').textContent = claims.email || claims.upn || claims.sub;
      } catch (e) { $('who-name').textContent = 'tenant'; }
    }
  }

  async function login(email, password) {
    const s = await call('POST', '/api/auth/login', { email, password });
    token = s.token;
    sessionStorage.setItem(TOKEN, token);
    show();
    await listApps();
  }

  function logout() {
    token = null;
    secret = null;
    app = null;
    sessionStorage.removeItem(TOKEN);
    $('app').hidden = true;
    show();
  }

  // ---------- apps

  async function listApps() {
    let page;
    try {
      page = await tenant('GET', '/api/apps?size=100');
    } catch (e) {
      if (e.status === 401) logout();
      throw e;
    }
    const body = $('apps');
    body.replaceChildren();
    for (const a of page.items) {
      body.append(el('tr', { 'data-app': a.appKey },
        el('td', {}, a.name), el('td', {}, el('code', {}, a.appKey)),
        el('td', { class: 'status-' + a.status }, a.status), el('td', {}, when(a.createdAt)),
        el('td', {}, el('button', { type: 'button', class: 'link', 'aria-label': 'Manage ' + a.name,
          onclick: guarded(() => openApp(a)) }, 'Manage'))));
    }
  }

  function openApp(a, newSecret) {
    if (!app || app.appKey !== a.appKey) {
      usersPage = 0;
      usersPrefix = '';
      $('users-prefix').value = '';
      secret = null;
      $('server-api').hidden = true;
      $('secret-state').textContent = '';
      $('user-view').replaceChildren();
      $('members-view').replaceChildren();
    }
    app = a;
    $('app').hidden = false;
    $('app-title').textContent = 'App ' + a.name;
    $('app-key').textContent = a.appKey;
    $('app-status').textContent = a.status;
    $('secret-once').hidden = !newSecret;
    $('secret-value').textContent = newSecret || '';
    if (newSecret) useSecret(newSecret);
    guarded(refreshApp)();
  }

  // ---------- the app's users, who is online, its message counts (the tenant API: no AppSecret needed)

  let usersPage = 0;
  let usersPrefix = '';

  async function listUsers() {
    const q = new URLSearchParams({ page: String(usersPage), size: '20' });
    if (usersPrefix) q.set('prefix', usersPrefix);
    const page = await tenant('GET', '/api/apps/' + enc(app.appKey) + '/users?' + q);
    $('users-list').replaceChildren(...page.items.map((u) => el('tr', { 'data-user-row': u.userId },
      el('td', {}, u.userId), el('td', {}, u.nickname || ''), el('td', { class: 'status-' + u.status }, u.status),
      el('td', {}, when(u.createdAt)))));
    const pages = Math.max(1, Math.ceil(page.total / page.size));
    $('users-page').textContent = page.total + ' user' + (page.total === 1 ? '' : 's')
      + (usersPrefix ? ' starting with "' + usersPrefix + '"' : '') + ' · page ' + (page.page + 1) + ' of ' + pages;
    $('users-prev').disabled = page.page === 0;
    $('users-next').disabled = page.page + 1 >= pages;
  }

  async function listOnline() {
    const online = await tenant('GET', '/api/apps/' + enc(app.appKey) + '/online?limit=100');
    $('online-scope').textContent = online.users.length + (online.more ? '+' : '') + ' online '
      + (online.scope === 'cluster' ? '(every node)' : '(this node)') + ' at ' + new Date().toLocaleTimeString();
    $('online-list').replaceChildren(...online.users.map((u) => el('tr', { 'data-online': u.userId },
      el('td', {}, u.userId),
      el('td', {}, u.sessions.map((s) => s.deviceId + ', ' + (s.transport || '?') + ', ' + when(s.connectedAt)).join('; ')),
      el('td', {}, el('button', { type: 'button', class: 'danger', 'aria-label': 'Kick ' + u.userId,
        onclick: guarded(async () => {
          await tenant('POST', '/api/apps/' + enc(app.appKey) + '/users/' + enc(u.userId) + '/kick');
          say('Kicked ' + u.userId + ': every session of the user was closed', true);
          await listOnline();
        }) }, 'Kick')))));
  }

  async function showCounts() {
    const c = await tenant('GET', '/api/apps/' + enc(app.appKey) + '/stats/messages');
    const max = Math.max(1, ...c.days.map((d) => d.count));
    $('msg-total').textContent = c.total + ' message' + (c.total === 1 ? '' : 's') + ' stored';
    $('msg-total').dataset.total = String(c.total);
    $('msg-days').replaceChildren(...c.days.map((d) => el('tr', { 'data-day': d.day }, el('td', {}, d.day),
      el('td', { class: 'count' }, String(d.count)),
      el('td', {}, el('meter', { min: '0', max: String(max), value: String(d.count), 'aria-label': d.count + ' on ' + d.day })))));
  }

  async function refreshApp() {
    await Promise.all([listUsers(), listOnline(), showCounts(), showPush()]);
  }

  // ---------- offline push (docs/api.md §5.6): the .p8 key and the service account are write-only; the
  // server never shows them back, and the page keeps nothing of them once sent

  let push = null; // the app's push settings as the server shows them, or null for none

  async function showPush() {
    try {
      push = await tenant('GET', '/api/apps/' + enc(app.appKey) + '/push');
    } catch (e) {
      if (e.code !== 'NOT_FOUND') throw e;
      push = null;
    }
    const apns = push && push.apns;
    const fcm = push && push.fcm;
    $('push-form').reset();
    $('push-apns-on').checked = !!apns;
    $('push-apns-key-id').value = apns ? apns.keyId : '';
    $('push-apns-team').value = apns ? apns.teamId : '';
    $('push-apns-topic').value = apns ? apns.topic : '';
    $('push-apns-production').checked = !!(apns && apns.production);
    $('push-apns-key').placeholder = apns && apns.keySet ? 'a key is stored: leave empty to keep it' : 'the text of the .p8 file';
    $('push-fcm-on').checked = !!fcm;
    $('push-fcm-project').value = fcm ? fcm.projectId : '';
    $('push-fcm-account').placeholder = fcm && fcm.serviceAccountSet ? 'stored for ' + fcm.clientEmail
      + ': leave empty to keep it' : 'the service account\'s JSON key file';
    $('push-title-template').value = push ? push.titleTemplate : '{senderNickname}';
    $('push-body-template').value = push ? push.bodyTemplate : '{content}';
    $('push-hide').checked = !!(push && push.hideContent);
    $('push-remove').hidden = !push;
    const state = $('push-state');
    state.dataset.apnsKey = String(!!(apns && apns.keySet));
    state.dataset.fcmAccount = String(!!(fcm && fcm.serviceAccountSet));
    state.textContent = !push ? 'No push settings: the server sends no notifications for this app.'
      : [apns ? 'APNs key ' + apns.keyId + (apns.keySet ? ' stored' : '') + (apns.production ? ' (production)' : ' (sandbox)') : 'no APNs',
        fcm ? 'FCM service account ' + (fcm.clientEmail || '') + (fcm.serviceAccountSet ? ' stored' : '') : 'no FCM'].join(' · ')
        + ' · updated ' + when(push.updatedAt);
  }

  async function savePush(form) {
    const v = values(form);
    const body = { titleTemplate: v.titleTemplate, bodyTemplate: v.bodyTemplate, hideContent: $('push-hide').checked };
    if ($('push-apns-on').checked) {
      body.apns = { keyId: v.keyId.trim(), teamId: v.teamId.trim(), topic: v.topic.trim(),
        production: $('push-apns-production').checked };
      if (v.privateKey.trim()) body.apns.privateKey = v.privateKey;
      if (push && push.apns && push.apns.endpoint) body.apns.endpoint = push.apns.endpoint; // kept as the server has it
    }
    if ($('push-fcm-on').checked) {
      body.fcm = { projectId: v.projectId.trim() };
      if (v.serviceAccount.trim()) body.fcm.serviceAccount = v.serviceAccount;
      if (push && push.fcm && push.fcm.endpoint) body.fcm.endpoint = push.fcm.endpoint;
    }
    await tenant('PUT', '/api/apps/' + enc(app.appKey) + '/push', body);
    await showPush(); // clears the key fields
    say('Push settings saved', true);
  }

  function useSecret(s) {
    secret = s;
    $('server-api').hidden = false;
    $('secret-state').textContent = 'signing server API calls for ' + app.appKey;
  }

  // ---------- users

  async function showUser(userId) {
    const u = await signed('GET', '/api/im/admin/users/' + enc(userId));
    const online = await signed('GET', '/api/im/admin/users/' + enc(userId) + '/online');
    const rows = online.sessions.map((s) => el('tr', {}, el('td', {}, s.deviceId), el('td', {}, s.sessionId),
      el('td', {}, when(s.connectedAt))));
    $('user-view').replaceChildren(
      el('p', { 'data-user': u.userId }, el('strong', {}, u.userId), ' · ', u.status,
        u.nickname ? ' · ' + u.nickname : '', ' · ', online.online ? 'online' : 'offline',
        ' (' + online.sessions.length + ' session' + (online.sessions.length === 1 ? '' : 's') + ') ',
        el('button', { type: 'button', class: 'danger', onclick: guarded(async () => {
          await signed('POST', '/api/im/admin/users/' + enc(userId) + '/kick');
          say('Kicked ' + userId + ': every session of the user was closed', true);
          await showUser(userId);
        }) }, 'Kick')),
      rows.length ? el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Device'), el('th', {}, 'Session'),
        el('th', {}, 'Connected'))), el('tbody', {}, ...rows)) : null);
  }

  // ---------- groups

  async function showMembers(groupId) {
    const group = await signed('GET', '/api/im/admin/groups/' + enc(groupId));
    const page = await signed('GET', '/api/im/admin/groups/' + enc(groupId) + '/members?page=0&size=100');
    const rows = page.items.map((m) => el('tr', { 'data-member': m.userId }, el('td', {}, m.userId),
      el('td', {}, m.role), el('td', {}, when(m.joinedAt)),
      el('td', {}, m.role === 'OWNER' ? '' : el('button', { type: 'button', class: 'link',
        'aria-label': 'Remove ' + m.userId, onclick: guarded(async () => {
          await signed('DELETE', '/api/im/admin/groups/' + enc(groupId) + '/members/' + enc(m.userId));
          await showMembers(groupId);
        }) }, 'Remove'))));
    const add = el('form', {},
      el('div', { class: 'field' }, el('label', { for: 'add-members' }, 'Add members (comma separated)'),
        el('input', { id: 'add-members', name: 'userIds', required: '' })),
      el('button', { type: 'submit' }, 'Add members'));
    add.addEventListener('submit', guarded(async () => {
      const r = await signed('POST', '/api/im/admin/groups/' + enc(groupId) + '/members',
        { userIds: ids(values(add).userIds) });
      say('Added ' + (r.added || []).join(', '), true);
      await showMembers(groupId);
    }));
    // read receipts (docs/api.md §4.4): the group's switch, through the same server API as the rest
    const receipts = el('p', { id: 'receipts', 'data-receipts': String(group.readReceipts) },
      'Read receipts: ', el('strong', {}, group.readReceipts ? 'on' : 'off'), ' ',
      el('button', { type: 'button', onclick: guarded(async () => {
        const g = await signed('PUT', '/api/im/admin/groups/' + enc(groupId) + '/read-receipts',
          { readReceipts: !group.readReceipts });
        say('Read receipts of group ' + groupId + ' are ' + (g.readReceipts ? 'on' : 'off'), true);
        await showMembers(groupId);
      }) }, group.readReceipts ? 'Turn read receipts off' : 'Turn read receipts on'));
    $('members-view').replaceChildren(
      el('p', {}, 'Group ', el('strong', {}, groupId), ': ' + page.total + ' members'),
      receipts,
      el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'User'), el('th', {}, 'Role'), el('th', {}, 'Joined'),
        el('th', {}, ''))), el('tbody', {}, ...rows)),
      add);
  }

  // ---------- wiring

  document.addEventListener('DOMContentLoaded', () => {
    show();
    guarded(async () => {
      const offer = await Pages.ssoOffer();
      if (offer) {
        $('sso').hidden = false;
        $('sso-button').addEventListener('click', guarded(() => Pages.ssoStart(offer)));
      }
      // back from the identity provider with a code?
      const session = await Pages.ssoFinish('tenant');
      if (session) {
        token = session.token;
        sessionStorage.setItem(TOKEN, token);
        show();
      }
      if (token) await listApps();
    })();
    $('logout').addEventListener('click', logout);
    $('login-form').addEventListener('submit', guarded(async (e) => {
      const v = values(e.target);
      await login(v.email, v.password);
    }));
    $('signup-form').addEventListener('submit', guarded(async (e) => {
      const v = values(e.target);
      await call('POST', '/api/auth/register', v);
      await login(v.email, v.password);
      say('Welcome, ' + v.name + ': create your first app below', true);
    }));
    $('create-app-form').addEventListener('submit', guarded(async (e) => {
      const a = await tenant('POST', '/api/apps', { name: values(e.target).name });
      e.target.reset();
      await listApps();
      openApp(a, a.appSecret);
    }));
    $('rotate-form').addEventListener('submit', guarded(async (e) => {
      const grace = Number(values(e.target).graceSeconds || 0);
      const a = await tenant('POST', '/api/apps/' + enc(app.appKey) + '/secret/rotate', { graceSeconds: grace });
      openApp(a, a.appSecret);
      say('New AppSecret below; the previous one works until ' + when(a.previousSecretValidUntil), true);
    }));
    $('disable-app').addEventListener('click', guarded(async () => {
      const a = await tenant('POST', '/api/apps/' + enc(app.appKey) + '/disable');
      openApp(a);
      await listApps();
      say('App ' + a.appKey + ' disabled: its tokens, signatures and sockets stopped', true);
    }));
    $('secret-form').addEventListener('submit', guarded(async (e) => {
      const s = values(e.target).secret.trim();
      const before = secret;
      secret = s;
      try {
        // a signed call that changes nothing: 404 for a user that does not exist means the signature passed
        await signed('GET', '/api/im/admin/users/' + enc('no-such-user-' + Date.now()));
      } catch (err) {
        if (err.code !== 'USER_NOT_FOUND') {
          secret = before;
          throw err;
        }
      }
      e.target.reset();
      useSecret(s);
    }));
    $('import-form').addEventListener('submit', guarded(async (e) => {
      const list = ids(values(e.target).ids);
      const r = await signed('POST', '/api/im/admin/users', { users: list.map((userId) => ({ userId })) });
      say('Imported: ' + (r.imported.join(', ') || 'none') + (r.existing.length ? '; already there: '
        + r.existing.join(', ') : ''), true);
      e.target.reset();
      await listUsers();
    }));
    $('users-form').addEventListener('submit', guarded(async (e) => {
      usersPrefix = values(e.target).prefix.trim();
      usersPage = 0;
      await listUsers();
    }));
    $('users-prev').addEventListener('click', guarded(async () => {
      usersPage = Math.max(0, usersPage - 1);
      await listUsers();
    }));
    $('users-next').addEventListener('click', guarded(async () => {
      usersPage += 1;
      await listUsers();
    }));
    $('push-form').addEventListener('submit', guarded(async (e) => savePush(e.target)));
    $('push-remove').addEventListener('click', guarded(async () => {
      await tenant('DELETE', '/api/apps/' + enc(app.appKey) + '/push');
      await showPush();
      say('Push settings removed: the server sends no notifications for this app', true);
    }));
    $('online-refresh').addEventListener('click', guarded(listOnline));
    $('counts-refresh').addEventListener('click', guarded(showCounts));
    $('user-form').addEventListener('submit', guarded(async (e) => showUser(values(e.target).userId.trim())));
    $('group-form').addEventListener('submit', guarded(async (e) => {
      const v = values(e.target);
      const body = { name: v.name, ownerId: v.ownerId.trim(), memberIds: ids(v.members) };
      if (v.groupId.trim()) body.groupId = v.groupId.trim();
      const g = await signed('POST', '/api/im/admin/groups', body);
      say('Created group ' + g.groupId + ' with ' + g.memberCount + ' members', true);
      $('members-group').value = g.groupId;
      await showMembers(g.groupId);
    }));
    $('members-form').addEventListener('submit', guarded(async (e) => showMembers(values(e.target).groupId.trim())));
    $('send-form').addEventListener('submit', guarded(async (e) => {
      const v = values(e.target);
      const m = await signed('POST', '/api/im/admin/messages/send', { fromId: v.fromId.trim(), toId: v.toId.trim(),
        chatType: v.chatType, msgType: 'TEXT', content: v.content, messageId: 'console-' + hex(crypto.getRandomValues(new Uint8Array(12))) });
      say('Sent: message ' + m.id + ', seq ' + m.seq + ' in ' + m.conversationId, true);
      $('send-text').value = '';
      await showCounts();
    }));
  });
})();
