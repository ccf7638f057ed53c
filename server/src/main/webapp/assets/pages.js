// Shared by the consoles: calls to the JSON API (the envelope of docs/api.md §1) and small DOM helpers.
// Tokens are kept in this tab only (sessionStorage) and sent as Authorization: Bearer, never in a URL
// and never in a cookie, so no call can be forged cross-site (no CSRF).
const Pages = (() => {
  'use strict';

  async function call(method, path, body, token, extraHeaders) {
    const headers = Object.assign({ Accept: 'application/json' }, extraHeaders || {});
    let payload;
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    if (token) headers.Authorization = 'Bearer ' + token;
    const res = await fetch(path, { method, headers, body: payload, credentials: 'omit', cache: 'no-store' });
    let env = null;
    try { env = await res.json(); } catch (e) { /* not JSON */ }
    if (!res.ok || !env || env.code !== 200) {
      const err = new Error(env && env.message ? env.message : 'HTTP ' + res.status);
      err.code = env && env.error;
      err.status = res.status;
      throw err;
    }
    return env.data;
  }

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v;
      else if (k === 'onclick') e.addEventListener('click', v);
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c != null) e.append(c);
    return e;
  }

  function say(text, ok) {
    const a = $('alert');
    const n = $('note');
    a.hidden = true;
    n.hidden = true;
    if (!text) return;
    const box = ok ? n : a;
    box.textContent = text;
    box.hidden = false;
  }

  /** Runs an action, showing its error (or nothing) in the page's alert line. */
  function guarded(fn) {
    return async (e) => {
      if (e && e.preventDefault) e.preventDefault();
      try {
        say('');
        await fn(e);
      } catch (err) {
        say((err.code ? err.code + ': ' : '') + err.message);
      }
    };
  }

  function values(form) {
    return Object.fromEntries(new FormData(form).entries());
  }

  function when(ms) {
    return ms ? new Date(ms).toLocaleString() : '';
  }

  // ---------- "Log in with your company account": OpenID Connect authorization code + PKCE (RFC 7636).
  // The provider sends the code back in the URL's fragment (response_mode=fragment), which the browser
  // never sends to a server, so it reaches no access log; the page trades it, with its verifier, for
  // the console's token at /api/auth/sso/login.
  const SSO = 'xuqm-sso-pending';
  const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

  async function ssoOffer() {
    try {
      const s = await call('GET', '/api/auth/sso');
      return s.enabled ? s : null;
    } catch (e) {
      return null;
    }
  }

  async function ssoStart(offer) {
    if (!crypto.subtle) throw new Error('this browser offers no Web Crypto here: open the console over https');
    const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
    const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
    const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const redirectUri = location.origin + location.pathname;
    sessionStorage.setItem(SSO, JSON.stringify({ verifier, state, redirectUri }));
    const q = new URLSearchParams({ response_type: 'code', client_id: offer.clientId, redirect_uri: redirectUri,
      scope: offer.scope, state, code_challenge: challenge, code_challenge_method: 'S256',
      response_mode: 'fragment' });
    location.assign(offer.authorizationEndpoint + (offer.authorizationEndpoint.includes('?') ? '&' : '?') + q);
  }

  /** The console's session when the page is the provider's redirect back, else null. */
  async function ssoFinish(consoleName) {
    const params = new URLSearchParams(location.hash.slice(1) || location.search.slice(1));
    if (!params.has('code') && !params.has('error')) return null;
    const pending = JSON.parse(sessionStorage.getItem(SSO) || 'null');
    sessionStorage.removeItem(SSO);
    history.replaceState(null, '', location.pathname);
    if (params.has('error')) {
      throw new Error('the identity provider said: ' + (params.get('error_description') || params.get('error')));
    }
    if (!pending || params.get('state') !== pending.state) {
      throw new Error('this login did not start here (state mismatch): log in again');
    }
    return call('POST', '/api/auth/sso/login', { console: consoleName, code: params.get('code'),
      codeVerifier: pending.verifier, redirectUri: pending.redirectUri });
  }

  return { call, $, el, say, guarded, values, when, ssoOffer, ssoStart, ssoFinish };
})();
