// Helpers shared by the page scripts (ES modules): the CSRF token, interface messages with {{name}} placeholders,
// and JSON requests to the app's API.

/** The session's CSRF token, from the page's <meta name="csrf-token"> (empty when signed out). */
export function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.content ?? '';
}

/** Fills the {{name}} placeholders of a message template (a missing value becomes empty). */
export function fill(template, values = {}) {
  return String(template).replace(/\{\{(\w+)\}\}/g, (_, k) => String(values[k] ?? ''));
}

/** A message function over a dictionary printed by the server: msg('saved'), msg('retrying', { seconds: 2 }); an unknown key shows itself. */
export function messagesOf(messages) {
  return (key, values = {}) => fill(messages[key] ?? key, values);
}

/**
 * Sends a JSON request to the app (the CSRF token on writes, the session cookie) and reads the JSON answer; resolves
 * { res, data } with data {} when the answer is not JSON. Network failures reject.
 */
export async function fetchJson(method, url, body, options = {}) {
  const write = method !== 'GET' && method !== 'HEAD';
  const res = await fetch(url, {
    method,
    headers: {
      Accept: 'application/json',
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(write ? { 'X-CSRF-Token': csrfToken() } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    credentials: 'same-origin',
    ...options,
  });
  return { res, data: await res.json().catch(() => ({})) };
}
