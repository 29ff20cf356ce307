/// <reference path="../../dist/inbenta-auth.d.ts" />
// A help widget on a page that includes the classic scripts:
//
//   <script src="/inbenta/wasm_exec.js"></script>
//   <script src="/inbenta/inbenta-auth.js"></script>
//   <script src="/help-widget.js"></script>
//
// `make typecheck` checks it against inbenta-auth.d.ts with tsc --strict.

const API_KEY = 'your-api-key';
const DOMAIN_KEY = 'your-domain-key'; // public: bound to your site's origins

// What to tell the visitor, for every code the SDK can reject with.
function explain(code: InbentaAuth.ErrorCode): string {
  switch (code) {
    case 'NETWORK':
    case 'TIMEOUT':
    case 'RATE_LIMITED':
    case 'SERVER_ERROR':
      return 'The help service is not reachable right now. Trying again…';
    case 'INVALID_KEY':
    case 'ORIGIN_NOT_ALLOWED':
    case 'SECRET_IN_BROWSER':
    case 'INVALID_ARGUMENT':
      return 'Help is not set up for this site.';
    case 'TOKEN_EXPIRED':
    case 'REFRESH_FAILED':
    case 'BAD_RESPONSE':
      return 'Your session ended. Please reload the page.';
    case 'SESSION_FAILED':
      return 'The assistant could not start a conversation. Trying again…';
    case 'WASM_LOAD_FAILED':
      return 'Help could not start in this browser.';
    case 'CLOSED':
    case 'ABORTED':
      return '';
    case 'INTERNAL':
      return 'Something went wrong.';
    default: {
      const unknown: never = code; // a new code is a compile error here
      return unknown;
    }
  }
}

function isInbentaAuthError(err: unknown): err is InbentaAuth.InbentaAuthError {
  return err instanceof Error && err.name === 'InbentaAuthError';
}

const helpStatus = document.querySelector<HTMLElement>('#help-status')!;

// Listeners keep the widget's status line current.
const onToken: InbentaAuth.ClientEventListener<'token'> = ({ expiration, apis }) => {
  helpStatus.textContent = 'Connected to ' + Object.keys(apis).join(', ') +
    (expiration === null ? '' : ' until ' + new Date(expiration * 1000).toLocaleTimeString());
};
const onExpired = (detail: InbentaAuth.ExpiredEvent): void => {
  console.info('token expired at', detail.expiration, '; the next call gets a new one');
};

async function startHelp(): Promise<InbentaAuth.Client> {
  console.info('InbentaAuth', InbentaAuth.version);
  // Optional: start loading the wasm early, before the visitor opens the widget.
  await InbentaAuth.load({ wasmURL: '/inbenta/inbenta-auth.wasm', loadTimeout: 30 });

  const options: InbentaAuth.Options = {
    authURL: 'https://api.inbenta.io/v1',
    leeway: 10,
    shareAcrossTabs: true,
    environment: 'development',
    userType: 0,
    source: 'help-widget',
    refreshTimeout: 15,
    lang: document.documentElement.lang || 'en',
    labels: {
      REFRESH_BUTTON: 'Reload',
      es: { REFRESH_TITLE: '¡Vaya!', REFRESH_INVALID_ACCESS_TOKEN: 'La sesión ha caducado.' },
    },
  };
  const client = await InbentaAuth.createFromDomainKey(DOMAIN_KEY, API_KEY, options);
  await client.on('token', onToken);
  await client.on('expired', onExpired);
  await client.on('refresh-error', (info) => console.warn('refresh error', info.code, info.error.retryable));
  await client.on('session', onSession);
  return client;
}

// A conversation with the chatbot: the SDK starts it, sends its session with
// every message, and renews it; the page only says when it is a new one.
async function ask(client: InbentaAuth.Client, message: string): Promise<unknown> {
  const chat: InbentaAuth.Session = await client.session('chatbot');
  const res = await chat.fetch(client.apis.chatbot + '/v1/conversation/message', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ message }),
  });
  if (!res.ok) {
    throw new Error('chatbot: HTTP ' + res.status);
  }
  console.info('conversation', chat.id, 'of', chat.product);
  return res.json();
}

const onSession: InbentaAuth.ClientEventListener<'session'> = ({ product, reason, previousId, id }) => {
  if (product === 'chatbot') {
    helpStatus.textContent = 'New conversation (' + (reason === 'idle' ? 'you were away' : 'it expired') + '): ' +
      previousId + ' → ' + id;
  }
};

startHelp().then(async (client) => {
  // Show errors in the widget instead of the SDK's notification.
  await client.setRefreshErrorHandler((info: InbentaAuth.RefreshErrorInfo) => {
    helpStatus.textContent = info.labels.REFRESH_INVALID_ACCESS_TOKEN;
  });
  console.info('token valid until', client.expiration, 'starts with', (await client.accessToken()).slice(0, 8));
  console.log(await ask(client, 'How do I reset my password?'));

  window.addEventListener('pagehide', () => {
    void client.off('token', onToken);
    void client.session('chatbot').then((chat) => chat.end());
    void client.setRefreshErrorHandler(null);
    client.close();
  });
}, (err: unknown) => {
  if (isInbentaAuthError(err)) {
    helpStatus.textContent = explain(err.code);
    console.error(err.code, err.status, err.retryable, err.cause);
  } else {
    throw err;
  }
});
