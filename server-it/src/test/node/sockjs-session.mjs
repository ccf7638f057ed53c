// Drives the server's SockJS fallback with the stock sockjs-client + @stomp/stompjs, the way a
// browser app of the original product (Spring's .withSockJS()) does, once per transport, and prints
// one JSON line with what happened. Run by StompJsIT; the assertions are there.
//   env: HTTP_URL (http://host:port/ws/im), TOKEN_A, TOKEN_B (userSigs), USER_A, USER_B
import { Client } from '@stomp/stompjs';
import SockJS from 'sockjs-client';

const { HTTP_URL, TOKEN_A, TOKEN_B, USER_A, USER_B } = process.env;
const RUN = Date.now().toString(36);
const TRANSPORTS = ['websocket', 'xhr-streaming', 'xhr-polling'];
const out = { errors: [], transports: {} };

function connect(url, transport, headers, heartbeat) {
  return new Promise((resolve, reject) => {
    let sock;
    const client = new Client({
      webSocketFactory: () => (sock = new SockJS(url, null, { transports: [transport] })),
      connectHeaders: headers,
      heartbeatIncoming: heartbeat,
      heartbeatOutgoing: heartbeat,
      reconnectDelay: 0,
      onConnect: (frame) => resolve({ client, connected: frame, sock }),
      onStompError: (frame) => reject(new Error(transport + ': STOMP ERROR ' + frame.headers.message + ' ' + frame.body)),
      onWebSocketClose: (e) => reject(new Error(transport + ': closed before CONNECTED: ' + (e && e.code) + ' ' + (e && e.reason))),
    });
    client.activate();
  });
}

function next(queue, predicate = () => true, ms = 15000) {
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

for (const transport of TRANSPORTS) {
  const result = {};
  out.transports[transport] = result;
  try {
    // alice: the token in the CONNECT header; bob: the token on the SockJS URL
    const a = await connect(HTTP_URL, transport, { Authorization: 'Bearer ' + TOKEN_A }, 1000);
    const b = await connect(HTTP_URL + '?token=' + encodeURIComponent(TOKEN_B), transport, {}, 1000);
    result.transportA = a.sock.transport;
    result.transportB = b.sock.transport;
    result.userA = a.connected.headers['user-name'];
    result.userB = b.connected.headers['user-name'];

    const bQueue = collector();
    b.client.subscribe('/user/queue/messages', (m) => bQueue.push(m));
    const ready = receipt(b.client, 'ready');
    b.client.publish({ destination: '/app/chat.sync', body: JSON.stringify({ appKey: 'ak_demo_chat', limit: 1 }), headers: { receipt: 'ready' } });
    await ready;

    const sent = receipt(a.client, 'send-' + transport);
    a.client.publish({
      destination: '/app/chat.send',
      headers: { 'content-type': 'application/json', receipt: 'send-' + transport },
      body: JSON.stringify({ appKey: 'ak_demo_chat', messageId: 'sockjs-' + transport + '-' + RUN, toId: USER_B, chatType: 'SINGLE', msgType: 'TEXT', content: 'over ' + transport + ' 你好' }),
    });
    result.receiptMessageId = (await sent).headers['im-message-id'];
    const m = JSON.parse((await next(bQueue, (x) => JSON.parse(x.body).content === 'over ' + transport + ' 你好')).body);
    result.deliveredId = m.id;
    result.deliveredContent = m.content;
    result.deliveredFrom = m.fromId;

    // a burst: more than one streaming response's worth (the ITs' server ends one every 4 KiB)
    const BURST = 30;
    for (let i = 0; i < BURST; i++) {
      a.client.publish({
        destination: '/app/chat.send',
        body: JSON.stringify({ appKey: 'ak_demo_chat', messageId: 'sockjs-' + transport + '-' + RUN + '-' + i, toId: USER_B, chatType: 'SINGLE', msgType: 'TEXT', content: transport + ' burst ' + i }),
      });
    }
    result.burst = [];
    for (let i = 0; i < BURST; i++) {
      result.burst.push(JSON.parse((await next(bQueue, (x) => String(JSON.parse(x.body).content).startsWith(transport + ' burst '))).body).content);
    }

    // stay connected a few heart-beat intervals (1 s each way on the ITs' server)
    await new Promise((r) => setTimeout(r, 3000));
    result.stillConnected = a.client.connected && b.client.connected;

    await a.client.deactivate();
    await b.client.deactivate();
  } catch (e) {
    out.errors.push(transport + ': ' + String(e && e.message || e));
  }
}
console.log(JSON.stringify(out));
process.exit(0);
