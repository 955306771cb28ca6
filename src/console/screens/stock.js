// Stock: one SKU in every store and the warehouse, with whether each place offers pickup.
import { api } from '../api.js';
import { $, attempt, row, say, showError } from '../ui.js';

export function setUp() {
  $('stock-form').addEventListener('submit', (e) => { e.preventDefault(); find(); });
}

export function shown() {}

export function refresh() { if (!$('stock-table').hidden) find(); }

function find() {
  const form = $('stock-form');
  return attempt(form, async () => {
    const sku = $('sku').value.trim();
    if (!sku) return showError(form, 'sku', 'Enter a SKU.');
    try {
      const stock = await api('GET', `/inventory/${encodeURIComponent(sku)}`);
      $('stock-table').querySelector('tbody').replaceChildren(...stock.locations.map((l) =>
        row(l.locationId, l.available, l.reserved, l.onHand, l.pickup ? 'Yes' : 'No')));
      $('stock-caption').textContent = `${sku}: ${stock.available} available in all locations`;
      $('stock-table').hidden = false;
      say('status', `${sku}: ${stock.available} available in ${stock.locations.length} locations.`);
    } catch (err) {
      $('stock-table').hidden = true;
      throw Object.assign(err, { field: err.field || 'sku' });
    }
  });
}
