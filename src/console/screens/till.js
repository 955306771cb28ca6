// The till: sell with the store's card reader (a TERMINAL checkout, its progress, cancel on the reader) or send a
// payment link by SMS; take over a hold made online (res_…) or a visit's held items (vis_…).
import { api, newKey } from '../api.js';
import { $, attempt, el, money, say, showError, when } from '../ui.js';

let ctx;
/** The sale being rung up: lines, or a hold/visit taken over. */
let cart = [];
/** The checkout in progress, polled until it ends. */
let current = null;
let poll = null;
/** One key per sale the associate tries to take payment for: a retried tap of the button is the same sale. */
let saleKey = newKey();

export function setUp(context) {
  ctx = context;
  $('till-line-form').addEventListener('submit', (e) => { e.preventDefault(); addLine(); });
  $('till-form').addEventListener('submit', (e) => { e.preventDefault(); pay(); });
  $('till-form').addEventListener('change', paymentChoice);
  $('till-cancel').addEventListener('click', cancel);
  $('till-new').addEventListener('click', newSale);
  $('till-form').addEventListener('input', (e) => { if (e.target.id !== 'till-reader') saleKey = newKey(); });
}

export function shown() {
  paymentChoice();
  loadReaders();
  loadVisits();
}

export function refresh() { loadVisits(); }

function paymentChoice() {
  const link = method() === 'LINK';
  $('till-form').querySelectorAll('[for="till-reader"], #till-reader, #till-reader-error').forEach((e) => { e.hidden = link; });
  $('till-form').querySelectorAll('[for="till-sms"], #till-sms, #till-sms-error').forEach((e) => { e.hidden = !link; });
}

const method = () => $('till-form').querySelector('input[name="pay"]:checked').value;

function addLine() {
  const form = $('till-line-form');
  const sku = $('till-sku').value.trim(), quantity = Number($('till-qty').value);
  if (!sku) return showError(form, 'lines', 'Enter a SKU.');
  if (!Number.isInteger(quantity) || quantity < 1) return showError(form, 'lines', 'The quantity is a whole number from 1.');
  const same = cart.find((l) => l.sku === sku);
  if (same) same.quantity += quantity; else cart.push({ sku, quantity });
  saleKey = newKey();
  $('till-sku').value = '';
  $('till-qty').value = '1';
  drawCart();
  $('till-sku').focus();
}

function drawCart() {
  $('cart').querySelector('tbody').replaceChildren(...(cart.length ? cart.map((l, i) => el('tr', {},
    el('td', {}, l.sku), el('td', {}, l.quantity),
    el('td', {}, el('button', { type: 'button', class: 'quiet', 'aria-label': `Remove ${l.sku}`,
      onclick: () => { cart.splice(i, 1); saleKey = newKey(); drawCart(); } }, 'Remove')))) : [el('tr', {}, el('td', { colspan: 3 }, 'Nothing yet.'))]));
}

async function loadReaders() {
  const select = $('till-reader');
  if (!ctx.session.store) return;
  try {
    const { readers } = await api('GET', `/terminal/readers?locationId=${encodeURIComponent(ctx.session.store)}`);
    const kept = select.value;
    select.replaceChildren(...(readers.length ? readers.map((r) => el('option', { value: r.readerId }, `${r.label} (${r.status || 'unknown'})`))
      : [el('option', { value: '' }, 'No reader here: register one under Readers')]));
    if (readers.some((r) => r.readerId === kept)) select.value = kept;
  } catch (err) {
    $('till-reader-error').textContent = err.message;
  }
}

async function loadVisits() {
  const body = $('visits').querySelector('tbody');
  if (!ctx.session.store) return body.replaceChildren(el('tr', {}, el('td', { colspan: 5 }, 'Sign in with a store to see its visits.')));
  try {
    const day = await api('GET', `/locations/${encodeURIComponent(ctx.session.store)}/visits`);
    const open = day.items.filter((v) => v.status === 'BOOKED' || v.status === 'ARRIVED');
    body.replaceChildren(...(open.length ? open.map((v) => el('tr', {},
      el('td', {}, when(v.start)), el('td', {}, v.customer ? `${v.customer.name || ''} ${v.customer.phone || ''}`.trim() : ''),
      el('td', {}, v.items.map((i) => `${i.quantity} × ${i.sku}`).join(', ')), el('td', {}, v.status),
      el('td', {}, el('button', { type: 'button', 'aria-label': `Sell the items held for visit ${v.visitId}`, onclick: () => takeOverVisit(v) }, 'Sell held items'))))
      : [el('tr', {}, el('td', { colspan: 5 }, 'No open visits today.'))]));
  } catch (err) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 5 }, err.message)));
  }
}

function takeOverVisit(v) {
  cart = v.items.map((i) => ({ sku: i.sku, quantity: i.quantity }));
  $('till-hold').value = v.visitId;
  if (v.customer?.phone) $('till-phone').value = v.customer.phone;
  saleKey = newKey();
  drawCart();
  $('till-pay').focus();
}

/** The checkout as the API takes it: POS, carried out of this store, paid on the reader or by a link. */
function body() {
  const hold = $('till-hold').value.trim(), phone = $('till-phone').value.trim(), m = method();
  const b = { channel: 'POS', fulfilment: { type: 'CARRY_OUT', locationId: ctx.session.store }, payment: { method: m } };
  // a visit's held items are sold as lines (what the shopper takes); a hold made online is paid as it is
  if (hold.startsWith('vis_')) b.visitId = hold;
  else if (hold) b.reservationId = hold;
  if (!b.reservationId) b.lines = cart.map((l) => ({ sku: l.sku, quantity: l.quantity }));
  if (phone) b.customer = { phone };
  if (m === 'TERMINAL') b.payment.readerId = $('till-reader').value || undefined;
  else b.payment.sendTo = { sms: $('till-sms').value.trim() || undefined };
  return b;
}

function pay() {
  const form = $('till-form');
  return attempt(form, async () => {
    if (!ctx.session.store) return showError(form, null, 'Sign in with a store to sell at its till.');
    const b = body();
    if (!b.reservationId && !b.lines.length) return showError(form, 'lines', 'Add what the shopper buys, or take over a hold.', $('screen-till'));
    if (method() === 'TERMINAL' && !b.payment.readerId) return showError(form, 'payment.readerId', 'Choose a reader (register one under Readers).');
    if (method() === 'LINK' && !b.payment.sendTo.sms) return showError(form, 'payment.sendTo', 'Enter the phone number to text the link to.');
    const placed = await api('POST', '/checkouts', b, { idempotencyKey: saleKey });
    current = placed;
    $('till-form').querySelectorAll('input, select, button').forEach((i) => { i.disabled = true; });
    $('till-progress').hidden = false;
    $('till-cancel').hidden = method() !== 'TERMINAL';
    progress(placed.payment.method === 'TERMINAL'
      ? `${money(placed.total)}: waiting for the card on ${$('till-reader').selectedOptions[0]?.textContent || 'the reader'}…`
      : `${money(placed.total)}: link sent to ${b.payment.sendTo.sms}. The sale completes when the shopper pays (the hold lasts until ${when(placed.reservation.expiresAt)}).`);
    clearInterval(poll);
    poll = setInterval(follow, 1500);
  }, $('screen-till'));
}

const progress = (text) => { $('till-progress-text').textContent = text; };

/** Follows the order (and, for the reader, what the reader says) until it is paid, cancelled or expires. */
async function follow() {
  if (!current) return;
  try {
    const order = await api('GET', `/orders/${encodeURIComponent(current.orderId)}`);
    if (order.status === 'PAID') return done(`Paid: ${money(order.total)} (${order.orderId}). Hand the goods over.`);
    if (order.status === 'CANCELLED') return done(`Cancelled: nothing was charged (${order.orderId}).`);
    if (order.status === 'EXPIRED') return done(`The payment was not made in time: nothing was charged (${order.orderId}).`);
    if (order.status === 'NEEDS_ATTENTION') return done(`Paid too late, with no stock left: the money goes back to the shopper automatically (${order.orderId}).`);
    if (current.payment.method === 'TERMINAL') {
      const { readers } = await api('GET', `/terminal/readers?locationId=${encodeURIComponent(ctx.session.store)}`);
      const reader = readers.find((r) => r.readerId === current.payment.readerId);
      if (reader?.action?.state === 'FAILED') progress(`The reader says: ${reader.action.detail || 'the payment failed'}. Ask for another card, or cancel.`);
    }
  } catch (err) {
    progress(err.message);
  }
}

function done(text) {
  clearInterval(poll);
  poll = null;
  progress(text);
  say('status', text);
  $('till-cancel').hidden = true;
  $('till-new').focus();
}

/** The shopper walked away: the reader stops asking, and the order is cancelled so its hold is given back. */
async function cancel() {
  if (!current) return;
  try {
    await api('POST', `/terminal/readers/${encodeURIComponent(current.payment.readerId)}/cancel-action`);
    await api('POST', `/orders/${encodeURIComponent(current.orderId)}/cancel`);
    await follow();
  } catch (err) {
    progress(err.status === 409 ? 'The card was already taken: the sale is paid.' : err.message);
    await follow();
  }
}

function newSale() {
  clearInterval(poll);
  current = null;
  cart = [];
  saleKey = newKey();
  $('till-form').querySelectorAll('input, select, button').forEach((i) => { i.disabled = false; });
  $('till-form').reset();
  $('till-hold').value = '';
  $('till-progress').hidden = true;
  drawCart();
  paymentChoice();
  loadReaders();
  loadVisits();
  $('till-sku').focus();
}

drawCart();
