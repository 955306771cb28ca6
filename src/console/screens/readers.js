// Card readers of the signed-in store: register one (a real reader's code, or Stripe's simulated-wpe in test mode),
// see its status and what it is doing, remove it.
import { api, newKey } from '../api.js';
import { $, attempt, el, say, showError } from '../ui.js';

let ctx;
let registerKey = newKey();

export function setUp(context) {
  ctx = context;
  $('readers-form').addEventListener('submit', (e) => { e.preventDefault(); register(); });
  $('readers-form').addEventListener('input', () => { registerKey = newKey(); });
  $('readers-setup').addEventListener('submit', (e) => { e.preventDefault(); setUpStore(); });
}

export function shown() { refresh(); }

export async function refresh() {
  const body = $('readers').querySelector('tbody');
  const store = ctx.session.store;
  $('readers-setup').hidden = !(store && ctx.session.role === 'admin');
  $('readers-caption').textContent = store ? `Readers at ${store}` : 'Sign in with a store to see its readers.';
  if (!store) return body.replaceChildren();
  try {
    const { readers } = await api('GET', `/terminal/readers?locationId=${encodeURIComponent(store)}`);
    body.replaceChildren(...(readers.length ? readers.map((r) => el('tr', { dataset: { readerId: r.readerId } },
      el('td', {}, r.label), el('td', {}, r.deviceType || ''), el('td', {}, r.status || 'unknown'),
      el('td', {}, r.action ? `${r.action.state.toLowerCase().replace('_', ' ')}${r.action.orderId ? ` (${r.action.orderId})` : ''}` : 'idle'),
      el('td', {}, el('button', { type: 'button', class: 'quiet', 'aria-label': `Remove reader ${r.label}`, onclick: () => remove(r) }, 'Remove'))))
      : [el('tr', {}, el('td', { colspan: 5 }, 'No reader registered here yet.'))]));
  } catch (err) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 5 }, err.message)));
  }
}

function register() {
  const form = $('readers-form');
  return attempt(form, async () => {
    if (!ctx.session.store) return showError(form, null, 'Sign in with a store to register its readers.');
    const registrationCode = $('reader-code').value.trim(), label = $('reader-label').value.trim();
    if (!registrationCode) return showError(form, 'registrationCode', 'Enter the code the reader shows (Settings → Generate pairing code).');
    if (!label) return showError(form, 'label', 'Give the reader a name staff will recognise, e.g. "Front till".');
    let r;
    try {
      r = await api('POST', '/terminal/readers', { registrationCode, label, locationId: ctx.session.store }, { idempotencyKey: registerKey });
    } catch (err) {
      if (err.status === 422 && err.field === 'locationId') {
        err.field = null;
        err.message = ctx.session.role === 'admin' ? 'This store is not set up for card readers yet: press "Set up card readers here" first.'
          : 'This store is not set up for card readers yet: ask an admin to set it up.';
      }
      throw err;
    }
    registerKey = newKey();
    form.reset();
    say('status', `Reader ${r.label} registered at ${r.locationId}.`);
    await refresh();
  });
}

/** Admin: the store's Stripe Terminal location, made once from its address (again: the same one). */
function setUpStore() {
  const form = $('readers-setup');
  return attempt(form, async () => {
    await api('POST', `/terminal/locations/${encodeURIComponent(ctx.session.store)}`);
    say('status', `${ctx.session.store} is set up for card readers: register one below.`);
    $('reader-code').focus();
  });
}

function remove(reader) {
  const form = $('readers-form');
  if (!window.confirm(`Remove reader ${reader.label}? It can be registered again with a new code.`)) return undefined;
  return attempt(form, async () => {
    try {
      await api('DELETE', `/terminal/readers/${encodeURIComponent(reader.readerId)}`);
    } catch (err) {
      if (err.status === 409) err.message = `${reader.label} is taking a payment: cancel it on the till first.`;
      throw err;
    }
    await refresh();
    say('status', `Reader ${reader.label} removed.`);
    $('readers-title').focus(); // its row and button are gone
  });
}
