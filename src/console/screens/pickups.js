// The signed-in store's pickups: paid orders to prepare (mark ready) and orders waiting for their shopper (hand over).
import { api } from '../api.js';
import { $, attempt, el, money, say, when } from '../ui.js';

let ctx;

export function setUp(context) {
  ctx = context;
  $('pickups-form').addEventListener('submit', (e) => { e.preventDefault(); refresh(); });
}

export function shown() { refresh(); }

export function refresh() {
  const form = $('pickups-form');
  return attempt(form, async () => {
    const store = requireStore(form);
    if (!store) return;
    const q = (status) => api('GET', `/locations/${encodeURIComponent(store)}/orders?fulfilment=${status}&limit=100`);
    const [none, ready] = await Promise.all([q('NONE'), q('READY_FOR_PICKUP')]);
    // the NONE queue also holds orders not paid yet and sales carried out at the till: only paid pickups are work
    fill('to-prepare', none.items.filter((o) => o.status === 'PAID' && o.fulfilment.type === 'PICKUP'), 'READY_FOR_PICKUP', 'Mark ready');
    fill('ready', ready.items.filter((o) => o.status === 'PAID'), 'FULFILLED', 'Hand over');
  });
}

function requireStore(form) {
  if (ctx.session.store) return ctx.session.store;
  form.querySelector('.form-error').textContent = 'Sign in with a store to see its pickups.';
  return null;
}

function fill(tableId, orders, next, label) {
  const body = $(tableId).querySelector('tbody');
  if (!orders.length) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 5 }, 'None.')));
    return;
  }
  body.replaceChildren(...orders.map((o) => el('tr', { dataset: { orderId: o.orderId } },
    el('td', {}, o.orderId), el('td', {}, o.lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ')),
    el('td', {}, money(o.total)), el('td', {}, when(o.createdAt)),
    el('td', {}, el('button', { type: 'button', 'aria-label': `${label}: ${o.orderId}`, onclick: () => move(o.orderId, next) }, label)))));
}

function move(orderId, status) {
  const form = $('pickups-form');
  return attempt(form, async () => {
    await api('POST', `/orders/${encodeURIComponent(orderId)}/fulfilment`, { status });
    say('status', status === 'FULFILLED' ? `${orderId} handed over.` : `${orderId} is ready for pickup.`);
    await refresh();
  });
}
