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
    const [none, ready] = await Promise.all([queue(store, 'NONE'), queue(store, 'READY_FOR_PICKUP')]);
    // the NONE queue also holds orders not paid yet, shipped ones and till sales: only paid pickups are work here
    const toPrepare = none.filter((o) => o.status === 'PAID' && o.fulfilment.type === 'PICKUP');
    const waiting = ready.filter((o) => o.status === 'PAID');
    fill('to-prepare', toPrepare, 'READY_FOR_PICKUP', 'Mark ready');
    fill('ready', waiting, 'FULFILLED', 'Hand over');
    say('status', `${toPrepare.length} to prepare, ${waiting.length} ready for pickup.`);
  });
}

/**
 * The store's queue in one fulfilment status, oldest first, page after page up to 500 orders (the NONE queue also
 * keeps unpaid, cancelled and expired orders): beyond that the screen says so instead of hiding the newest quietly.
 */
async function queue(store, status) {
  const all = [];
  let next = null;
  do {
    const page = await api('GET', `/locations/${encodeURIComponent(store)}/orders?fulfilment=${status}&limit=100${next ? `&next=${encodeURIComponent(next)}` : ''}`);
    all.push(...page.items);
    next = page.next;
  } while (next && all.length < 500);
  if (next) $('pickups-form').querySelector('.form-error').textContent = 'More than 500 orders wait in this queue: the newest are not shown.';
  return all;
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
    await refresh();
    say('status', status === 'FULFILLED' ? `${orderId} handed over.` : `${orderId} is ready for pickup.`);
    $('pickups-title').focus(); // the row and its button are gone: focus stays on the screen
  });
}
