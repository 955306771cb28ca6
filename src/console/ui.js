// Small DOM helpers shared by the screens: building elements, saying errors next to their fields, money in words.

export const $ = (id) => document.getElementById(id);

/** el('td', {class: 'n'}, 'text', child...): an element with attributes and children (text is never parsed as HTML). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

/** A row of cells. */
export const row = (...cells) => el('tr', {}, ...cells.map((c) => el('td', {}, c)));

/**
 * Says an error in plain words next to the input the API named (`field`, e.g. "payment.sendTo.sms"), or in the form's
 * own message when no input of the form is named; the input is marked aria-invalid so a screen reader says so.
 */
export function showError(form, field, message, scope = form) {
  clearErrors(scope);
  const input = field && (scope.querySelector(`[data-field="${CSS.escape(field)}"]`)
    || [...scope.querySelectorAll('[data-field]')].find((i) => field.startsWith(i.dataset.field) || i.dataset.field.startsWith(field)));
  const described = input && document.getElementById(input.getAttribute('aria-describedby')?.split(' ')[0]);
  const target = described || form.querySelector('.form-error');
  // the words first, then the focus: a screen reader reads the field with its description (the error) on focus
  if (target) target.textContent = message;
  if (input) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }
}

export function clearErrors(form) {
  form.querySelectorAll('[aria-invalid="true"]').forEach((i) => i.setAttribute('aria-invalid', 'false'));
  form.querySelectorAll('.error, .form-error').forEach((e) => { e.textContent = ''; });
}

/**
 * Runs an action from a form: errors go next to the field they name (looked for in `scope`, the form by default), else
 * in the form's own message; never a blank screen.
 */
export async function attempt(form, action, scope = form) {
  clearErrors(scope);
  const button = form.querySelector('button[type="submit"]');
  const hadFocus = button && document.activeElement === button;
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (err) {
    showError(form, err.field, err.message || 'Something went wrong: try again.', scope);
    return undefined;
  } finally {
    if (button) button.disabled = false;
    // a disabled button loses focus to the page: give it back unless the action moved it on purpose
    if (hadFocus && button.isConnected && !button.hidden && (document.activeElement === document.body || document.activeElement === null)) button.focus();
  }
}

/**
 * An answer that may hide an effect: no answer at all, a 5xx, or "the first try is still running". The same action
 * must then be sent again, exactly, with the same key. Stripe's definite refusal (502 payment-provider-error) made
 * nothing and is no such answer.
 */
export function unclear(err) {
  if (!err || !err.status) return true;
  const type = String(err.problem?.type || '');
  if (type.endsWith('/payment-provider-error')) return false;
  if (err.status === 409 && type.endsWith('/idempotency-key-in-progress')) return true;
  return err.status >= 500;
}

/** Money as the API gives it ({amount in minor units, currency}) in the shop's words. */
export function money(m) {
  if (!m) return '';
  const f = new Intl.NumberFormat(undefined, { style: 'currency', currency: m.currency.toUpperCase() });
  const digits = f.resolvedOptions().maximumFractionDigits;
  return f.format(m.amount / 10 ** digits);
}

export const when = (iso) => iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '';

/** Says something politely to screen readers and on screen (a live region). */
export function say(regionId, text) { document.getElementById(regionId).textContent = text; }

/**
 * Sends a request that makes something (a sale, a refund) through `attempt`: `{answer}` on success; else `{lost}`,
 * true when the answer may hide an effect (see `unclear`: the same request must go again with the same key), with
 * `lostMessage(err)` shown in place of the API's words.
 */
export async function sendOnce(form, send, lostMessage, scope = form) {
  let lost = false;
  const answer = await attempt(form, async () => {
    try {
      const made = await send();
      if (!made) throw Object.assign(new Error('The answer could not be read.'), { status: 0 });
      return made;
    } catch (err) {
      lost = unclear(err);
      if (lost) err.message = lostMessage(err);
      throw err;
    }
  }, scope);
  return { answer, lost };
}
