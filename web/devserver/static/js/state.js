// state.js is what the panels share: the dev server's config, the page's
// settings, the current client and what is known of its token, and the
// timeline entries still being written. A panel reads it; the module named
// beside each field writes it.
//
// Panels that follow the client (the chat panel) subscribe with
// onClient: they hear each new client once it is ready, and null when it
// closes.

export const app = {
  config: null, // /demo/config.json: authURL, apiKey, domainKey, tokenURL, faultURL (main.js)
  mode: 'domain-key', // settings.js
  lang: 'en', // settings.js
  ownHandler: false, // the page handles refresh errors itself (handler.js)
  client: null, // the current client, null while one is made (client.js)
  // The API refused the token and no new one came yet. The client still
  // holds the refused token, with its expiration (products.js).
  tokenRefused: false,
  // A fault revoked the token at the emulator; the SDK learns it at the
  // next call (faults.js).
  tokenRevoked: false,
  // The product call or chat message in flight (the buttons allow one at
  // a time) and the current run of requests to the Auth API, until it ends
  // in a token or a failure (products.js, chat.js, timeline.js).
  currentCall: null,
  episode: null,
  hookExpiration: null, // of the token the refresh hook just answered (server.js)
  conversation: null, // the chat's session id, null until its first message (chat.js)
};

const clientListeners = new Set();

// onClient calls fn(client) with each new client once it is ready, and
// with null when the current one closes.
export function onClient(fn) {
  clientListeners.add(fn);
  return () => clientListeners.delete(fn);
}

export function announceClient(client) {
  for (const fn of clientListeners) {
    try {
      fn(client);
    } catch (err) {
      console.error(err);
    }
  }
}
