// defines.js: the constants make build fills in (esbuild's define; see
// web/loader/bundle.go), from web/loader/version.json and from Go's own
// constants, so that the loader and the wasm agree on them.

// The bundle's version: InbentaAuth.version, and integrity.json's.
export const VERSION = INBENTA_VERSION;
// The hashes of the inbenta-auth.wasm built with this loader, or null for
// a bundle built without one (nothing to check): its SRI hash, which names
// it and which fetch checks where SubtleCrypto is missing, and its block
// hash (blockhash.js), which the loader checks as it downloads. Only the
// default URL is checked: a page that sets wasmURL may serve another build.
export const WASM_HASHES = INBENTA_WASM_HASHES;
// web/loader.HashBlock: the block size of the block hash.
export const HASH_BLOCK = INBENTA_HASH_BLOCK;
// sdk.DefaultAuthURL and sdk.MaxAnswerBytes: the early /auth is the one Go
// would send, and reads what Go would read.
export const DEFAULT_AUTH_URL = INBENTA_DEFAULT_AUTH_URL;
export const MAX_ANSWER = INBENTA_MAX_ANSWER;
// sdk.PlainLimits: how much of a page's value the loader and Go read.
export const LIMITS = INBENTA_PLAIN_LIMITS;
// sdk.MaxSharedLife and sdk.DefaultLeeway, in seconds: a stored token the
// loader skips the early /auth for (persist.js).
export const PERSIST = INBENTA_PERSIST;
