// persist.js: the tab's sessionStorage, for clients created with
// options.persist 'session' (the policy is Go's, sdk/persist*.go): the
// storage's built-ins, taken when the loader runs, the entry's key, and
// the loader's look at an entry before it sends the early /auth.
import { MAX_ANSWER, PERSIST } from './defines.js';
import { apply, charCode, freeze, parseJSON, stringifyJSON } from './intrinsics.js';
import { plainData } from './plain.js';

// captureStorage is the tab's sessionStorage as {read, write, remove}, or
// null where there is none: reading it throws in a sandboxed frame
// (SecurityError), it is null where the browser disables storage. Each
// method swallows what the storage throws (full, or disabled as Safari's
// private mode once did): the client then keeps its token in memory only.
export function captureStorage(global = globalThis) {
  try {
    const store = global.sessionStorage;
    const proto = typeof global.Storage === 'function' ? global.Storage.prototype : null;
    if (typeof store !== 'object' || store === null || proto === null) {
      return null;
    }
    const { getItem, setItem, removeItem } = proto;
    if (typeof getItem !== 'function' || typeof setItem !== 'function' || typeof removeItem !== 'function') {
      return null;
    }
    const remove = (key) => {
      try {
        apply(removeItem, store, [key]);
      } catch {
        // nothing to remove it from
      }
    };
    return freeze({
      // read(key) is the entry as plain data; null when there is none or
      // the storage cannot be read; false when it holds what can be no
      // entry (too long, not JSON, too large a value): Go removes it.
      read(key) {
        let text;
        try {
          text = apply(getItem, store, [key]);
        } catch {
          return null;
        }
        if (text === null || text === undefined) {
          return null;
        }
        // Longer than an Auth API answer Go reads: none of the SDK's.
        if (typeof text !== 'string' || text.length > MAX_ANSWER) {
          return false;
        }
        try {
          return plainData(parseJSON(text), 'the stored entry');
        } catch {
          return false;
        }
      },
      // write(key, record) stores record (Go's, sdk.Record) as JSON; where
      // the storage refuses it, the older entry goes too.
      write(key, record) {
        try {
          apply(setItem, store, [key, stringifyJSON(record)]);
        } catch {
          remove(key);
        }
      },
      remove,
    });
  } catch {
    return null;
  }
}

// storeKey is sdk.StoreKey's key for a Domain Key (domainKey set) or
// access-token client of apiKey at authBase (normalized, as sdk.AuthBase
// gives it): testdata/persist/keys.json holds the vectors both are tested
// against.
export function storeKey(authBase, apiKey, domainKey) {
  const key = 'inbenta-auth/1 token\n';
  return domainKey === undefined || domainKey === ''
    ? key + 'access-token\n' + authBase + '\n' + apiKey
    : key + 'domain-key\n' + authBase + '\n' + apiKey + '\n' + fnv1a64(domainKey);
}

// fnv1a64 is sdk.FingerprintOf's hash of an ASCII string, in 16 hex
// digits: 64-bit arithmetic on two 32-bit halves, with operators only.
function fnv1a64(s) {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < s.length; i++) {
    lo = (lo ^ charCode(s, i)) >>> 0;
    // (hi, lo) * (2^40 + 0x1b3), modulo 2^64.
    const low = lo * 0x1b3;
    const carry = (low - (low >>> 0)) / 0x100000000;
    hi = (hi * 0x1b3 + carry + ((lo * 0x100) >>> 0)) >>> 0;
    lo = low >>> 0;
  }
  return hex8(hi) + hex8(lo);
}

function hex8(n) {
  const digits = '0123456789abcdef';
  let out = '';
  for (let shift = 28; shift >= 0; shift -= 4) {
    out += digits[(n >>> shift) & 15];
  }
  return out;
}

// restorable reports whether entry (read's) looks like a token Go will
// restore at nowMs: a token, obtained before now, expiring after the
// leeway and within sdk.MaxSharedLife of when it was obtained. Go checks
// it all again (sdk.ParseStored); this only decides whether the loader
// leaves the first /auth to Go.
export function restorable(entry, nowMs) {
  if (typeof entry !== 'object' || entry === null) {
    return false;
  }
  const { accessToken, expiration, obtained } = entry;
  if (typeof accessToken !== 'string' || accessToken === '' || typeof expiration !== 'number' || typeof obtained !== 'number') {
    return false;
  }
  const now = nowMs / 1000;
  return obtained <= now && expiration > now + PERSIST.leeway && expiration > obtained && expiration - obtained <= PERSIST.maxLife;
}
