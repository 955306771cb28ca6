// How people sign in. Locally: the local front door's development sign-in (a role and a store, a token signed with
// the development key). On AWS: Cognito's hosted UI, authorization code with PKCE (S256) for the console's public
// client. Tokens stay in this module's memory, never in localStorage or sessionStorage: only the PKCE verifier and
// the state cross the redirect (sessionStorage, removed on return). The ID token is renewed a minute before it ends;
// signing out signs the person out everywhere (GlobalSignOut ends every refresh token they hold).
import { useToken } from './api.js';

let config = null;
let tokens = null;
let renewal = null;
const PKCE = 'console.pkce';

/**
 * The console's settings: config.json beside it (the local one; scripts/deploy writes AWS's). Without them the
 * console stops: guessing would sign in the wrong way and call the API in the wrong place.
 */
export async function loadConfig() {
  const res = await fetch('config.json', { cache: 'no-store' }).catch(() => null);
  config = res?.ok ? await res.json().catch(() => null) : null;
  if (!config) throw new Error('The console\'s settings (config.json) could not be read: reload the page, or ask whoever runs it.');
  return config;
}

export const hosted = () => config.signIn === 'cognito';

const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
/** The one address the console client may come back to (also when the page was opened as /console/index.html). */
const here = () => `${location.origin}/console/`;
const idp = () => config.cognito.idpEndpoint || `https://cognito-idp.${config.cognito.region}.amazonaws.com/`;

/** What a token says of its person: who, their role (admin or staff; anything else may not use the console), stores. */
export function claims(jwt) {
  const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const c = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), (ch) => ch.charCodeAt(0))));
  const groups = c['cognito:groups'] || [];
  return {
    who: c.email || c.sub,
    role: groups.includes('admin') ? 'admin' : groups.includes('staff') ? 'staff' : null,
    stores: (c['custom:stores'] || '').split(',').map((s) => s.trim()).filter(Boolean),
  };
}

/** Development sign-in (local front door only). */
export async function developmentSignIn(role, store) {
  const res = await fetch('/console/dev-sign-in', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ role, stores: store ? [store] : [] }) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(data.detail || 'Sign-in failed.'), { field: data.field || 'store' });
  tokens = { id_token: data.token };
  useToken(data.token);
  return claims(data.token);
}

/** To the hosted UI; it comes back to this page with ?code&state. */
export async function startHostedSignIn() {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PKCE, JSON.stringify({ verifier, state }));
  const q = new URLSearchParams({ response_type: 'code', client_id: config.cognito.clientId, redirect_uri: here(),
    scope: 'openid email aws.cognito.signin.user.admin', state, code_challenge: challenge, code_challenge_method: 'S256' });
  location.assign(`${config.cognito.domain}/oauth2/authorize?${q}`);
}

/** Back from the hosted UI: the code exchanged (with the verifier) for tokens. Null when this load is no return. */
export async function finishHostedSignIn() {
  const q = new URLSearchParams(location.search);
  if (!q.has('code') && !q.has('error')) return null;
  const started = JSON.parse(sessionStorage.getItem(PKCE) || 'null');
  sessionStorage.removeItem(PKCE);
  history.replaceState(null, '', here() + location.hash); // the code is single-use: not left in the address bar or history
  // the state first: a link made elsewhere gets no say on this screen, not even its error text
  if (!started || started.state !== q.get('state')) throw new Error('This sign-in was not started here: sign in again.');
  if (q.has('error')) throw new Error('The sign-in was cancelled or refused: sign in again.');
  await token({ grant_type: 'authorization_code', code: q.get('code'), redirect_uri: here(), code_verifier: started.verifier });
  return claims(tokens.id_token);
}

async function token(params) {
  const res = await fetch(`${config.cognito.domain}/oauth2/token`, { method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: config.cognito.clientId, ...params }) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error === 'invalid_grant' ? 'Your sign-in has ended: sign in again.' : `Sign-in failed (${data.error || res.status}).`);
  tokens = { ...tokens, ...data }; // a renewal answers without a new refresh token
  useToken(tokens.id_token);
  clearTimeout(renewal);
  renewal = setTimeout(() => renew().catch(() => {}), Math.max(5, (data.expires_in || 3600) - 60) * 1000);
}

/** A new ID token from the refresh token (also tried once when the API says 401). False when none can be had. */
export async function renew() {
  if (!hosted() || !tokens?.refresh_token) return false;
  try {
    await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    return true;
  } catch {
    return false;
  }
}

/** Signs out: on AWS everywhere (every device's refresh token ends) and out of the hosted UI's session too. */
export async function signOut() {
  clearTimeout(renewal);
  const access = tokens?.access_token;
  tokens = null;
  useToken(null);
  if (!hosted()) return;
  if (access) {
    await fetch(idp(), { method: 'POST', headers: { 'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'AWSCognitoIdentityProviderService.GlobalSignOut' }, body: JSON.stringify({ AccessToken: access }) }).catch(() => {});
  }
  location.assign(`${config.cognito.domain}/logout?${new URLSearchParams({ client_id: config.cognito.clientId, logout_uri: here() })}`);
}

export const apiBase = () => config.api || '';
