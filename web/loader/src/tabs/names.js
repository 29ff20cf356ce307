// tabs/names.js: the names of the tab protocol (docs/tab-protocol.md):
// the group key, the channel, and the locks. sdk/share's Go code names
// them the same; testdata/share holds the vectors both sides are tested
// against.

export const PROTOCOL = 'inbenta-auth/1';
const PREFIX = PROTOCOL + '\n';

// groupKey is sdk.ShareGroup's key for a Domain Key client of apiKey at
// authBase (normalized, as sdk.AuthBase gives it): the early /auth claims
// it before the wasm runs. Access-token groups are only Go's to name.
export function groupKey(authBase, apiKey, domainKey) {
  return 'domain-key\n' + authBase + '\n' + apiKey + '\n' + domainKey;
}

export const channelName = (group) => PREFIX + group;
export const exchangeLock = (group) => PREFIX + group + '\nexchange';
export const peerPrefix = (group) => PREFIX + group + '\npeer\n';
export const markPrefix = (group) => PREFIX + group + '\nmark\n';

// othersIn reads a lock manager's answer ({held, pending}: lock names) for
// group: how many clients are open in other wasm instances than instance,
// and the Set of the marks they left (sdk.Mark: a client holds a lock
// named markPrefix + client + '\n' + mark while it keeps the token it
// obtained last).
export function othersIn(group, names, instance) {
  const peers = peerPrefix(group);
  const marks = markPrefix(group);
  const others = new Set();
  const left = new Set();
  const read = (list, held) => {
    for (let i = 0; i < list.length; i++) {
      const name = list[i];
      if (held && name.startsWith(peers) && !name.startsWith(peers + instance)) {
        others.add(name);
      } else if (name.startsWith(marks) && !name.startsWith(marks + instance)) {
        const client = name.slice(marks.length);
        left.add(client.slice(client.indexOf('\n') + 1));
      }
    }
  };
  read(names.held, true);
  read(names.pending, false);
  return { others: others.size, marks: left };
}
