// The store console: plain ES modules, only the public API, the token kept in memory (never in storage).
let token = null;

const $ = (id) => document.getElementById(id);

/** Calls the API; a problem+json answer is thrown as {field, message} so the screen can show it next to its field. */
async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const problem = data || {};
    throw { status: res.status, field: problem.field, message: plain(res.status, problem) };
  }
  return data;
}

/** An API error in plain words. */
function plain(status, problem) {
  if (status === 401) return 'Your sign-in has ended: sign in again.';
  if (status === 403) return 'You may not see this (another store\'s?).';
  if (status === 404) return problem.detail || 'Not found.';
  return problem.detail || problem.title || `The request failed (${status}).`;
}

function showError(field, message) {
  const el = $(`${field}-error`);
  if (el) el.textContent = message || '';
  const input = $(field);
  if (input) input.setAttribute('aria-invalid', message ? 'true' : 'false');
}

$('sign-in-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  showError('store', '');
  const role = $('role').value, store = $('store').value.trim();
  if (role === 'staff' && !store) return showError('store', 'Staff sign in to their store: enter its id.');
  try {
    const res = await fetch('/console/dev-sign-in', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ role, stores: store ? [store] : [] }) });
    const data = await res.json();
    if (!res.ok) return showError(data.field || 'store', data.detail || 'Sign-in failed.');
    token = data.token;
    $('who').textContent = role === 'admin' ? 'Signed in: admin' : `Signed in: staff of ${store}`;
    $('sign-in').hidden = true;
    $('stock').hidden = false;
    $('sku').focus();
  } catch {
    showError('store', 'The local stack does not answer.');
  }
});

async function findStock() {
  const sku = $('sku').value.trim();
  showError('sku', '');
  if (!sku) return showError('sku', 'Enter a SKU.');
  try {
    const stock = await api('GET', `/inventory/${encodeURIComponent(sku)}`);
    const rows = $('stock-table').querySelector('tbody');
    rows.replaceChildren(...stock.locations.map((l) => {
      const tr = document.createElement('tr');
      for (const value of [l.locationId, l.available, l.reserved, l.onHand, l.pickup ? 'Yes' : 'No']) {
        const td = document.createElement('td');
        td.textContent = String(value);
        tr.append(td);
      }
      return tr;
    }));
    $('stock-caption').textContent = `${sku}: ${stock.available ?? stock.locations.reduce((n, l) => n + l.available, 0)} available in all locations`;
    $('stock-table').hidden = false;
    $('stock-table').dataset.sku = sku;
  } catch (err) {
    $('stock-table').hidden = true;
    showError(err.field === 'sku' || !err.field ? 'sku' : err.field, err.message);
  }
}

$('stock-form').addEventListener('submit', (e) => { e.preventDefault(); findStock(); });
// stock moves while the tablet lies on the counter: look again whenever the console comes back into view
window.addEventListener('focus', () => { if (token && !$('stock-table').hidden) findStock(); });
