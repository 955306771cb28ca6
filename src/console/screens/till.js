// The till: sell with the store's card reader (a TERMINAL checkout, its progress, cancel on the reader) or send a
// payment link by SMS; take over a hold made online (res_…: paid as it was made) or a visit's held items (vis_…).
import { api, newKey } from '../api.js';
import { $, el, money, sendOnce, showError, when } from '../ui.js';

let ctx;
/** The sale being rung up. */
let cart = [];
/**
 * Where the sale is: EDITING (lines, hold, payment may change), SENDING (the checkout is on its way: nothing may
 * change), UNCLEAR (no answer, a 5xx, or the first try still running: an order may exist, so only the very same
 * request, saved in `sent`, may go again with the same key; the API answers it once), PAYING (the order exists and is
 * followed until it ends) and ENDED (paid, cancelled or expired: only "New sale").
 */
let state = 'EDITING';
/** The request last sent and its key, re-sent as they are while UNCLEAR. */
let sent = null;
/** One key per sale: a definite refusal (4xx, or Stripe's 502) made nothing, so the next try is a new sale. */
let saleKey = newKey();
/** The checkout being paid, followed until it ends. */
let current = null;
let poll = null;

export function setUp(context) {
  ctx = context;
  $('till-line-form').addEventListener('submit', (e) => { e.preventDefault(); addLine(); });
  $('till-form').addEventListener('submit', (e) => { e.preventDefault(); pay(); });
  $('till-form').addEventListener('change', paymentChoice);
  $('till-form').addEventListener('input', (e) => { if (state === 'EDITING' && e.target.id !== 'till-reader') saleKey = newKey(); });
  $('till-hold').addEventListener('change', takeOver);
  $('till-cancel').addEventListener('click', cancel);
  $('till-new').addEventListener('click', newSale);
}

export function shown() {
  paymentChoice();
  loadReaders();
  loadVisits();
}

export function refresh() { loadVisits(); }

/**
 * Signed out: nothing more is followed and the next person starts an empty sale. (A sale left UNCLEAR or unpaid is
 * not lost: its hold runs out, or the FollowUps function finishes starting its payment.)
 */
export function stop() { newSale(false); }

function paymentChoice() {
  const link = method() === 'LINK';
  $('till-form').querySelectorAll('[for="till-reader"], #till-reader, #till-reader-error').forEach((e) => { e.hidden = link; });
  $('till-form').querySelectorAll('[for="till-sms"], #till-sms, #till-sms-error').forEach((e) => { e.hidden = !link; });
}

const method = () => $('till-form').querySelector('input[name="pay"]:checked').value;

function addLine() {
  if (state !== 'EDITING') return undefined;
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
  return undefined;
}

function drawCart() {
  $('cart').querySelector('tbody').replaceChildren(...(cart.length ? cart.map((l, i) => el('tr', {},
    el('td', {}, l.sku), el('td', {}, l.quantity),
    el('td', {}, el('button', { type: 'button', class: 'quiet', 'aria-label': `Remove ${l.sku}`,
      disabled: state !== 'EDITING',
      onclick: () => {
        if (state !== 'EDITING') return;
        cart.splice(i, 1);
        saleKey = newKey();
        drawCart();
        $('till-sku').focus();
      } }, 'Remove')))) : [el('tr', {}, el('td', { colspan: 3 }, 'Nothing yet.'))]));
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
      el('td', {}, el('button', { type: 'button', 'aria-label': `Sell held items: visit ${v.visitId}`, disabled: state !== 'EDITING',
        onclick: () => useVisit(v) }, 'Sell held items'))))
      : [el('tr', {}, el('td', { colspan: 5 }, 'No open visits today.'))]));
  } catch (err) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 5 }, err.message)));
  }
  return undefined;
}

/** A hold or visit typed in: a visit's items become the sale; a hold made online is shown, and paid as it was made. */
async function takeOver() {
  if (state !== 'EDITING') return;
  const form = $('till-form'), id = $('till-hold').value.trim();
  $('cart-from').textContent = '';
  if (!id) return;
  try {
    if (id.startsWith('vis_')) {
      useVisit(await api('GET', `/visits/${encodeURIComponent(id)}`));
    } else {
      const hold = await api('GET', `/reservations/${encodeURIComponent(id)}`);
      $('cart-from').textContent = `Hold ${hold.reservationId} (${hold.status.toLowerCase()}): `
        + `${hold.lines.map((l) => `${l.quantity} × ${l.sku} at ${l.locationId}`).join(', ')}, held until ${when(hold.expiresAt)}. It is paid as it was made.`;
    }
  } catch (err) {
    showError(form, 'reservationId', err.status === 404 ? `There is no hold or visit '${id}'.` : err.message, $('screen-till'));
  }
}

function useVisit(v) {
  if (state !== 'EDITING') return;
  cart = v.items.map((i) => ({ sku: i.sku, quantity: i.quantity }));
  $('till-hold').value = v.visitId;
  if (v.customer?.phone) $('till-phone').value = v.customer.phone;
  $('cart-from').textContent = `Visit ${v.visitId}: the items held for it; remove what the shopper does not take.`;
  saleKey = newKey();
  drawCart();
  $('till-pay').focus();
}

/** The checkout as the API takes it: POS, carried out of this store, paid on the reader or by a link. */
function body() {
  const hold = $('till-hold').value.trim(), phone = $('till-phone').value.trim(), m = method();
  const b = { channel: 'POS', fulfilment: { type: 'CARRY_OUT', locationId: ctx.session.store }, payment: { method: m } };
  if (hold.startsWith('vis_')) b.visitId = hold; // the lines bought: units the visit held move into the sale
  else if (hold) b.reservationId = hold; // a hold is paid as it was made: its lines, nothing else
  if (!b.reservationId) b.lines = cart.map((l) => ({ sku: l.sku, quantity: l.quantity }));
  if (phone) b.customer = { phone };
  if (m === 'TERMINAL') b.payment.readerId = $('till-reader').value || undefined;
  else b.payment.sendTo = { sms: $('till-sms').value.trim() || undefined };
  return b;
}

/** Outside EDITING nothing of the sale may change: lines, hold, phone, payment, visits. */
function lock() {
  const locked = state !== 'EDITING';
  $('screen-till').querySelectorAll('#till-line-form input, #till-line-form button, #till-form input, #till-form select, #cart button, #visits button')
    .forEach((i) => { i.disabled = locked; });
  // EDITING: take payment; UNCLEAR: take the same payment again; otherwise wait
  $('till-pay').disabled = state !== 'EDITING' && state !== 'UNCLEAR';
  $('till-pay').textContent = state === 'UNCLEAR' ? 'Take the same payment again' : 'Take payment';
  $('till-new').hidden = state !== 'ENDED';
}

function to(next) {
  state = next;
  lock();
}

async function pay() {
  const form = $('till-form'), scope = $('screen-till');
  if (state === 'EDITING') {
    if (!ctx.session.store) return showError(form, null, 'Sign in with a store to sell at its till.');
    const b = body();
    if (b.reservationId && cart.length) return showError(form, 'reservationId', 'A hold is paid as it was made: remove the lines, or clear the hold.', scope);
    if (!b.reservationId && !b.lines.length) return showError(form, 'lines', 'Add what the shopper buys, or take over a hold or visit.', scope);
    if (method() === 'TERMINAL' && !b.payment.readerId) return showError(form, 'payment.readerId', 'Choose a reader (register one under Readers).');
    if (method() === 'LINK' && !b.payment.sendTo.sms) return showError(form, 'payment.sendTo', 'Enter the phone number to text the link to.');
    sent = { body: b, key: saleKey, reader: $('till-reader').selectedOptions[0]?.textContent || 'the reader' };
  } else if (state !== 'UNCLEAR') {
    return undefined;
  }
  to('SENDING');
  const { answer: placed, lost } = await sendOnce(form, () => api('POST', '/checkouts', sent.body, { idempotencyKey: sent.key }), (err) => {
    const order = err.problem?.orderId ? ` (order ${err.problem.orderId} keeps its stock)` : '';
    return `No clear answer yet${order}. Press "Take the same payment again" in a moment: the same sale is never charged twice.`;
  }, scope);
  if (!placed) {
    if (!lost) saleKey = newKey(); // refused: nothing was made, so the next try is a new sale
    to(lost ? 'UNCLEAR' : 'EDITING');
    return undefined;
  }
  current = placed;
  to('PAYING');
  $('till-progress').hidden = false;
  $('till-cancel').hidden = false;
  $('till-cancel').textContent = placed.payment.method === 'TERMINAL' ? 'Cancel on the reader' : 'Cancel the link';
  progress(placed.payment.method === 'TERMINAL'
    ? `${money(placed.total)} (${placed.orderId}): waiting for the card on ${sent.reader}…`
    : `${money(placed.total)} (${placed.orderId}): link sent to ${sent.body.payment.sendTo.sms}. The sale completes when the shopper pays (the hold lasts until ${when(placed.reservation.expiresAt)}).`);
  clearInterval(poll);
  poll = setInterval(follow, 1500);
  return undefined;
}

const progress = (text) => { $('till-progress-text').textContent = text; };

/** Follows the order (and, for the reader, what the reader says) until it is paid, cancelled or expires. */
async function follow() {
  if (!current) return;
  const sale = current;
  try {
    const order = await api('GET', `/orders/${encodeURIComponent(sale.orderId)}`);
    if (current !== sale) return undefined; // a new sale began meanwhile
    if (order.status === 'PAID') {
      // carried out of the store: handed over now (so it never waits in the store's queue)
      if (order.fulfilment.status === 'NONE') await api('POST', `/orders/${encodeURIComponent(order.orderId)}/fulfilment`, { status: 'FULFILLED' }).catch(() => {});
      return done(`Paid: ${money(order.total)} (${order.orderId}). Hand the goods over.`);
    }
    if (order.status === 'CANCELLED') return done(`Cancelled: nothing was charged (${order.orderId}).`);
    if (order.status === 'EXPIRED') return done(`The payment was not made in time: nothing was charged (${order.orderId}).`);
    if (order.status === 'NEEDS_ATTENTION') return done(`Paid too late, with no stock left: the money goes back to the shopper automatically (${order.orderId}).`);
    if (sale.payment.method === 'TERMINAL') {
      const { readers } = await api('GET', `/terminal/readers?locationId=${encodeURIComponent(ctx.session.store)}`);
      if (current !== sale) return undefined;
      const reader = readers.find((r) => r.readerId === sale.payment.readerId);
      if (reader?.action?.state === 'FAILED') progress(`The reader says: ${reader.action.detail || 'the payment failed'}. Ask for another card, or cancel.`);
    }
  } catch (err) {
    if (current === sale) progress(err.message);
  }
  return undefined;
}

function done(text) {
  clearInterval(poll);
  poll = null;
  progress(text); // a status region: said once
  $('till-cancel').hidden = true;
  to('ENDED');
  $('till-new').focus();
}

/**
 * The shopper walked away: the reader stops asking (TERMINAL), and the order is cancelled so its hold is given back
 * (a link stops working). A card already taken makes the cancel a 409: the sale is paid.
 */
async function cancel() {
  if (!current) return;
  try {
    if (current.payment.method === 'TERMINAL') await api('POST', `/terminal/readers/${encodeURIComponent(current.payment.readerId)}/cancel-action`);
    await api('POST', `/orders/${encodeURIComponent(current.orderId)}/cancel`);
  } catch (err) {
    progress(err.status === 409 ? 'The card was already taken: the sale is paid.' : err.message);
  }
  await follow();
}

/** A new, empty sale (only once the last one ended; `focus`: false when signing out). */
function newSale(focus = true) {
  clearInterval(poll);
  poll = null;
  current = null;
  sent = null;
  cart = [];
  saleKey = newKey();
  to('EDITING');
  $('till-form').reset();
  $('till-hold').value = '';
  $('cart-from').textContent = '';
  $('till-progress').hidden = true;
  drawCart();
  paymentChoice();
  if (!focus) return;
  loadReaders();
  loadVisits();
  $('till-sku').focus();
}

drawCart();
