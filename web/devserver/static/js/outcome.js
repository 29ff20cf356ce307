// outcome.js says how a call got its answer, from the statuses the fetch
// tap saw (each attempt, replays included) and what the client's events
// told while it ran. Plain data in, a sentence out.

import { conversationName } from './conversation.js';

// callDetail is the detail of a timeline call entry: {attempts: [{status}],
// newToken (a token came while it ran), renewal (the session event info
// heard while it ran)}. Every status but the last is one that was replayed.
export function callDetail({ attempts = [], newToken = false, renewal = null }) {
  const replays = [];
  for (const { status } of attempts.slice(0, -1)) {
    if (status === 401 || status === 403) {
      replays.push('the token was refused: replayed with a new one');
    } else if (status === 400) {
      replays.push('Session expired: replayed in ' + conversationName(renewal && renewal.id));
    }
  }
  if (replays.length) return replays.join('; ');
  if (renewal && renewal.reason === 'idle') {
    return 'sent in ' + conversationName(renewal.id) + ': ' + conversationName(renewal.previousId) + ' had been idle too long';
  }
  return newToken ? 'sent once a new token came' : '';
}
