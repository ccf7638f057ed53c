// Drives the server with the stock @stomp/stompjs client, the way apps written for the original
// product do, and prints one JSON line with what happened. Run by StompJsIT; the assertions are there.
//   env: WS_URL (ws://host:port/ws/im), TOKEN_A, TOKEN_B (userSigs), USER_A, USER_B, GROUP_ID
import { Client } from '@stomp/stompjs';
import WebSocket from 'ws';

const { WS_URL, TOKEN_A, TOKEN_B, USER_A, USER_B, GROUP_ID } = process.env;
const PROTOCOLS = ['v12.stomp', 'v11.stomp', 'v10.stomp'];
const out = { errors: [] };

function connect(url, headers, heartbeat) {
  return new Promise((resolve, reject) => {
    const client = new Client({
      webSocketFactory: () => new WebSocket(url, PROTOCOLS),
      connectHeaders: headers,
      heartbeatIncoming: heartbeat,
      heartbeatOutgoing: heartbeat,
      reconnectDelay: 0,
      onConnect: (frame) => resolve({ client, connected: frame }),
      onStompError: (frame) => reject(new Error('STOMP ERROR ' + frame.headers.message + ' ' + frame.body)),
      onWebSocketError: () => reject(new Error('WebSocket error')),
    });
    client.activate();
  });
}

function next(queue, predicate = () => true, ms = 10000) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout waiting for a message')), ms);
    const check = () => {
      const i = queue.items.findIndex(predicate);
      if (i >= 0) { clearTimeout(t); resolve(queue.items.splice(i, 1)[0]); return true; }
      return false;
    };
    if (!check()) queue.waiters.push(() => check());
  });
}

function collector() {
  const q = { items: [], waiters: [] };
  q.push = (m) => { q.items.push(m); q.waiters = q.waiters.filter((w) => !w()); };
  return q;
}

function receipt(client, id) {
  return new Promise((resolve) => client.watchForReceipt(id, (frame) => resolve(frame)));
}

try {
  // alice: token in the CONNECT header, as the seed page shows; stompjs' default-ish heart-beats
  const a = await connect(WS_URL, { Authorization: 'Bearer ' + TOKEN_A }, 1000);
  // bob: token in the URL only
  const b = await connect(WS_URL + '?token=' + encodeURIComponent(TOKEN_B), {}, 0);
  out.connectedA = a.connected.headers;
  out.subprotocol = a.client.webSocket.protocol;

  const aQueue = collector();
  const bQueue = collector();
  const bGroup = collector();
  const errors = collector();
  a.client.subscribe('/user/queue/messages', (m) => aQueue.push(m));
  a.client.subscribe('/user/queue/errors', (m) => errors.push(m));
  b.client.subscribe('/user/queue/messages', (m) => bQueue.push(m));
  b.client.subscribe('/topic/group/' + GROUP_ID, (m) => bGroup.push(m));

  // a round trip through a receipt guarantees the subscriptions above are in place
  const ready = receipt(b.client, 'ready');
  b.client.publish({ destination: '/app/chat.sync', body: JSON.stringify({ appKey: 'ak_demo_chat' }), headers: { receipt: 'ready' } });
  await ready;

  // chat.send with a receipt
  const r1 = receipt(a.client, 'send-1');
  a.client.publish({
    destination: '/app/chat.send',
    headers: { 'content-type': 'application/json', receipt: 'send-1' },
    body: JSON.stringify({ appKey: 'ak_demo_chat', messageId: 'js-1', toId: USER_B, chatType: 'SINGLE', msgType: 'TEXT', content: 'Hello 你好' }),
  });
  out.sendReceipt = (await r1).headers;
  const m1 = await next(bQueue);
  out.delivered = { headers: m1.headers, body: JSON.parse(m1.body) };

  // group message to the topic
  a.client.publish({
    destination: '/app/chat.send',
    body: JSON.stringify({ appKey: 'ak_demo_chat', messageId: 'js-g1', toId: GROUP_ID, chatType: 'GROUP', msgType: 'TEXT', content: 'to the group' }),
  });
  out.group = JSON.parse((await next(bGroup)).body);

  // revoke by the client's own messageId
  a.client.publish({ destination: '/app/chat.revoke', body: JSON.stringify({ appKey: 'ak_demo_chat', messageId: 'js-1' }) });
  out.revoked = JSON.parse((await next(bQueue, (m) => JSON.parse(m.body).status === 'REVOKED')).body);

  // a rejection arrives on /user/queue/errors
  a.client.publish({ destination: '/app/chat.send', body: '{not json' });
  out.rejection = JSON.parse((await next(errors)).body);

  // read receipt: bob reads, alice hears about it
  const conversationId = out.delivered.body.conversationId;
  b.client.publish({ destination: '/app/chat.read', body: JSON.stringify({ appKey: 'ak_demo_chat', conversationId, seq: out.delivered.body.seq }) });
  out.read = JSON.parse((await next(aQueue, (m) => JSON.parse(m.body).type === 'READ')).body);

  // a burst: frames queued behind a write in flight go out together in one WebSocket message, which
  // stompjs must split back into frames, in order
  const BURST = 80;
  for (let i = 0; i < BURST; i++) {
    a.client.publish({
      destination: '/app/chat.send',
      body: JSON.stringify({ appKey: 'ak_demo_chat', messageId: 'js-burst-' + i, toId: USER_B, chatType: 'SINGLE', msgType: 'TEXT', content: 'burst ' + i }),
    });
  }
  const isBurst = (m) => String(JSON.parse(m.body).content).startsWith('burst ');
  out.burst = [];
  for (let i = 0; i < BURST; i++) out.burst.push(JSON.parse((await next(bQueue, isBurst)).body).content);

  // a second device of bob pulls the whole conversation in one sync page: many frames at once
  const b2 = await connect(WS_URL + '?token=' + encodeURIComponent(TOKEN_B), { 'device-id': 'js-second-device' }, 0);
  const synced = [];
  b2.client.subscribe('/user/queue/messages', (m) => synced.push(m));
  const syncReceipt = receipt(b2.client, 'sync-2');
  b2.client.publish({ destination: '/app/chat.sync', body: JSON.stringify({ appKey: 'ak_demo_chat', limit: 500 }), headers: { receipt: 'sync-2' } });
  out.syncReceipt = (await syncReceipt).headers;
  // the RECEIPT is written after the page, on the same connection
  out.synced = synced.filter(isBurst).map((m) => JSON.parse(m.body).content);
  await b2.client.deactivate();

  // stay connected a few heart-beat intervals: the server must not drop a stompjs client
  await new Promise((r) => setTimeout(r, 3500));
  out.stillConnectedAfterHeartbeats = a.client.connected;

  await a.client.deactivate();
  await b.client.deactivate();
} catch (e) {
  out.errors.push(String(e && e.message || e));
}
console.log(JSON.stringify(out));
process.exit(0);
