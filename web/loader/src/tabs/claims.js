// tabs/claims.js: the exchange locks the loader claims for an early /auth
// (early.js), by group, until the group's first client takes its claim
// over (hub.js: lock) or the creation ends.
import { resolved, then } from '../intrinsics.js';
import { exchangeLock, othersIn } from './names.js';
import { holdLock } from './sharing.js';

// No page holds the exchange lock longer, whatever becomes of it.
export const MAX_LOCK_HOLD = 60000;

// createClaims keeps the claims of one loader: Promises of the lock's
// release (null when not had), by group.
export function createClaims(sharing) {
  const claims = new Map();

  // othersOpen counts the clients of group open in other wasm instances.
  const othersOpen = (group) =>
    then(sharing.lockNames(), (names) => othersIn(group, names, sharing.instance).others, () => 0);

  return Object.freeze({
    // claim takes group's exchange lock for an early /auth when no client
    // of the group is open in another page (it would have a token to
    // share) and none is exchanging. It answers whether to send, and a
    // drop() for when the client is created or failed.
    claim(group) {
      if (claims.has(group)) { // another client of this page claimed it
        return { send: resolved(false), drop() {} };
      }
      // The lock is asked for first and the others counted at once, not
      // after it: the lock manager answers in that order, so a page that
      // announced a token before releasing the lock is counted.
      const held = holdLock(sharing, exchangeLock(group), { ifAvailable: true }, MAX_LOCK_HOLD);
      const others = then(undefined, () => othersOpen(group), () => 0);
      // Never rejects: whatever a page did, no claim is no early /auth.
      const claim = then(held, (release) => then(others, (n) => {
        if (release !== null && n > 0) {
          release();
          return null;
        }
        return release;
      }), () => null);
      claims.set(group, claim);
      return {
        send: then(claim, (release) => release !== null),
        drop() {
          if (claims.get(group) === claim) {
            claims.delete(group);
            then(claim, (release) => release && release());
          }
        },
      };
    },
    // peek is group's claim, or undefined.
    peek: (group) => claims.get(group),
    // take is group's claim, which the caller now owns, or undefined.
    take(group) {
      const claim = claims.get(group);
      claims.delete(group);
      return claim;
    },
  });
}
