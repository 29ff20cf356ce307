// tabs/tabs.js: sharing tokens between the pages of an origin
// (shareAcrossTabs; the policy is Go's, sdk/share*.go; the protocol is
// docs/tab-protocol.md): a Web Lock decides which page gets a new token, a
// BroadcastChannel carries it (in memory: nothing is stored), and every
// client holds a shared "peer" lock while it is open, so that a page can
// count the others and stop waiting for answers once they all answered.
import { resolved } from '../intrinsics.js';
import { createClaims } from './claims.js';
import { peerHub } from './hub.js';

// createTabs is the tab side of one loader over sharing (tabs/sharing.js),
// or a loader that shares nothing when sharing is null.
export function createTabs(sharing) {
  if (sharing === null) {
    return Object.freeze({
      claimExchange: () => ({ send: resolved(true), drop() {} }),
      peers: () => null,
    });
  }
  const claims = createClaims(sharing);
  // Once the lock manager is found broken, the loader is as without it.
  return Object.freeze({
    // claimExchange(group): {send: a Promise of whether the loader may send
    // the group's first /auth now, drop()} (tabs/claims.js).
    claimExchange: (group) => (sharing.broken() ? { send: resolved(true), drop() {} } : claims.claim(group)),
    // peers(group, id, deliver) is client id's side of its group.
    peers: (group, id, deliver) => (sharing.broken() ? null : peerHub(sharing, claims, group, id, deliver)),
  });
}
