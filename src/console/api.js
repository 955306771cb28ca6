// The public API, as any channel calls it: a bearer token (kept in memory only, never in storage), an Idempotency-Key
// on every POST that creates something, and problem+json answers turned into plain words and the field they name.

let token = null;
let base = '';
/** Called on a 401: true when a new token was had (the call is made once more), else the person is signed out. */
let unauthorized = async () => false;

export function useToken(t) { token = t; }

/** Where the API is (locally this origin's root; on AWS this origin's /api) and what a 401 does. */
export function configure({ apiBase, whenUnauthorized }) {
  base = apiBase || '';
  unauthorized = whenUnauthorized;
}

/** An answer the API refused: `field` names the input it is about (when the API said), `message` says it plainly. */
export class ApiError extends Error {
  constructor(status, problem, message) {
    super(message);
    this.status = status;
    this.problem = problem;
    this.field = problem.field;
  }
}

/** Calls the API; `idempotencyKey`: the same key for every retry of one action (the API then answers it once). */
export async function api(method, path, body, { idempotencyKey } = {}, again = true) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  let res;
  try {
    res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, {}, 'The system does not answer: check the network and try again.');
  }
  let text;
  try {
    text = await res.text();
  } catch {
    throw new ApiError(0, {}, 'The answer was lost on the way: check the network and try again.');
  }
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // a success whose answer cannot be read may still have done what was asked
    if (res.ok) throw new ApiError(0, {}, 'The answer could not be read: try again.');
  }
  if (res.status === 401 && again && await unauthorized()) return api(method, path, body, { idempotencyKey }, false);
  if (!res.ok) {
    throw new ApiError(res.status, data || {}, plain(res.status, data || {}));
  }
  return data;
}

/** A fresh key for one action the person takes (a retry of that action reuses it). */
export const newKey = () => crypto.randomUUID();

/** What went wrong, in the words a store associate uses. */
export function plain(status, problem) {
  if (status === 401) return 'Your sign-in has ended: sign in again.';
  if (status === 403) return 'You may not do this here (it belongs to another store).';
  if (Array.isArray(problem.shortages) && problem.shortages.length) {
    return problem.shortages.map((s) => s.available > 0
      ? `Only ${s.available} of ${s.sku} left at ${s.locationId} (you asked for ${s.requested}).`
      : `${s.sku} just sold out at ${s.locationId}: nothing left to sell.`).join(' ');
  }
  if (status === 429) return 'Too many requests at once: wait a moment and try again.';
  if (status >= 500) return problem.detail ? `${problem.detail} Nothing was charged twice: try again.` : 'The system had a problem: try again in a moment.';
  return problem.detail || problem.title || `The request failed (${status}).`;
}
