// Customer: found by phone as typed at the till (national format, read in the store's country) or by e-mail; one
// history across every channel: orders, visits, subscriptions, points and personal codes.
import { api } from '../api.js';
import { $, attempt, el, money, say, showError, when } from '../ui.js';

let ctx;

export function setUp(context) {
  ctx = context;
  $('customer-form').addEventListener('submit', (e) => { e.preventDefault(); find(); });
}

export function shown() {}

function find() {
  const form = $('customer-form');
  return attempt(form, async () => {
    const q = $('customer-q').value.trim();
    if (!q) return showError(form, 'phone', 'Enter a phone number or an e-mail address.');
    const by = q.includes('@') ? 'email' : 'phone';
    try {
      draw(await api('GET', `/customers?${by}=${encodeURIComponent(q)}`));
    } catch (err) {
      $('customer-profile').hidden = true;
      // the input holds either: whichever the API names, the error goes next to it
      throw Object.assign(err, { field: 'phone', message: err.status === 404 ? `Nobody with ${by === 'email' ? 'the e-mail' : 'the phone'} ${q} has bought or booked yet.` : err.message });
    }
  });
}

function table(caption, head, rows) {
  return el('table', {}, el('caption', {}, caption),
    el('thead', {}, el('tr', {}, head.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.length ? rows : el('tr', {}, el('td', { colspan: head.length }, 'None.'))));
}

function draw(c) {
  const p = $('customer-profile');
  p.replaceChildren(
    el('h3', {}, c.name || 'No name given'),
    el('dl', {},
      el('dt', {}, 'Phone'), el('dd', {}, c.phone || '—'),
      el('dt', {}, 'E-mail'), el('dd', {}, c.email || '—'),
      el('dt', {}, 'Points'), el('dd', {}, `${c.loyaltyPoints}${c.loyaltyValue ? ` (worth ${money(c.loyaltyValue)})` : ''}`),
      c.possibleDuplicateOf ? [el('dt', {}, 'Maybe also'), el('dd', {}, c.possibleDuplicateOf)] : null),
    table('Orders, every channel', ['Order', 'Channel', 'Status', 'Total', 'When', 'Action'], (c.orders || []).map((o) => el('tr', {},
      el('td', {}, o.orderId), el('td', {}, o.channel), el('td', {}, o.status), el('td', {}, money(o.total)), el('td', {}, when(o.createdAt)),
      el('td', {}, o.status === 'PAID' ? el('button', { type: 'button', 'aria-label': `Return items of ${o.orderId}`,
        onclick: () => ctx.open('returns', o.orderId) }, 'Return…') : '')))),
    table('Visits', ['When', 'Store', 'Items', 'Status'], (c.visits || []).map((v) => el('tr', {},
      el('td', {}, when(v.start)), el('td', {}, v.locationId), el('td', {}, (v.items || []).map((i) => `${i.quantity} × ${i.sku}`).join(', ')),
      el('td', {}, v.status)))),
    table('Subscriptions', ['Subscription', 'Every', 'Status', 'Deliveries', 'Since'], (c.subscriptions || []).map((s) => el('tr', {},
      el('td', {}, s.subscriptionId), el('td', {}, s.interval.toLowerCase()), el('td', {}, s.problem ? `${s.status}: ${s.problem}` : s.status),
      el('td', {}, s.deliveries), el('td', {}, when(s.createdAt))))),
    table('Personal codes', ['Code', 'Gives', 'Until'], (c.promotions || []).map((p) => el('tr', {},
      el('td', {}, p.code), el('td', {}, p.percentOff ? `${p.percentOff}% off` : money(p.amountOff)), el('td', {}, when(p.validUntil))))),
    table('Points', ['When', 'Order', 'Points', 'Why'], (c.loyalty || []).slice(0, 20).map((e) => el('tr', {},
      el('td', {}, when(e.at)), el('td', {}, e.orderId), el('td', {}, e.points), el('td', {}, e.reason)))));
  p.hidden = false;
  say('status', `Found ${c.name || 'the customer'}: ${(c.orders || []).length} orders, ${c.loyaltyPoints} points.`);
}
