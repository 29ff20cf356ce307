// Type declarations of the Inbenta Auth browser SDK, in two files that
// `make build` writes to web/dist from web/loader/types/inbenta-auth.d.ts:
//
// inbenta-auth.d.ts types the classic script inbenta-auth.js and its
// InbentaAuth global; reference it from a script:
//
//   /// <reference path="./inbenta-auth.d.ts" />
//   const client: InbentaAuth.Client = await InbentaAuth.createFromDomainKey(domainKey, apiKey);
//
// inbenta-auth.d.mts types the ES module inbenta-auth.mjs, which declares no
// global; TypeScript finds it next to the module:
//
//   import InbentaAuth, { type Client } from './inbenta-auth.mjs';
//
// They are the same but for the global block at the end of the .d.ts.

/**
 * The product base URLs of a token, by product name, e.g.
 * `{ chatbot: 'https://api-gce3.inbenta.io/prod/chatbot', search: '…', knowledge: '…' }`.
 * The token is only ever sent to these origins.
 */
export type APIs = Readonly<Record<string, string>>;

/**
 * The stable `code` of every error the SDK rejects with. Switch on it; the
 * message is for people and may change.
 *
 * - `INVALID_ARGUMENT`: a missing, empty or non-string key, a bad option (such
 *   as a `wasmURL` that is not a URL), bad `fetch` arguments, or a URL outside
 *   `client.apis`. Nothing is sent.
 * - `INVALID_KEY`: the Auth API refused the API key or Domain Key (400, 401).
 * - `ORIGIN_NOT_ALLOWED`: the Domain Key is not registered for this page's origin (403).
 * - `RATE_LIMITED`: 429 from the Auth API. Retryable.
 * - `SERVER_ERROR`: 5xx from the Auth API. Retryable.
 * - `NETWORK`: `fetch` failed: offline, DNS, CORS refusal. Retryable.
 * - `TIMEOUT`: obtaining a token took too long. Retryable.
 * - `BAD_RESPONSE`: a token answer (from the API or a refresh hook) that is not a valid token.
 * - `REFRESH_FAILED`: the refresh hook (or `/refreshToken`) failed or returned no token.
 * - `TOKEN_EXPIRED`: an access token expired and there is no refresh hook to replace it.
 * - `SECRET_IN_BROWSER`: an option named like a Secret. Nothing is sent.
 * - `SESSION_FAILED`: a product session could not be started (`status` is the
 *   API's answer; retryable for 429, 5xx and network errors, after the SDK's own
 *   retries), or the API answered a brand-new session expired.
 * - `CLOSED`: the client was closed.
 * - `ABORTED`: the page aborted the request (`init.signal`).
 * - `INTERNAL`: a bug caught at the JavaScript boundary; the SDK keeps working.
 * - `WASM_LOAD_FAILED`: the loader could not load the wasm: `wasm_exec.js`
 *   missing, a network or HTTP error (`status` says which; retryable for 429,
 *   5xx and network errors), no wasm within `loadTimeout` (retryable), an
 *   answer that is not WebAssembly, a wasm from another build, or a
 *   Content-Security-Policy without `'wasm-unsafe-eval'`.
 *   The next call tries to load it again.
 */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_KEY'
  | 'ORIGIN_NOT_ALLOWED'
  | 'RATE_LIMITED'
  | 'SERVER_ERROR'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'BAD_RESPONSE'
  | 'REFRESH_FAILED'
  | 'TOKEN_EXPIRED'
  | 'SECRET_IN_BROWSER'
  | 'SESSION_FAILED'
  | 'CLOSED'
  | 'ABORTED'
  | 'INTERNAL'
  | 'WASM_LOAD_FAILED';

/**
 * Every rejection of the SDK: an `Error` with a stable {@link ErrorCode};
 * {@link InbentaAuthSDK.isInbentaAuthError} tells one apart. `ABORTED` is
 * named `AbortError`, as `fetch` names its own.
 */
export interface InbentaAuthError extends Error {
  readonly name: 'InbentaAuthError' | 'AbortError';
  /** What went wrong; stable across versions. */
  readonly code: ErrorCode;
  /** Whether doing the same thing again later may succeed (network errors, 429, 5xx, timeouts). */
  readonly retryable: boolean;
  /** The HTTP status that caused the error, when one did. */
  readonly status?: number;
  /** What caused it, when known: e.g. the browser's `TypeError` from `fetch`. */
  readonly cause?: unknown;
}

/**
 * Texts of the refresh-error notification. Each one given replaces the
 * built-in translation (English, Spanish, Catalan, French, German, Italian,
 * Portuguese, Dutch); the others keep it. Texts are shown as text, never as HTML.
 */
export interface Labels {
  /** The title. English: "Oooops...!" */
  REFRESH_TITLE?: string;
  /** The explanation. English: "Something went wrong. Please, refresh the page" */
  REFRESH_INVALID_ACCESS_TOKEN?: string;
  /** The button, which reloads the page. English: "Refresh" */
  REFRESH_BUTTON?: string;
}

/**
 * `options.labels`: labels for every language (flat), per language
 * (`{ es: {…}, 'es-MX': {…} }`), or both. For a language `es-MX`, each label
 * comes from the first of: `labels['es-MX']`, `labels.es`, the flat labels,
 * the built-in translation, English.
 */
export interface LabelOptions extends Labels {
  [lang: string]: Labels | string | undefined;
}

/** Why the refresh hook is asked for a token. */
export type RefreshReason =
  /** The token is inside `refreshWindow`: still valid, about to expire. */
  | 'expiring'
  /** The token has expired (or is within `leeway` of it). */
  | 'expired'
  /** The API refused the token (401, or the gateway's expired-token 403). */
  | 'rejected';

/** What the refresh hook receives. */
export interface RefreshInfo {
  readonly reason: RefreshReason;
}

/**
 * A token as your server hands it to the page: Inbenta's `/auth` or
 * `/refreshToken` answer passes as is.
 */
export interface TokenAnswer {
  /** The access token. */
  accessToken: string;
  /** When it expires, in Unix seconds. */
  expiration?: number;
  /** Its lifetime in seconds from now; preferred to `expiration`, since a wrong page clock cannot skew it. */
  expires_in?: number;
  /** The product base URLs; when absent, the previous token's stay. */
  apis?: Record<string, string>;
}

/**
 * Gets a new access token, usually from your own server (which holds the
 * Secret). Calls waiting for a token share one call of the hook, and are
 * sent (or replayed) once it answers. Throwing or rejecting is a
 * `REFRESH_FAILED` refresh error.
 */
export type RefreshHook = (info: RefreshInfo) => TokenAnswer | PromiseLike<TokenAnswer>;

/** What a refresh-error handler and `refresh-error` listeners receive. */
export interface RefreshErrorInfo {
  /** The error's code, e.g. `REFRESH_FAILED` or `TOKEN_EXPIRED`. */
  readonly code: ErrorCode;
  readonly message: string;
  readonly error: InbentaAuthError;
  /** The notification's texts for `lang`, resolved from `options.labels` and the built-in translations. */
  readonly labels: Readonly<Required<Labels>>;
  /** The language of the texts: `options.lang`, else the page's `<html lang>`, else the browser's. */
  readonly lang: string;
  /** Tries to obtain a token again; resolves once one is obtained. */
  retry(): Promise<void>;
}

/** Replaces the SDK's default notification; see `options.onRefreshError`. */
export type RefreshErrorHandler = (info: RefreshErrorInfo) => void;

/** The `token` event: a new token was obtained. */
export interface TokenEvent {
  /** When it expires, in Unix seconds; null when unknown. */
  readonly expiration: number | null;
  readonly apis: APIs;
}

/** The `expired` event: the client found its token expired (once per token). */
export interface ExpiredEvent {
  /** When it expired, in Unix seconds; null when unknown. */
  readonly expiration: number | null;
}

/** The products that have sessions: see {@link Client.session}. */
export type SessionProduct = 'chatbot' | 'search' | 'knowledge';

/**
 * The `session` event: a product session was replaced by a new one before
 * a call (`idle`: unused past its lifetime) or after the API answered it
 * expired (`expired`), so a chat shows "new conversation".
 */
export interface SessionEvent {
  readonly product: SessionProduct;
  readonly reason: 'idle' | 'expired';
  /** The replaced session's ID (a chatbot's `sessionId`); null for products that name none. */
  readonly previousId: string | null;
  /** The new session's ID; null for products that name none. */
  readonly id: string | null;
}

/** The client's events and what their listeners receive. */
export interface ClientEventMap {
  token: TokenEvent;
  expired: ExpiredEvent;
  /** The token is lost and could not be replaced; sent with or without the notification. */
  'refresh-error': RefreshErrorInfo;
  session: SessionEvent;
}

export type ClientEventName = keyof ClientEventMap;

export type ClientEventListener<K extends ClientEventName> = (detail: ClientEventMap[K]) => void;

/** Options of {@link InbentaAuthSDK.load}. */
export interface LoadOptions {
  /**
   * Where to fetch `inbenta-auth.wasm`. Default: next to the loader. Read on
   * the first load only. The loader checks the default wasm against the hash
   * it was built with; a wasm from `wasmURL` is not checked.
   */
  wasmURL?: string | URL;
  /**
   * Seconds the wasm's load may take, from 0.001 to 600 (default 60), waiting
   * for the browser to be online included; past it the load fails with a
   * retryable `WASM_LOAD_FAILED`. Read on the first load only.
   */
  loadTimeout?: number;
}

/** Options of both factories. */
export interface Options extends LoadOptions {
  /** The Auth API base: `https://api.inbenta.io/v1` (default), or a regional one. */
  authURL?: string;
  /**
   * Seconds before expiry at which a token counts as expired, so it does not
   * expire in flight. Default 10; from 0 to 3600, never more than half the
   * token's lifetime.
   */
  leeway?: number;
  /** Seconds one attempt to obtain a token may take before it fails with `TIMEOUT`; from 0.001 to 600. */
  refreshTimeout?: number;
  /** Language of the refresh-error notification, e.g. `es` or `pt-BR`. Default: the page's `<html lang>`, else the browser's. */
  lang?: string;
  /** Texts of the refresh-error notification. */
  labels?: LabelOptions;
  /** Replaces the default refresh-error notification (which is not shown then). */
  onRefreshError?: RefreshErrorHandler | null;
  /**
   * Share the token with the other pages of this origin (tabs, windows,
   * iframes) whose clients have the same API key and `authURL` (and Domain
   * Key): one exchange, or one run of the refresh hook, per token lifetime
   * for all of them, carried between pages in memory (Web Locks and a
   * `BroadcastChannel`; never storage). Default `true`; `false` keeps this
   * client's token to itself.
   */
  shareAcrossTabs?: boolean;
  /**
   * Sent as `x-inbenta-env` with every product call (never to the Auth API
   * or any other origin): `'production'` (the default) or `'development'`.
   */
  environment?: 'production' | 'development';
  /** Sent as `x-inbenta-user-type`: one of your instance's user types, 0 (the default) to 999. */
  userType?: number;
  /** Sent as `x-inbenta-source` when set: where the calls come from, e.g. `'web'`; up to 128 printable ASCII characters. */
  source?: string;
  /**
   * Where the token is kept. `'memory'` (the default): in the page only,
   * gone when the page is. `'session'`: also in the tab's `sessionStorage`,
   * so that the tab's next pages of the site (a link, a reload) restore it
   * instead of exchanging again; it is gone when the tab closes. Kept: the
   * token, its expiration and `apis`, under a key of the API key, the kind
   * of credential, `authURL` and a digest of the Domain Key (never the
   * Domain Key, never the refresh hook). A restored token is checked as an
   * answer of the API is (and its `apis` must be on the Auth API's site);
   * one the API refuses is dropped and replaced once. Where storage is
   * denied, off or full, the client keeps its token in memory, without an
   * error. In access-token mode, a stored token stands in for the one given
   * when that one is older or expired, and gives the same token its `apis`
   * and expiration when they are not passed.
   */
  persist?: 'memory' | 'session';
  /**
   * Never set: any option whose name contains `secret` is refused with
   * `SECRET_IN_BROWSER` before anything is sent. The Secret stays on your server.
   */
  secret?: never;
}

/** Options of {@link InbentaAuthSDK.createFromAccessToken}. */
export interface AccessTokenOptions extends Options {
  /** When the given token expires, in Unix seconds (your server's `/auth` answer has it). */
  expiration?: number;
  /** The given token's product base URLs; without them, the SDK asks the Auth API's `/apis`. */
  apis?: Record<string, string>;
  /** Gets a new token when the current one expires or is refused. Without it, the SDK renews a still-valid token at `/refreshToken`. */
  refresh?: RefreshHook | null;
  /** Seconds before expiry at which the token is renewed ahead of need; default 120, from 0 to 3600. */
  refreshWindow?: number;
}

/**
 * A client's session of one product: its chatbot conversation, or its search
 * or knowledge tracking session. The SDK starts it on first use, once however
 * many calls arrive together, starts a new one before a call when it has been
 * unused past its lifetime, and after the API answers "Session expired" starts
 * one and sends the call once more (each a `session` event). A client has one
 * session object per product: {@link Client.session} gives the same one every
 * time, whichever conversation is current. Its methods are bound.
 */
export interface Session {
  readonly product: SessionProduct;
  /** The current session's ID (a chatbot's `sessionId`); null for search and knowledge, and when there is none (after `end()`, once closed). */
  readonly id: string | null;
  /**
   * {@link Client.fetch} with `x-inbenta-session` added in the product's form
   * (`Bearer <token>` for chatbot, the token alone for search and knowledge),
   * for URLs under this product's base in {@link Client.apis} only
   * (`INVALID_ARGUMENT` otherwise). Rejects with `SESSION_FAILED` when no
   * session can be started.
   */
  readonly fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /** Ends the session and wipes its token; the next call starts a new one (no `session` event). */
  readonly end: () => Promise<void>;
}

/**
 * A client: one key's token and the calls that use it. Its methods are bound,
 * so they may be passed around (`const { fetch } = client`).
 */
export interface Client {
  /**
   * `fetch`, with `x-inbenta-key` and `Authorization: Bearer` added, and the
   * product headers of `environment`, `userType` and `source` unless `init`
   * sets them. Refreshes first when the token has expired; after a 401, or the
   * gateway's 403 for an expired token, gets a new token and sends the call
   * once more. Only URLs under {@link Client.apis} are allowed
   * (`INVALID_ARGUMENT` otherwise).
   */
  readonly fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /** A valid access token, refreshed first if needed. */
  readonly accessToken: () => Promise<string>;
  /** The product base URLs of the current token (frozen); null when there is no token. */
  /**
   * The product base URLs of the current token (after `close()`, of the
   * last one): creation guarantees some.
   */
  readonly apis: APIs;
  /** When the current token expires, in Unix seconds; null when unknown. */
  readonly expiration: number | null;
  /**
   * The client's session of `product`, started first when it has none (once
   * however many calls ask together): the same object every time. Other
   * products: `INVALID_ARGUMENT`.
   */
  readonly session: (product: SessionProduct) => Promise<Session>;
  /** Drops the token, ends the sessions and drops the client's Go side; later calls reject with `CLOSED`. */
  readonly close: () => void;
  /**
   * Installs (or with null removes) the refresh hook; for clients created with
   * `createFromAccessToken` (`INVALID_ARGUMENT` otherwise).
   */
  readonly setRefresh: (refresh: RefreshHook | null) => Promise<void>;
  /** Replaces the default refresh-error notification, or with null restores it. */
  readonly setRefreshErrorHandler: (handler: RefreshErrorHandler | null) => Promise<void>;
  /** Adds an event listener; adding the same function twice has no effect. */
  readonly on: <K extends ClientEventName>(name: K, listener: ClientEventListener<K>) => Promise<void>;
  /** Removes a listener added with {@link Client.on}. */
  readonly off: <K extends ClientEventName>(name: K, listener: ClientEventListener<K>) => Promise<void>;
}

/** The SDK: the `InbentaAuth` global of inbenta-auth.js, and the default export of inbenta-auth.mjs. */
export interface InbentaAuthSDK {
  /** The bundle's version, as in its `integrity.json`. */
  readonly version: string;
  /**
   * Loads the wasm, once however many clients there are; the factories call
   * it for you. Rejects with `WASM_LOAD_FAILED`; the next call tries again.
   */
  load(options?: LoadOptions): Promise<void>;
  /**
   * A client for a Domain Key, which the SDK exchanges for access tokens.
   * Resolves once the first token is obtained, so a refused key or origin shows at once.
   */
  createFromDomainKey(domainKey: string, apiKey: string, options?: Options): Promise<Client>;
  /**
   * A client for an access token your server obtained with the Secret.
   * `options.refresh` (or {@link Client.setRefresh}) replaces it when it expires.
   */
  createFromAccessToken(accessToken: string, apiKey: string, options?: AccessTokenOptions): Promise<Client>;
  /**
   * Whether `err` is one of the SDK's errors (by identity: a look-alike is
   * not), narrowing it in TypeScript: `catch (err) { if (isInbentaAuthError(err)) err.code … }`.
   */
  isInbentaAuthError(err: unknown): err is InbentaAuthError;
}

declare const InbentaAuth: InbentaAuthSDK;
export default InbentaAuth;

/** The bundle's version, as in its `integrity.json`. */
export declare const version: string;
/** Loads the wasm once; see {@link InbentaAuthSDK.load}. */
export declare function load(options?: LoadOptions): Promise<void>;
/** A client for a Domain Key; see {@link InbentaAuthSDK.createFromDomainKey}. */
export declare function createFromDomainKey(domainKey: string, apiKey: string, options?: Options): Promise<Client>;
/** A client for an access token from your server; see {@link InbentaAuthSDK.createFromAccessToken}. */
export declare function createFromAccessToken(accessToken: string, apiKey: string, options?: AccessTokenOptions): Promise<Client>;
/** Whether `err` is one of the SDK's errors; see {@link InbentaAuthSDK.isInbentaAuthError}. */
export declare function isInbentaAuthError(err: unknown): err is InbentaAuthError;
