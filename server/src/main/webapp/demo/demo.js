// The demo chat: a user of the demo app (ak_demo_chat) chats one-to-one and in demo_group over the
// server's STOMP WebSocket with the stock @stomp/stompjs, as any app would (docs/protocol.md):
// CONNECT with an im_jwt, SUBSCRIBE, chat.sync until done, chat.send / chat.revoke / chat.read with
// receipts. History and the conversation list come from the IM client HTTP API (docs/api.md §4).
// The connection is the plain WebSocket at /ws/im, or SockJS at the same URL through the stock
// sockjs-client restricted to one transport (the "Connection" choice, or ?transport= in the URL).
// The only call of its own is POST /api/demo/usersig, which stands in for an app's back-end; a user of
// another app signs in with a userSig its back-end made ("Another app").
(() => {
  'use strict';

  const DEMO_APP = 'ak_demo_chat';
  const PAGE = 30;
  const $ = (id) => document.getElementById(id);

  let me = null;          // userId
  let appKey = DEMO_APP;  // the demo app, or another app whose userSig was given
  let jwt = null;         // { token, expiresAt }
  let client = null;      // StompJs.Client
  let transport = 'websocket'; // websocket | xhr-streaming | xhr-polling
  let everConnected = false;
  let current = null;     // conversationId shown
  let receiptSeq = 0;
  const convs = new Map();      // conversationId -> conversation
  const waiting = new Map();    // receipt id -> { resolve, reject }
  const groupSubs = new Map();  // groupId -> subscription

  // ---------- HTTP (the envelope of docs/api.md §1)

  async function api(method, path, body, auth = true) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (auth) headers.Authorization = 'Bearer ' + jwt.token;
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', cache: 'no-store' });
    let env = null;
    try { env = await res.json(); } catch (e) { /* not JSON */ }
    if (!res.ok || !env || env.code !== 200) {
      const err = new Error(env && env.message ? env.message : 'HTTP ' + res.status);
      err.code = env && env.error;
      throw err;
    }
    return env.data;
  }

  // ---------- UI helpers

  function setState(s, text) {
    const el = $('state');
    el.className = 'state ' + s;
    el.textContent = text || s;
    el.dataset.state = s;
  }

  function alertMsg(text) {
    const el = $('alert');
    el.textContent = text;
    el.hidden = !text;
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v;
      else if (k.startsWith('data-')) e.setAttribute(k, v);
      else if (k === 'onclick') e.addEventListener('click', v);
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c != null) e.append(c);
    return e;
  }

  function time(ms) {
    return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  // ---------- conversations

  function singleId(a, b) {
    return a < b ? `s:${a}:${b}` : `s:${b}:${a}`;
  }

  function conv(id) {
    let c = convs.get(id);
    if (!c) {
      const group = id.startsWith('g:');
      let peer = null;
      if (!group) {
        const [, a, b] = id.split(':');
        peer = a === me ? b : a;
      }
      c = { id, group, groupId: group ? id.slice(2) : null, peer, title: group ? id.slice(2) : peer,
        messages: new Map(), pending: new Map(), unread: 0, lastSeq: 0, peerRead: 0, readers: new Map(),
        loaded: false, hasMore: true, lastAt: 0 };
      convs.set(id, c);
    }
    return c;
  }

  function renderConvs() {
    const list = $('conv-list');
    list.replaceChildren();
    const sorted = [...convs.values()].sort((x, y) => y.lastAt - x.lastAt || x.id.localeCompare(y.id));
    for (const c of sorted) {
      const badge = c.unread > 0
        ? el('span', { class: 'unread', 'aria-label': c.unread + ' unread' }, String(c.unread)) : null;
      const b = el('button', { type: 'button', 'data-conv': c.id, 'aria-current': String(c.id === current),
        onclick: () => openConv(c.id) }, el('span', {}, (c.group ? '# ' : '') + c.title), badge);
      list.append(el('li', {}, b));
    }
  }

  // ---------- messages

  function accept(m) {
    if (m.type === 'READ') {
      onRead(m);
      return;
    }
    const c = conv(m.conversationId);
    const had = c.messages.get(m.id);
    // newer than anything counted already (the conversation list's unreadCount, the history, earlier
    // frames): chat.sync on a new device brings messages the list has counted
    const fresh = m.seq > c.lastSeq;
    if (m.fromId === me && m.messageId) c.pending.delete(m.messageId);
    c.messages.set(m.id, m);
    c.lastSeq = Math.max(c.lastSeq, m.seq);
    c.lastAt = Math.max(c.lastAt, m.createdAt);
    if (fresh && m.fromId !== me && m.status !== 'REVOKED') {
      if (c.id === current && document.visibilityState !== 'hidden') markRead(c);
      else c.unread += 1;
    }
    renderConvs();
    if (c.id === current) renderMessages(!had);
  }

  function onRead(n) {
    const c = conv(n.conversationId);
    if (n.userId === me) {           // read on another of my devices
      c.unread = 0;
      renderConvs();
      return;
    }
    c.readers.set(n.userId, Math.max(c.readers.get(n.userId) || 0, n.seq));
    c.peerRead = Math.max(c.peerRead, n.seq);
    if (c.id === current) renderMessages(false);
  }

  function renderMessages(scrollDown) {
    const c = convs.get(current);
    const ol = $('messages');
    const box = $('history');
    const before = box.scrollHeight - box.scrollTop;
    ol.replaceChildren();
    if (!c) return;
    const all = [...c.messages.values()].sort((x, y) => x.seq - y.seq);
    for (const p of c.pending.values()) all.push(p);
    for (const m of all) {
      const mine = m.fromId === me;
      const revoked = m.status === 'REVOKED';
      const status = m.pending ? 'sending…'
        : mine && !revoked ? readLabel(c, m) : '';
      const li = el('li', { class: 'msg' + (mine ? ' mine' : '') + (revoked ? ' revoked' : ''),
        'data-id': m.id || '', 'data-message-id': m.messageId || '', 'data-status': m.pending ? 'PENDING' : m.status },
        el('div', { class: 'who' }, mine ? 'me' : m.fromId),
        el('div', { class: 'text' }, revoked ? 'message revoked' : m.status === 'DELETED' ? 'message deleted' : m.content),
        el('div', { class: 'meta' },
          el('time', {}, time(m.createdAt)),
          status ? el('span', { class: 'receipt' }, status) : null,
          mine && !revoked && !m.pending
            ? el('button', { type: 'button', class: 'link revoke', 'aria-label': 'Revoke this message',
              onclick: () => revoke(m) }, 'Revoke') : null));
      ol.append(li);
    }
    $('earlier').hidden = !c.hasMore;
    box.scrollTop = scrollDown ? box.scrollHeight : box.scrollHeight - before;
  }

  function readLabel(c, m) {
    if (!c.group) return c.peerRead >= m.seq ? 'read' : 'sent';
    const who = [...c.readers.entries()].filter(([, s]) => s >= m.seq).map(([u]) => u);
    return who.length ? 'read by ' + who.join(', ') : 'sent';
  }

  async function openConv(id) {
    current = id;
    const c = conv(id);
    $('room-title').textContent = c.group ? 'Group ' + c.title : 'Chat with ' + c.title;
    $('text').disabled = false;
    $('send').disabled = false;
    renderConvs();
    if (c.group && client) subscribeGroup(c.groupId);
    if (!c.loaded) {
      c.loaded = true;
      await loadEarlier(c);
    }
    renderMessages(true);
    markRead(c);
    $('text').focus();
  }

  async function loadEarlier(c) {
    if (!c.hasMore) return;
    const seqs = [...c.messages.values()].map((m) => m.seq);
    const q = new URLSearchParams({ conversationId: c.id, limit: String(PAGE) });
    if (seqs.length) q.set('beforeSeq', String(Math.min(...seqs)));
    try {
      const page = await api('GET', '/api/im/messages/history?' + q);
      for (const m of page.messages) {
        if (!c.messages.has(m.id)) c.messages.set(m.id, m);
        c.lastSeq = Math.max(c.lastSeq, m.seq);
        c.lastAt = Math.max(c.lastAt, m.createdAt);
      }
      c.hasMore = page.hasMore;
    } catch (e) {
      if (e.code === 'NOT_CONVERSATION_MEMBER' || e.code === 'CONVERSATION_NOT_FOUND') c.hasMore = false;
      else alertMsg('Could not load the history: ' + e.message);
    }
  }

  function markRead(c) {
    if (!c.lastSeq || !client || !client.connected) return;
    c.unread = 0;
    renderConvs();
    publish('/app/chat.read', { appKey, conversationId: c.id, seq: c.lastSeq }).catch(() => {});
  }

  // crypto.randomUUID needs a secure context; the demo may be opened over plain http from another host
  function randomId() {
    return [...crypto.getRandomValues(new Uint8Array(12))].map((b) => b.toString(16).padStart(2, '0')).join('');
  }

  // ---------- STOMP

  let lastError = null;   // the ERROR frame's message before a close, if any

  /** Keeps the last disconnect on the page: the state line moves on as the page reconnects. */
  function dropped(why) {
    const d = $('dropped');
    d.textContent = 'Disconnected at ' + time(Date.now()) + ': ' + why;
    d.dataset.reason = why;
    d.hidden = false;
  }

  function publish(destination, body) {
    const receipt = 'r-' + (++receiptSeq);
    return new Promise((resolve, reject) => {
      waiting.set(receipt, { resolve, reject });
      client.watchForReceipt(receipt, (frame) => {
        waiting.delete(receipt);
        resolve(frame);
      });
      client.publish({ destination, body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', receipt } });
    });
  }

  function onRejection(frame) {
    const r = JSON.parse(frame.body);
    const w = r.receiptId && waiting.get(r.receiptId);
    if (w) {
      waiting.delete(r.receiptId);
      w.reject(Object.assign(new Error(r.message), { code: r.error }));
    }
    alertMsg(r.error + ': ' + r.message);
  }

  async function syncAll() {
    // docs/protocol.md §6: subscribe first, then chat.sync until im-sync-more is false
    for (let i = 0; i < 100; i++) {
      const receipt = await publish('/app/chat.sync', { appKey, limit: 200 });
      if (receipt.headers['im-sync-more'] !== 'true') break;
    }
  }

  function subscribeGroup(groupId) {
    if (groupSubs.has(groupId) || !client.connected) return;
    groupSubs.set(groupId, client.subscribe('/topic/group/' + groupId, (f) => accept(JSON.parse(f.body))));
  }

  async function refreshToken() {
    if (jwt && jwt.expiresAt - Date.now() < 10 * 60 * 1000) {
      jwt = await api('POST', '/api/im/auth/refresh', undefined, true);
    }
  }

  function deviceId() {
    const key = 'xuqm-demo-device:' + appKey + ':' + me;
    let d = localStorage.getItem(key);
    if (!d) {
      d = 'web-' + Math.random().toString(36).slice(2, 12);
      localStorage.setItem(key, d);
    }
    return d;
  }

  function connect() {
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const sockjs = transport !== 'websocket';
    client = new StompJs.Client({
      // the token goes in CONNECT, not in the URL, so it never reaches an access log
      brokerURL: sockjs ? undefined : scheme + location.host + '/ws/im',
      // SockJS: only the chosen transport, so the page never falls back to another one unseen
      webSocketFactory: sockjs ? () => new SockJS(location.origin + '/ws/im', null, { transports: [transport] })
        : undefined,
      reconnectDelay: 2000,
      beforeConnect: async () => {
        setState(everConnected ? 'reconnecting' : 'connecting');
        try { await refreshToken(); } catch (e) { alertMsg('Could not refresh the session: ' + e.message); }
        client.connectHeaders = { Authorization: 'Bearer ' + jwt.token, 'device-id': deviceId() };
      },
      onConnect: async () => {
        everConnected = true;
        // what carries the session: sockjs-client names the transport it opened
        const via = sockjs ? (client.webSocket && client.webSocket.transport) || 'unknown' : 'websocket';
        $('transport').textContent = sockjs ? 'SockJS ' + via : 'WebSocket';
        $('transport').dataset.transport = via;
        $('via').hidden = false;
        groupSubs.clear();
        client.subscribe('/user/queue/messages', (f) => accept(JSON.parse(f.body)));
        client.subscribe('/user/queue/errors', onRejection);
        for (const c of convs.values()) if (c.group) subscribeGroup(c.groupId);
        try {
          await syncAll();
          setState('online');
          alertMsg('');
          const c = convs.get(current);
          if (c) markRead(c);
        } catch (e) {
          alertMsg('Sync failed: ' + e.message);
        }
      },
      onWebSocketClose: (e) => {
        for (const w of waiting.values()) w.reject(new Error('connection lost'));
        waiting.clear();
        if (client && client.active) {
          setState('reconnecting');
          dropped(lastError || (e && e.reason) || 'connection lost');
        }
        lastError = null;
      },
      onStompError: (f) => {
        lastError = f.headers.message || f.headers.error;
        alertMsg((f.headers.error || f.headers.message) + ': ' + f.body);
      },
    });
    client.activate();
  }

  // ---------- actions

  async function signIn(userId) {
    alertMsg('');
    transport = $('transport-choice').value;
    setState('connecting', 'signing in');
    const otherApp = $('app-key').value.trim();
    appKey = otherApp || DEMO_APP;
    try {
      // the demo app's userSig comes from the demo's own call; another app's from its back-end (pasted)
      const userSig = appKey === DEMO_APP && !$('user-sig').value
        ? (await api('POST', '/api/demo/usersig', { userId }, false)).userSig : $('user-sig').value.trim();
      jwt = await api('POST', '/api/im/auth/login', { appKey, userId, userSig }, false);
      $('user-sig').value = '';
    } catch (e) {
      setState('offline', 'signed out');
      alertMsg('Sign-in failed: ' + e.message);
      return;
    }
    me = userId;
    localStorage.setItem('xuqm-demo-user', me);
    $('me-name').textContent = me;
    $('signin').hidden = true;
    $('me').hidden = false;
    $('chat').hidden = false;
    try {
      const page = await api('GET', '/api/im/conversations?size=100');
      for (const it of page.items) {
        const c = conv(it.conversationId);
        c.unread = it.unreadCount;
        c.lastSeq = it.lastSeq;
        c.lastAt = it.lastMessage ? it.lastMessage.createdAt : 0;
      }
      for (const g of await api('GET', '/api/im/groups')) conv('g:' + g.groupId);
    } catch (e) {
      alertMsg('Could not load the conversations: ' + e.message);
    }
    renderConvs();
    connect();
  }

  async function signOut() {
    if (client) await client.deactivate();
    client = null;
    me = null;
    jwt = null;
    current = null;
    everConnected = false;
    convs.clear();
    groupSubs.clear();
    $('messages').replaceChildren();
    $('conv-list').replaceChildren();
    $('chat').hidden = true;
    $('me').hidden = true;
    $('via').hidden = true;
    $('dropped').hidden = true;
    $('signin').hidden = false;
    setState('offline', 'signed out');
  }

  async function send(text) {
    const c = convs.get(current);
    if (!c || !client || !client.connected) {
      alertMsg('Not connected: the message was not sent');
      return;
    }
    const messageId = 'web-' + randomId();
    const body = { appKey, messageId, toId: c.group ? c.groupId : c.peer,
      chatType: c.group ? 'GROUP' : 'SINGLE', msgType: 'TEXT', content: text };
    c.pending.set(messageId, { ...body, fromId: me, pending: true, createdAt: Date.now(), status: 'SENT' });
    renderMessages(true);
    try {
      const r = await publish('/app/chat.send', body);
      if (c.pending.delete(messageId) || !c.messages.has(r.headers['im-message-id'])) {
        accept({ id: r.headers['im-message-id'], messageId, fromId: me, toId: body.toId, chatType: body.chatType,
          msgType: 'TEXT', content: text, status: 'SENT', createdAt: Number(r.headers['im-created-at']),
          conversationId: r.headers['im-conversation-id'], seq: Number(r.headers['im-seq']) });
      }
    } catch (e) {
      c.pending.delete(messageId);
      renderMessages(false);
      alertMsg('Not sent: ' + e.message);
    }
  }

  async function revoke(m) {
    try {
      await publish('/app/chat.revoke', { appKey, messageId: m.id });
      accept({ ...m, status: 'REVOKED', content: '', revokedAt: Date.now() });
    } catch (e) {
      alertMsg('Not revoked: ' + e.message);
    }
  }

  // ---------- wiring

  document.addEventListener('DOMContentLoaded', () => {
    const last = localStorage.getItem('xuqm-demo-user');
    if (last) $('user').value = last;
    const asked = new URLSearchParams(location.search).get('transport');
    if (asked && [...$('transport-choice').options].some((o) => o.value === asked)) $('transport-choice').value = asked;
    $('signin').addEventListener('submit', (e) => {
      e.preventDefault();
      signIn($('user').value.trim());
    });
    $('signout').addEventListener('click', signOut);
    $('new-chat').addEventListener('submit', (e) => {
      e.preventDefault();
      const peer = $('peer').value.trim();
      $('peer').value = '';
      openConv(peer.startsWith('g:') ? peer : singleId(me, peer));
    });
    $('compose').addEventListener('submit', (e) => {
      e.preventDefault();
      const text = $('text').value;
      if (!text.trim()) return;
      $('text').value = '';
      send(text);
    });
    $('earlier').addEventListener('click', async () => {
      const c = convs.get(current);
      if (c) {
        await loadEarlier(c);
        renderMessages(false);
      }
    });
    $('history').addEventListener('scroll', async () => {
      const c = convs.get(current);
      if (c && c.hasMore && $('history').scrollTop === 0 && c.loaded) {
        await loadEarlier(c);
        renderMessages(false);
      }
    });
    document.addEventListener('visibilitychange', () => {
      const c = convs.get(current);
      if (c && document.visibilityState === 'visible') markRead(c);
    });
  });
})();
