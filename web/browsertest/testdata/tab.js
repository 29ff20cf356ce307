// One page of several that share a token (web/browsertest/sharedtabs_browser_test.go):
// a frame of tabs.html with its own wasm. The test drives it from the
// parent through window.tab, whose functions build the options and hooks
// here, as this page's own objects (the SDK reads what a page passes).
// Loaded after e2e.js and before the SDK.
(() => {
  // ?alone: a browser without Web Locks and BroadcastChannel. They are gone
  // before the loader runs, which is when it looks for them.
  const params = new URLSearchParams(location.search);
  if (params.has('alone')) {
    delete Navigator.prototype.locks;
    delete globalThis.BroadcastChannel;
  }
  // ?latemessages: every message from the other pages arrives 600 ms late,
  // in order, as on a main thread busy past the SDK's wait for answers
  // (sdk.PeerWait, 300 ms). The page's own listeners see it then.
  if (params.has('latemessages')) {
    const Channel = globalThis.BroadcastChannel;
    const late = new WeakSet();
    globalThis.BroadcastChannel = class extends Channel {
      constructor(name) {
        super(name);
        // Registered before the SDK's listener, so it runs first.
        this.addEventListener('message', (event) => {
          if (late.has(event)) {
            return;
          }
          event.stopImmediatePropagation();
          setTimeout(() => {
            const again = new MessageEvent('message', { data: event.data });
            late.add(again);
            this.dispatchEvent(again);
          }, 600);
        });
      }
    };
  }

  const tab = {
    client: null,   // the client this page made last
    clients: [],    // every client this page made
    tokenEvents: 0, // 'token' events this page's client fired
    hookRuns: 0,    // runs of this page's refresh hook

    // create makes this page's client from the Domain Key; options is plain
    // data (JSON) merged into {authURL}.
    create(domainKey, apiKey, authURL, options) {
      const opts = Object.assign({ authURL }, JSON.parse(JSON.stringify(options || {})));
      return e2e.settle(InbentaAuth.createFromDomainKey(domainKey, apiKey, opts).then(adopt));
    },

    // createFromToken makes this page's client from a server's token
    // ({accessToken, expiration, apis}), with a refresh hook that asks the
    // page's own server (the test's /e2e/token) for a new one.
    createFromToken(token, apiKey, authURL) {
      const refresh = () => {
        tab.hookRuns++;
        return fetch('/e2e/token', { method: 'POST' }).then((r) => r.json());
      };
      const opts = { authURL, expiration: token.expiration, apis: JSON.parse(JSON.stringify(token.apis)), refresh };
      return e2e.settle(InbentaAuth.createFromAccessToken(token.accessToken, apiKey, opts).then(adopt));
    },

    // call is one product call through the client: its status, or
    // 'rejected CODE'.
    call() {
      return tab.client.fetch(tab.client.apis.chatbot + '/v1/conversation', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"message":"hello"}',
      }).then((r) => r.status, (e) => 'rejected ' + e.code);
    },

    token() { return tab.client.accessToken(); },
  };

  async function adopt(client) {
    tab.client = client;
    tab.clients.push(client);
    await client.on('token', () => { tab.tokenEvents++; });
    return true;
  }

  globalThis.tab = tab;
})();
