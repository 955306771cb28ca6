// Returns: refund an order from any channel, the lines the shopper brings back, restocked into this store; and the
// store's open payment issues (mismatches with Stripe, follow-ups) from GET /payment-issues.
import { api, newKey } from '../api.js';
import { $, attempt, el, money, showError, unclear } from '../ui.js';

let ctx;
let order = null;
/**
 * One key per refund the associate means: pressing Refund again after a lost answer (no answer, 5xx) refunds once;
 * the form is then frozen, so only that same refund can be sent again.
 */
let refundKey = newKey();
let frozen = false;

export function setUp(context) {
  ctx = context;
  $('returns-find').addEventListener('submit', (e) => { e.preventDefault(); open($('returns-order').value.trim()); });
  $('returns-form').addEventListener('submit', (e) => { e.preventDefault(); refund(); });
  $('returns-form').addEventListener('input', () => { if (!frozen) refundKey = newKey(); });
}

export function shown(orderId) {
  if (orderId) {
    $('returns-order').value = orderId;
    open(orderId);
  }
  issues();
}

export function refresh() { issues(); }

function open(orderId) {
  const form = $('returns-find');
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
    $('returns-restock').disabled = !ctx.session.store;
    $('returns-form').hidden = false;
    refundKey = newKey();
    freeze(false);
  });
}

function freeze(on) {
  frozen = on;
  $('returns-form').querySelectorAll('input').forEach((i) => { i.disabled = on || (i.id === 'returns-restock' && !ctx.session.store); });
}

function refund() {
  const form = $('returns-form');
  return attempt(form, async () => {
    const lines = [...form.querySelectorAll('input[type="number"]')].map((i) => ({ sku: i.dataset.sku, quantity: Number(i.value) }))
      .filter((l) => l.quantity > 0);
    if (!lines.length) return showError(form, 'lines[0]', 'Choose how many of a line the shopper returns.');
    const body = { lines, reason: $('returns-reason').value.trim() || undefined };
    if ($('returns-restock').checked && ctx.session.store) body.restockLocationId = ctx.session.store;
    let r;
    try {
      r = await api('POST', `/orders/${encodeURIComponent(order.orderId)}/refunds`, body, { idempotencyKey: refundKey });
    } catch (err) {
      if (unclear(err)) {
        freeze(true);
        err.message = `${err.message} Press Refund again to finish this same refund: it is never paid out twice.`;
      }
      throw err;
    }
    const status = String(r.status).toUpperCase();
    const how = status === 'SUCCEEDED' ? 'refunded' : status === 'FAILED' ? 'refused by the card network: see the payment issues' : 'on its way to the shopper';
    $('returns-result').textContent = `Refund ${r.refundId}: ${money(r.amount)} ${how}`
      + `${body.restockLocationId ? `; ${lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ')} back in stock at ${body.restockLocationId}` : ''}.`;
    form.hidden = true;
    freeze(false);
    refundKey = newKey();
    $('returns-title').focus();
  });
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
