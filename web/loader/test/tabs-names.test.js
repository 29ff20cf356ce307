import './setup.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { channelName, exchangeLock, groupKey, markPrefix, othersIn, peerPrefix } from '../src/tabs/names.js';

test('the group key names the mode, base, API key and Domain Key', () => {
  assert.equal(groupKey('https://api.example/v1', 'KEY', 'DK'), 'domain-key\nhttps://api.example/v1\nKEY\nDK');
});

test('lock and channel names hang off the protocol and group', () => {
  assert.equal(channelName('G'), 'inbenta-auth/1\nG');
  assert.equal(exchangeLock('G'), 'inbenta-auth/1\nG\nexchange');
  assert.equal(peerPrefix('G'), 'inbenta-auth/1\nG\npeer\n');
  assert.equal(markPrefix('G'), 'inbenta-auth/1\nG\nmark\n');
});

test('othersIn counts other instances and reads the marks they left', () => {
  const names = {
    held: [peerPrefix('G') + 'me.1', peerPrefix('G') + 'a.1', peerPrefix('G') + 'a.2', peerPrefix('H') + 'b.1',
      markPrefix('G') + 'a.1\nMARK1', markPrefix('G') + 'me.1\nMINE'],
    pending: [peerPrefix('G') + 'c.1', markPrefix('G') + 'c.1\nMARK2'],
  };
  const got = othersIn('G', names, 'me.');
  assert.equal(got.others, 2, 'held peers of other instances of this group, not pending ones');
  assert.deepEqual([...got.marks].sort(), ['MARK1', 'MARK2']);
});
