// Page code that calls a client's methods from inside each kind of callback
// the SDK can trigger (web/browsertest/reentrancy_browser_test.go). Loaded
// before the SDK, like a page's own scripts: the Date.now and setTimeout the
// SDK takes when it starts are these wrappers, which spring the trap too.
(() => {
  const { now } = Date; // the movable clock's
  const realSetTimeout = setTimeout;
  const realArrayOf = Array.of;

  // The trap calls one client method each time it springs while armed (a
  // few times at most), never from inside itself.
  let trap = null;
  function spring() {
    const t = trap;
    if (t === null || t.busy || t.fired >= 3) return;
    t.busy = true;
    t.fired++;
    try {
      t.results.push(settleWithin(Promise.resolve(t.call())));
    } catch (e) {
      t.results.push(Promise.resolve('threw ' + String(e && e.message)));
    } finally {
      t.busy = false;
    }
  }
  Date.now = function () { if (trap && trap.kind === 'Date.now') spring(); return now.call(this); };
  globalThis.setTimeout = function (...args) {
    if (trap && trap.kind === 'setTimeout') spring();
    return realSetTimeout.apply(this, args);
  };

  // settleWithin describes how p settles: 'ok', the rejection's code, or
  // 'hung' when it did not within ms.
  function settleWithin(p, ms = 6000) {
    return new Promise((resolve) => {
      realSetTimeout(() => resolve('hung'), ms);
      p.then(() => resolve('ok'), (e) => resolve(e && e.code ? e.code : 'rejected ' + String(e && e.message)));
    });
  }

  const tick = () => new Promise((r) => realSetTimeout(r, 0));
  const serverToken = () => fetch('/e2e/token', { method: 'POST' }).then((r) => r.json());

  // Each client method, as page code calls it: the value itself for the
  // getters.
  const methods = {
    fetch: (c, url) => c.fetch(url),
    accessToken: (c) => c.accessToken(),
    close: (c) => c.close(),
    setRefresh: (c) => c.setRefresh(() => Promise.reject(new Error('still refused'))),
    setRefreshErrorHandler: (c) => c.setRefreshErrorHandler(null),
    on: (c) => c.on('token', () => {}),
    off: (c) => c.off('token', () => {}),
    apis: (c) => c.apis,
    expiration: (c) => c.expiration,
    session: (c) => c.session('chatbot'),
  };

  const field = () => document.getElementById('field');
  const button = () => {
    const host = document.querySelector('[data-inbenta-auth-notification]');
    return host && host.shadowRoot.querySelector('button');
  };

  // arm sets the page up so that kind's callback springs the trap; it
  // returns what undoes it.
  function arm(kind, c) {
    const on = (target, type, capture) => {
      target.addEventListener(type, spring, capture);
      return () => target.removeEventListener(type, spring, capture);
    };
    switch (kind) {
      case 'token': case 'expired': case 'refresh-error': case 'session':
        c.on(kind, spring);
        return () => {};
      case 'blur': field().focus(); return on(field(), 'blur', false);
      case 'focusout': field().focus(); return on(field(), 'focusout', false);
      case 'focusin': field().focus(); return on(document, 'focusin', false);
      case 'focus': field().focus(); return on(document, 'focus', true);
      case 'removal': {
        const offs = [on(document, 'blur', true), on(document, 'focusout', true), on(window, 'blur', true)];
        return () => offs.forEach((off) => off());
      }
      case 'Array.of':
        Array.of = function (...items) { spring(); return realArrayOf.apply(this, items); };
        return () => { Array.of = realArrayOf; };
    }
    return () => {}; // the hook, onRefreshError, Date.now and setTimeout spring it themselves
  }

  // combo creates an access-token client, arms kind's callback to call
  // method on it, and makes the call that triggers the callback. Every
  // promise involved must settle. For 'session', the server answers every
  // session expired (the test set it up): a call through one gets a new
  // session, whose event springs the trap, then its replay's answer.
  async function combo(kind, method, env) {
    const tok = await serverToken();
    const valid = kind === 'Array.of' || kind === 'session';
    const succeeds = kind === 'token';
    const options = {
      authURL: env.authURL, apis: tok.apis, refreshWindow: 0, shareAcrossTabs: false,
      expiration: valid ? tok.expiration : Math.floor(Date.now() / 1000) - 60,
      refresh: () => {
        if (kind === 'hook') spring();
        return succeeds ? serverToken() : Promise.reject(new Error('refused'));
      },
    };
    if (kind === 'onRefreshError') options.onRefreshError = spring;
    const c = await InbentaAuth.createFromAccessToken(tok.accessToken, env.apiKey, options);
    const url = tok.apis.chatbot + '/v1/conversation';
    await tick(); await tick(); // the client is live: its events go out at once
    const t = { kind, call: () => methods[method](c, url), busy: false, fired: 0, results: [] };
    let outer;
    if (kind === 'removal') {
      await settleWithin(c.fetch(url)); // fails: the notification shows
      const disarm = arm(kind, c);
      trap = t;
      try {
        const b = button();
        if (b) b.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
      } finally {
        trap = null;
        disarm();
      }
      outer = await settleWithin(c.fetch(url));
    } else {
      const s = kind === 'session' ? await c.session('chatbot') : null;
      const disarm = arm(kind, c);
      trap = t;
      try {
        outer = await settleWithin(s ? s.fetch(url + '/message', { method: 'POST', body: '{}' }) : c.fetch(url));
      } finally {
        trap = null;
        disarm();
      }
    }
    const inner = await Promise.all(t.results);
    c.close();
    field().blur();
    return { method, fired: t.fired, outer, inner };
  }

  globalThis.reentry = {
    // run tries kind with each method in turn; a combo that throws (the Go
    // program has exited) is reported, not raised.
    async run(kind, env) {
      const out = [];
      for (const method of Object.keys(methods)) {
        try {
          out.push(await combo(kind, method, env));
        } catch (e) {
          trap = null;
          out.push({ method, fired: 0, outer: 'threw ' + String(e && e.message), inner: [] });
        }
      }
      return out;
    },
    notifications: () => document.querySelectorAll('[data-inbenta-auth-notification]').length,
  };
})();
