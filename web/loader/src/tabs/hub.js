// tabs/hub.js: a client's side of its group (jsbridge/peers.go), over the
// tab protocol (docs/tab-protocol.md): it answers the other pages' asks,
// hands Go what they say, and takes the group's exchange lock for Go.
import { NativePromise, resolved, then } from '../intrinsics.js';
import { plainData } from '../plain.js';
import { MAX_LOCK_HOLD } from './claims.js';
import { channelName, exchangeLock, markPrefix, othersIn, peerPrefix } from './names.js';
import { holdLock } from './sharing.js';

// peerHub opens client id's side of group. deliver(id, type, value) hands
// Go what the other pages say: 'ask' (Go answers its token or null),
// 'token' (an announced token, as plain data) and 'refused' (a fingerprint).
export function peerHub(sharing, claims, group, id, deliver) {
  const from = sharing.instance + id;
  const asks = new Map();
  let open = true;
  let leave = null;
  let asked = 0;
  // alone: the exchange lock this client holds is the one the loader
  // claimed when no other page was open. No page can have a token then
  // (only the lock's holder gets one), so the next ask asks no one.
  let alone = false;
  then(holdLock(sharing, peerPrefix(group) + from, { mode: 'shared' }, 0), (release) => {
    if (open) {
      leave = release;
    } else if (release !== null) {
      release();
    }
  });
  // marked: a Promise of the release of this client's mark (or null).
  let marked = resolved(null);
  const own = sharing.own;
  const channel = sharing.open(channelName(group), (event) => {
    const m = event.data;
    const sender = own(m, 'from');
    if (!open || own(m, 'v') !== 1 || typeof sender !== 'string' || sender.startsWith(sharing.instance)) {
      return;
    }
    try {
      switch (own(m, 'type')) {
        case 'ask':
          channel.post({ v: 1, from, type: 'have', to: sender, ask: own(m, 'ask'), token: deliver(id, 'ask') || null });
          break;
        case 'have': {
          const waiting = own(m, 'to') === from ? asks.get(own(m, 'ask')) : undefined;
          if (waiting !== undefined) {
            waiting(sender, own(m, 'token'));
          }
          break;
        }
        case 'token':
          deliver(id, 'token', plainData(own(m, 'token'), 'a shared token'));
          break;
        case 'refused':
          if (typeof own(m, 'fp') === 'string') {
            deliver(id, 'refused', own(m, 'fp'));
          }
          break;
      }
    } catch {
      // a message that is not data (plainData refused it): not a peer's
    }
  });
  // joined: the marks the other pages had left when this client began to
  // listen (or later: a later look only waits for less). Their tokens were
  // announced before: Go does not wait for those announcements. When the
  // loader's claim found no other page, none can have left a mark since: a
  // mark comes with a token, and a token with the exchange lock, which the
  // claim holds.
  const claim = claims.peek(group);
  const joined = then(claim, (release) => (release !== undefined && release !== null
    ? new Set()
    : then(sharing.lockNames(), (names) => othersIn(group, names, sharing.instance).marks, () => new Set())), () => new Set());

  // newMarks is a Promise of how many other clients are open and the marks
  // they left since this client joined.
  const nobody = () => ({ others: 0, marks: [] });
  const newMarks = () => then(joined, (old) => then(sharing.lockNames(), (names) => {
    const now = othersIn(group, names, sharing.instance);
    const marks = [];
    now.marks.forEach((mark) => {
      if (!old.has(mark)) {
        marks[marks.length] = mark;
      }
    });
    return { others: now.others, marks };
  }, nobody), nobody);

  // askOthers posts an ask and collects the answers of others pages for at
  // most ms: {tokens, marks, all}.
  const askOthers = (others, marks, ms) => new NativePromise((resolve) => {
    const tokens = [];
    if (!open || others === 0) {
      resolve({ tokens, marks, all: false });
      return;
    }
    const ask = from + ':' + ++asked;
    const answered = new Set();
    const finish = () => {
      sharing.cancelLater(timer);
      asks.delete(ask);
      resolve({ tokens, marks, all: answered.size >= others });
    };
    const timer = sharing.later(finish, ms);
    asks.set(ask, (peer, token) => {
      if (answered.has(peer)) {
        return;
      }
      answered.add(peer);
      if (token !== null && token !== undefined) {
        try {
          tokens[tokens.length] = plainData(token, 'a shared token');
        } catch {
          // not a token: ignored
        }
      }
      if (answered.size >= others) {
        finish();
      }
    });
    channel.post({ v: 1, from, type: 'ask', ask });
  });

  return Object.freeze({
    // lock() waits for the group's exchange lock: {held: a Promise of its
    // release (null if not had), cancel()}.
    lock() {
      const claimed = claims.take(group);
      alone = false;
      const abort = new sharing.Abort();
      const request = () => holdLock(sharing, exchangeLock(group), { signal: abort.signal }, MAX_LOCK_HOLD);
      const held = claimed === undefined ? request() : then(claimed, (release) => {
        alone = release !== null;
        return release || request();
      });
      return Object.freeze({
        held,
        cancel() {
          abort.abort();
          then(held, (release) => release && release());
        },
      });
    },
    // ask(ms) is a Promise of {tokens, marks, all}: the tokens the other
    // pages hold, once every open one answered or ms passed, the marks
    // they left since this client joined, and whether some page is open
    // and every one answered.
    ask(ms) {
      if (alone) {
        alone = false;
        return resolved({ tokens: [], marks: [], all: false });
      }
      return then(newMarks(), ({ others, marks }) => askOthers(others, marks, ms));
    },
    // announce(token, mark) tells the other pages of a token this client
    // obtained. Its mark goes to the lock manager first, in place of the
    // previous one: the page that gets the exchange lock next finds it
    // there, though the message may reach it late.
    announce(token, mark) {
      if (open) {
        const previous = marked;
        marked = holdLock(sharing, markPrefix(group) + from + '\n' + mark, { mode: 'shared' }, 0);
        then(previous, (release) => release && release());
        channel.post({ v: 1, from, type: 'token', token });
      }
    },
    // refused(fp) tells them of a refused token's fingerprint.
    refused(fp) {
      if (open) {
        channel.post({ v: 1, from, type: 'refused', fp });
      }
    },
    close() {
      open = false;
      channel.close();
      if (leave !== null) {
        leave();
      }
      then(marked, (release) => release && release());
    },
  });
}
