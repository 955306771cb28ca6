// Returns: refund an order from any channel, the lines the shopper brings back, restocked into this store; and the
// store's open payment issues (mismatches with Stripe, follow-ups) from GET /payment-issues.
import { api, newKey } from '../api.js';
import { $, attempt, el, money, sendOnce, showError } from '../ui.js';

let ctx;
let order = null;
/**
 * Where the refund is: EDITING (lines, reason, restock may change), SENDING (on its way: nothing may change), UNCLEAR
 * (no answer, a 5xx, or the first try still running: money may have moved, so only the very same refund, saved in
 * `sent`, may go again with the same key; no other order may be opened meanwhile). A refusal (4xx) made nothing.
 */
let state = 'EDITING';
let sent = null;
let refundKey = newKey();

export function setUp(context) {
  ctx = context;
  $('returns-find').addEventListener('submit', (e) => { e.preventDefault(); open($('returns-order').value.trim()); });
  $('returns-form').addEventListener('submit', (e) => { e.preventDefault(); refund(); });
  $('returns-form').addEventListener('input', () => { if (state === 'EDITING') refundKey = newKey(); });
}

export function shown(orderId) {
  if (orderId) {
    $('returns-order').value = orderId;
    open(orderId);
  }
  issues();
}

export function refresh() { issues(); }

/** Signed out: the next person starts with no order open. */
export function stop() {
  to('EDITING');
  sent = null;
  order = null;
  $('returns-form').hidden = true;
  $('returns-result').textContent = '';
}

function to(next) {
  state = next;
  const locked = state !== 'EDITING';
  $('returns-form').querySelectorAll('input').forEach((i) => { i.disabled = locked || (i.id === 'returns-restock' && !ctx.session.store); });
  $('returns-find').querySelectorAll('input, button').forEach((i) => { i.disabled = locked; });
  const button = $('returns-form').querySelector('button[type="submit"]');
  button.disabled = state === 'SENDING';
  button.textContent = state === 'UNCLEAR' ? 'Refund the same again' : 'Refund';
}

function open(orderId) {
  const form = $('returns-find');
  if (state !== 'EDITING') {
    // a refund whose answer was lost comes first: opening another order would drop it
    return showError($('returns-form'), null, 'Finish this refund first: press "Refund the same again".');
  }
  return attempt(form, async () => {
    $('returns-result').textContent = '';
    if (!orderId) return showError(form, 'orderId', 'Enter the order number from the receipt or the shopper\'s history.');
    order = await api('GET', `/orders/${encodeURIComponent(orderId)}`).catch((err) => { throw Object.assign(err, { field: 'orderId' }); });
    const refunded = order.refunded?.amount ? `, ${money(order.refunded)} already refunded` : '';
    $('returns-legend').textContent = `${order.orderId}: ${order.channel}, ${order.status}, ${money(order.total)}${refunded}`;
    $('returns-lines').querySelector('tbody').replaceChildren(...order.lines.map((l, i) => el('tr', {},
      el('td', {}, l.sku), el('td', {}, l.quantity), el('td', {}, money(l.unitPrice)),
      el('td', {}, el('label', { for: `return-qty-${i}`, class: 'visually-hidden' }, `Units of ${l.sku} to return`),
        el('input', { id: `return-qty-${i}`, type: 'number', min: 0, max: l.quantity, value: 0, inputmode: 'numeric',
          'data-field': `lines[${i}]`, 'aria-describedby': `return-qty-${i}-error`, dataset: { sku: l.sku } }),
        el('p', { class: 'error', id: `return-qty-${i}-error` })))));
    $('returns-restock').labels[0].textContent = ctx.session.store ? `Back on the shelf at ${ctx.session.store}` : 'Back on the shelf (sign in with a store)';
    $('returns-form').hidden = false;
    refundKey = newKey();
    to('EDITING');
  });
}

async function refund() {
  const form = $('returns-form');
  if (state === 'EDITING') {
    const lines = [...form.querySelectorAll('input[type="number"]')].map((i) => ({ sku: i.dataset.sku, quantity: Number(i.value) }))
      .filter((l) => l.quantity > 0);
    if (!lines.length) return showError(form, 'lines[0]', 'Choose how many of a line the shopper returns.');
    const body = { lines, reason: $('returns-reason').value.trim() || undefined };
    if ($('returns-restock').checked && ctx.session.store) body.restockLocationId = ctx.session.store;
    sent = { orderId: order.orderId, body, key: refundKey };
  } else if (state !== 'UNCLEAR') {
    return undefined;
  }
  to('SENDING');
  const { answer: r, lost } = await sendOnce(form,
    () => api('POST', `/orders/${encodeURIComponent(sent.orderId)}/refunds`, sent.body, { idempotencyKey: sent.key }),
    () => 'No clear answer yet. Press "Refund the same again" in a moment: the same refund is never paid out twice.');
  if (!r) {
    if (!lost) refundKey = newKey(); // refused: nothing moved
    to(lost ? 'UNCLEAR' : 'EDITING');
    return undefined;
  }
  const status = String(r.status).toUpperCase();
  const how = status === 'SUCCEEDED' ? 'refunded' : status === 'FAILED' ? 'refused by the card network: see the payment issues' : 'on its way to the shopper';
  const back = sent.body.restockLocationId ? `; ${sent.body.lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ')} back in stock at ${sent.body.restockLocationId}` : '';
  $('returns-result').textContent = `Refund ${r.refundId}: ${money(r.amount)} ${how}${back}.`;
  form.hidden = true;
  sent = null;
  refundKey = newKey();
  to('EDITING');
  $('returns-title').focus();
  return undefined;
}

async function issues() {
  const body = $('issues').querySelector('tbody');
  const store = ctx.session.store;
  if (!store && ctx.session.role !== 'admin') return;
  try {
    const list = await api('GET', `/payment-issues${store ? `?locationId=${encodeURIComponent(store)}` : ''}`);
    body.replaceChildren(...(list.items.length ? list.items.map((i) => el('tr', {},
      el('td', {}, i.kind), el('td', {}, i.orderId || ''), el('td', {}, i.detail || ''), el('td', {}, i.since ? new Date(i.since).toLocaleString() : '')))
      : [el('tr', {}, el('td', { colspan: 4 }, 'No open issues.'))]));
  } catch (err) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 4 }, err.message)));
  }
}
