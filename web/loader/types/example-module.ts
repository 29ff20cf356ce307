// A page that imports the ES module, in access-token mode: your server
// obtains tokens with the Secret (at /api/inbenta-token here) and the page
// only ever sees tokens.
//
//   <script type="module" src="/app.js"></script>
//
// `make typecheck` checks it against inbenta-auth.d.mts with tsc --strict.
import InbentaAuth, {
  createFromAccessToken,
  isInbentaAuthError,
  load,
  version,
  type AccessTokenOptions,
  type Client,
  type InbentaAuthError,
  type RefreshErrorInfo,
  type RefreshHook,
  type Session,
  type SessionEvent,
  type TokenAnswer,
} from '../../dist/inbenta-auth.mjs';

const API_KEY = 'your-api-key';

// Your server's endpoint answers with Inbenta's /auth answer for the
// signed-in user: {accessToken, expiration, expires_in, apis}.
async function tokenFromServer(): Promise<TokenAnswer> {
  const res = await fetch('/api/inbenta-token', { method: 'POST', credentials: 'same-origin' });
  if (!res.ok) {
    throw new Error('token endpoint: HTTP ' + res.status);
  }
  return (await res.json()) as TokenAnswer;
}

const refresh: RefreshHook = async ({ reason }) => {
  console.info('new token needed:', reason); // 'expiring' | 'expired' | 'rejected'
  return tokenFromServer();
};

function showNotice(info: RefreshErrorInfo): void {
  const box = document.createElement('div');
  box.lang = info.lang;
  box.setAttribute('role', 'alert');
  const button = document.createElement('button');
  button.textContent = info.labels.REFRESH_BUTTON;
  button.onclick = () => {
    info.retry().then(() => box.remove(), () => location.reload());
  };
  box.append(info.labels.REFRESH_TITLE + ' ' + info.labels.REFRESH_INVALID_ACCESS_TOKEN, button);
  document.body.append(box);
  console.warn(info.code, info.message, info.error.status);
}

async function connect(): Promise<Client> {
  console.info('InbentaAuth', version, InbentaAuth.version === version);
  await load(); // the wasm next to inbenta-auth.mjs
  const first = await tokenFromServer();
  const options: AccessTokenOptions = {
    authURL: 'https://api.inbenta.io/v1',
    expiration: first.expiration,
    apis: first.apis,
    refresh,
    refreshWindow: 120,
    refreshTimeout: 15,
    leeway: 10,
    lang: 'pt-BR',
    labels: { pt: { REFRESH_TITLE: 'Ops!' } },
    onRefreshError: showNotice,
    userType: 2,
  };
  const client = await createFromAccessToken(first.accessToken, API_KEY, options);
  await client.on('token', ({ expiration }) => console.info('token renewed, expires', expiration));
  await client.on('expired', ({ expiration }) => console.info('token expired at', expiration));
  await client.on('refresh-error', ({ code }) => console.warn('token lost:', code));
  await client.on('session', onNewSession);
  return client;
}

async function search(client: Client, query: string): Promise<unknown> {
  const base = client.apis.search;
  if (!base) {
    throw new Error('this token has no search API');
  }
  const res = await client.fetch(base + '/v1/federated-search', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'x-inbenta-source': 'search-box' }, // the page's own value wins
    body: JSON.stringify({ query }),
  });
  // Search's tracking events go with its session (sent raw, as Search takes it).
  const tracking: Session = await client.session('search');
  await tracking.fetch(base + '/v1/tracking/events', { method: 'POST', body: JSON.stringify([{ type: 'search', data: { query } }]) });
  return res.json();
}

function onNewSession(e: SessionEvent): void {
  console.info(e.product, 'session renewed:', e.reason, e.previousId ?? '(no id)', '→', e.id ?? '(no id)');
}

try {
  const client = await connect();
  console.log(await search(client, 'opening hours'));
  // After the user signs in as someone else: tokens come from elsewhere now.
  await client.setRefresh(() => fetch('/api/inbenta-token?user=new').then((r) => r.json() as Promise<TokenAnswer>));
  await client.setRefresh(null); // no hook: only renew a still-valid token at /refreshToken
} catch (err: unknown) {
  if (!isInbentaAuthError(err)) {
    throw err;
  }
  const e: InbentaAuthError = err; // narrowed
  if (e.code === 'WASM_LOAD_FAILED') {
    console.error('could not load the SDK:', e.message, e.status);
  } else if (e.retryable) {
    console.warn('try again later:', e.code);
  }
}
