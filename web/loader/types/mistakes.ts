// Mistakes the declarations catch: each line below must fail to compile
// (`make typecheck` fails if one compiles, through @ts-expect-error).
import InbentaAuth, { type Client, type ErrorCode } from '../../dist/inbenta-auth.mjs';

export async function mistakes(client: Client): Promise<void> {
  // @ts-expect-error the module declares no global: only the classic script sets one
  globalThis.InbentaAuth.version;
  // @ts-expect-error a misspelled option
  await InbentaAuth.createFromDomainKey('domain-key', 'api-key', { authUrl: 'https://api.inbenta.io/v1' });
  // @ts-expect-error the Secret never goes to the browser
  await InbentaAuth.createFromDomainKey('domain-key', 'api-key', { secret: 's3cr3t' });
  // @ts-expect-error a refresh hook is for access-token clients
  await InbentaAuth.createFromDomainKey('domain-key', 'api-key', { refresh: () => ({ accessToken: 't' }) });
  // @ts-expect-error a hook must answer with a token
  await InbentaAuth.createFromAccessToken('token', 'api-key', { refresh: () => ({ token: 't' }) });
  // @ts-expect-error shareAcrossTabs is true or false, not a string
  await InbentaAuth.createFromDomainKey('domain-key', 'api-key', { shareAcrossTabs: 'false' });
  // @ts-expect-error persist is 'memory' or 'session': no localStorage
  await InbentaAuth.createFromDomainKey('domain-key', 'api-key', { persist: 'local' });
  // @ts-expect-error loadTimeout is a number of seconds
  await InbentaAuth.load({ loadTimeout: '30' });
  // @ts-expect-error labels are text
  await InbentaAuth.createFromDomainKey('domain-key', 'api-key', { labels: { es: { REFRESH_BUTTON: 1 } } });
  // @ts-expect-error an event that does not exist
  await client.on('refreshed', () => {});
  // @ts-expect-error a token event has no code
  await client.on('token', (detail) => detail.code);
  // @ts-expect-error apis are read-only
  client.apis.chatbot = 'https://example.com';
  try {
    await client.accessToken();
  } catch (err) {
    // @ts-expect-error a rejection is unknown until isInbentaAuthError narrows it
    console.log(err.code);
    if (InbentaAuth.isInbentaAuthError(err)) {
      // @ts-expect-error codes are the SDK's own
      if (err.code === 'NOT_A_CODE') return;
    }
  }
  // @ts-expect-error only chatbot, search and knowledge have sessions
  await client.session('faq');
  // @ts-expect-error environment is 'production' or 'development'
  await InbentaAuth.createFromDomainKey('domain-key', 'api-key', { environment: 'staging' });
  // @ts-expect-error userType is a number
  await InbentaAuth.createFromDomainKey('domain-key', 'api-key', { userType: '1' });
  // @ts-expect-error a session's id is read-only
  (await client.session('chatbot')).id = 'mine';
  // @ts-expect-error a session event's reason is idle or expired
  await client.on('session', ({ reason }) => reason === 'ended');
  // @ts-expect-error an error code that does not exist
  const code: ErrorCode = 'UNAUTHORIZED';
  void code;
}
