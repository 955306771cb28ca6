// The store console's shell: sign-in (development locally, Cognito's hosted UI on AWS: auth.js), the store the
// tablet works at, the screens and moving between them. Plain ES modules, only the public API.
import { api, configure, useToken } from './api.js';
import { loadConfig, hosted, developmentSignIn, startHostedSignIn, finishHostedSignIn, renew, signOut, apiBase } from './auth.js';
import { $, attempt, el, showError, say } from './ui.js';
import * as stock from './screens/stock.js';
import * as pickups from './screens/pickups.js';
import * as till from './screens/till.js';
import * as customer from './screens/customer.js';
import * as returns from './screens/returns.js';
import * as readers from './screens/readers.js';
import * as sales from './screens/sales.js';

const screens = { stock, pickups, till, customer, returns, readers, sales };

/** Who is signed in: their role, their stores, and the store this tablet works at (an admin may name one or none). */
const session = { role: null, who: null, stores: [], store: null };

const context = {
  session,
  /** Opens another screen, e.g. Returns for an order found in a customer's history. */
  open(name, arg) { location.hash = `#${name}`; show(name, arg); },
};

for (const [name, screen] of Object.entries(screens)) screen.setUp(context, name);

try {
  await loadConfig();
} catch (err) {
  $('config-error').textContent = err.message;
  throw err; // nothing else runs: no sign-in offered in the wrong way
}
configure({
  apiBase: apiBase(),
  // an ended ID token: renewed once (hosted sign-in), else the person signs in again
  whenUnauthorized: async () => {
    if (await renew()) return true;
    if (session.role) signedOut('Your sign-in has ended: sign in again.'); // once, however many calls were refused
    return false;
  },
});

if (hosted()) {
  $('hosted-sign-in').hidden = false;
  try {
    const person = await finishHostedSignIn();
    if (person) await begin(person);
  } catch (err) {
    $('hosted-sign-in-error').textContent = err.message;
  }
} else {
  $('sign-in-form').hidden = false;
}

$('hosted-sign-in').addEventListener('submit', (e) => {
  e.preventDefault();
  attempt(e.currentTarget, () => startHostedSignIn());
});

$('sign-in-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  attempt(form, async () => {
    const role = $('role').value, store = $('store').value.trim();
    if (role === 'staff' && !store) return showError(form, 'store', 'Staff sign in to their store: enter its id.');
    let person;
    try {
      person = await developmentSignIn(role, store);
    } catch (err) {
      throw Object.assign(err, { message: err.message === 'Failed to fetch' ? 'The local stack does not answer: is scripts/local-up running?' : err.message });
    }
    session.role = person.role;
    session.stores = person.stores;
    if (!await enter(store || null, form, 'store')) {
      session.role = null;
      useToken(null);
    }
  });
});

/** A person is signed in: the store they work at is theirs if they have one, else they choose it. */
async function begin(person) {
  if (!person.role) {
    $('hosted-sign-in-error').textContent = 'This console is for store staff and admins: your account is neither.';
    return;
  }
  Object.assign(session, { role: person.role, who: person.who, stores: person.stores });
  if (person.role === 'staff' && person.stores.length === 1) return enter(person.stores[0], $('hosted-sign-in'), null);
  if (person.role === 'staff' && person.stores.length === 0) {
    $('hosted-sign-in-error').textContent = 'No store is set on your account yet: ask an admin to add it (custom:stores).';
    return undefined;
  }
  // several stores, or an admin: which store this tablet works at (an admin may leave it empty)
  $('hosted-sign-in').hidden = true;
  $('work-at-form').hidden = false;
  $('work-at-hint').textContent = person.role === 'admin' ? 'Leave it empty to work across every store.' : 'One of your stores.';
  const choices = person.role === 'admin'
    ? (await api('GET', '/locations').catch(() => ({ locations: [] }))).locations.filter((l) => l.type === 'STORE').map((l) => l.locationId)
    : person.stores;
  $('work-at-stores').replaceChildren(...choices.map((id) => el('option', { value: id })));
  $('work-at').focus();
  return undefined;
}

$('work-at-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  attempt(form, async () => {
    const store = $('work-at').value.trim();
    if (session.role === 'staff' && !session.stores.includes(store)) return showError(form, 'store', `Choose one of your stores: ${session.stores.join(', ')}.`);
    return enter(store || null, form, 'store');
  });
});

/**
 * Into the console, working at `store` (checked to exist, so a mistyped store is said now, not on every screen);
 * false when it is not.
 */
async function enter(store, form, field) {
  if (store) {
    try {
      await api('GET', `/locations/${encodeURIComponent(store)}`);
    } catch (err) {
      showError(form, field, err.status === 404 ? `There is no store '${store}'.` : err.message);
      return false;
    }
  }
  session.store = store;
  const where = session.role === 'admin' ? `admin${store ? ` at ${store}` : ''}` : `staff of ${store}`;
  $('who').textContent = `Signed in: ${where}${session.who ? ` (${session.who})` : ''}`;
  $('sign-in').hidden = true;
  $('nav').hidden = false;
  $('sign-out').hidden = false;
  show(location.hash.slice(1) in screens ? location.hash.slice(1) : 'stock');
  return true;
}

function signedOut(message = 'Signed out.') {
  till.stop();
  returns.stop();
  Object.assign(session, { role: null, who: null, stores: [], store: null });
  for (const name of Object.keys(screens)) $(`screen-${name}`).hidden = true;
  $('nav').hidden = true;
  $('sign-out').hidden = true;
  $('work-at-form').hidden = true;
  $('sign-in').hidden = false;
  $('who').textContent = 'Not signed in';
  say('status', message);
  (hosted() ? $('hosted-sign-in').querySelector('button') : $('role')).focus();
}

$('sign-out').addEventListener('click', async () => {
  await signOut(); // on AWS: everywhere, then through the hosted UI's sign-out back here
  signedOut();
});

/** Shows one screen, marks its link as the current page and moves focus to its heading (screen readers say it). */
function show(name, arg) {
  if (!(name in screens) || !session.role) return;
  for (const other of Object.keys(screens)) $(`screen-${other}`).hidden = other !== name;
  document.querySelectorAll('#nav a').forEach((a) => {
    if (a.getAttribute('href') === `#${name}`) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  say('status', '');
  $(`${name}-title`).focus();
  screens[name].shown(arg);
}

window.addEventListener('hashchange', () => show(location.hash.slice(1)));
// stock and queues move while the tablet lies on the counter: look again whenever the console comes back into view
window.addEventListener('focus', () => {
  const name = Object.keys(screens).find((n) => !$(`screen-${n}`).hidden);
  if (name && screens[name].refresh) screens[name].refresh();
});
