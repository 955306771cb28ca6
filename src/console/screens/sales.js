// Sales of a day (today by default) by store and by channel, from the live report: an admin sees every store, staff
// their own. Amounts are in one currency; a day with several asks which.
import { api } from '../api.js';
import { $, attempt, el, money } from '../ui.js';

export function setUp() {
  $('sales-form').addEventListener('submit', (e) => { e.preventDefault(); refresh(); });
}

export function shown() {
  if (!$('sales-date').value) $('sales-date').value = new Date().toLocaleDateString('en-CA'); // YYYY-MM-DD, the tablet's day
  refresh();
}

export function refresh() {
  const form = $('sales-form');
  return attempt(form, async () => {
    const day = $('sales-date').value, currency = $('sales-currency').value.trim().toLowerCase();
    const q = (groupBy) => api('GET', `/reports/sales?from=${day}&to=${day}&groupBy=${groupBy}${currency ? `&currency=${encodeURIComponent(currency)}` : ''}`);
    const [byStore, byChannel] = await Promise.all([q('store'), q('channel')]);
    $('sales-tables').replaceChildren(table(`By store, ${day}`, 'Store', byStore, 'locationId'), table(`By channel, ${day}`, 'Channel', byChannel, 'channel'));
  }).catch(() => {});
}

function table(caption, what, report, key) {
  const m = (amount) => (report.currency ? money({ amount, currency: report.currency }) : amount);
  const rows = report.rows.map((r) => el('tr', {}, el('th', { scope: 'row' }, r[key]), el('td', {}, r.orders), el('td', {}, r.units),
    el('td', {}, m(r.gross)), el('td', {}, m(r.discounts)), el('td', {}, m(r.refunds)), el('td', {}, m(r.net))));
  return el('table', {}, el('caption', {}, caption),
    el('thead', {}, el('tr', {}, [what, 'Orders', 'Units', 'Gross', 'Discounts', 'Refunds', 'Net'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.length ? rows : el('tr', {}, el('td', { colspan: 7 }, 'No sales yet.'))));
}
