// format.js turns times, durations and errors into the console's text,
// and makes its elements. Everything from the API, the server or the SDK
// goes into the page as text, never as HTML.

const pad = (n, width = 2) => String(n).padStart(width, '0');

export function clock(date, ms = true) {
  const hms = pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
  return ms ? hms + '.' + pad(date.getMilliseconds(), 3) : hms;
}

export function until(expiration) {
  return Number.isFinite(expiration) ? 'until ' + clock(new Date(expiration * 1000), false) : 'expiry unknown';
}

export function formatMs(ms) {
  return ms < 1000 ? Math.round(ms) + ' ms' : (ms / 1000).toFixed(2) + ' s';
}

export function formatDuration(seconds) {
  const s = Math.abs(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return (h ? h + ':' + pad(m) : String(m)) + ':' + pad(s % 60);
}

export function describeError(err) {
  const code = String((err && err.code) || 'ERROR');
  const message = String((err && err.message) || err);
  // The SDK's messages already start with their code and name the status.
  const text = message.startsWith(code + ':')
    ? message
    : code + (err && err.status ? ' (HTTP ' + err.status + ')' : '') + ': ' + message;
  return { code, text };
}

export function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  if (className) node.className = className;
  return node;
}

// quietly runs fn, and logs rather than throws what it throws: for code
// that runs inside someone else's callback.
export function quietly(fn) {
  try {
    fn();
  } catch (err) {
    console.error(err);
  }
}
