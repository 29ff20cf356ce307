// catalog.js names what the console can do: its modes, the product calls
// behind its buttons and the faults it arms. Plain data, shared by the
// panels and the code they show.

export const modes = { 'domain-key': 'Domain Key', 'access-token': 'Access token' };

// What each product button sends.
export const productCalls = {
  chatbot: { method: 'POST', path: '/v1/conversation', body: { message: 'hello' } },
  search: { method: 'POST', path: '/v1/search', body: { query: 'reset my password' } },
  knowledge: { method: 'GET', path: '/v1/contents' },
};

// Where the Chat panel sends a message: the chatbot conversation that
// client.session('chatbot') holds.
export const chatRoute = '/v1/conversation/message';

// What each fault arms, as the timeline tells it. refresh-failure depends
// on the mode: see faultEffect.
export const faults = {
  'server-error': '/auth: 503, 503, then a token',
  'rate-limit': '/auth: 429 with Retry-After: 2, then a token',
  slow: '/auth: a token after 3 s',
  malformed: '/auth: 200 with a cut-off body',
  'expire-now': 'the gateway refuses the token from now on',
  'expire-session': 'the chatbot answers Session expired to the conversations so far; the token stays good',
  'refresh-failure': '',
  clear: 'nothing armed any more',
};

// Faults on the chat's conversation, not the token: they cost the client
// no refresh, and a chat message meets them.
export const sessionFaults = new Set(['expire-session']);

// faultEffect is what kind arms for a page in mode.
export function faultEffect(kind, mode, tokenURL) {
  if (kind !== 'refresh-failure') return faults[kind] || '';
  return mode === 'access-token'
    ? 'the next POST ' + tokenURL + ' answers 503'
    : 'the next Domain Key exchange answers 403';
}

// Failures of a call that mean the token could not be renewed.
export const refreshCodes = new Set(['REFRESH_FAILED', 'TOKEN_EXPIRED', 'ORIGIN_NOT_ALLOWED', 'INVALID_KEY']);
