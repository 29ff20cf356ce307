import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerTexts, conversationId, conversationName, maxMessage, messageOf, renewal } from '../static/js/conversation.js';

test("the chatbot's answers are read as texts, whatever the body holds", () => {
  const text = 'You said "hi". This is the emulated chatbot.';
  assert.deepEqual(answerTexts(JSON.stringify({ answers: [{ type: 'answer', message: text, messageList: [text] }] })), [text]);
  assert.deepEqual(answerTexts('{"answers":[{"message":"a"},{"message":"<b>b</b>"}]}'), ['a', '<b>b</b>'], 'markup stays text');
  for (const body of ['', 'not json', 'null', '[]', '{}', '{"answers":"hi"}', '{"answers":[]}', '{"answers":[null, 1, {"message": 2}, {"message": ""}]}']) {
    assert.equal(answerTexts(body), null, body);
  }
  const many = JSON.stringify({ answers: Array.from({ length: 50 }, () => ({ message: 'x'.repeat(10000) })) });
  const bounded = answerTexts(many);
  assert.ok(bounded.length <= 5 && bounded.every((t) => t.length <= 2000), 'bounded');
});

test('a message is trimmed and bounded before it is sent', () => {
  assert.equal(messageOf('  hello \n'), 'hello');
  assert.equal(messageOf('   '), '');
  assert.equal(messageOf('x'.repeat(maxMessage + 10)).length, maxMessage);
  assert.equal(messageOf(undefined), '');
});

test('a conversation is named by its id, when it has one', () => {
  assert.equal(conversationName('2'), 'conversation 2');
  assert.equal(conversationName(7), 'conversation 7');
  for (const none of [null, undefined, '']) assert.equal(conversationName(none), 'a new conversation');
});

test('a session event reads as what it is', () => {
  const expired = renewal({ product: 'chatbot', reason: 'expired', previousId: '1', id: '2' });
  assert.equal(expired.title, 'New conversation · expired');
  assert.match(expired.detail, /Session expired for conversation 1/);
  assert.match(expired.detail, /started conversation 2 and sent the message again/);
  assert.match(expired.chat, /^New conversation \(2\)/);
  assert.ok(expired.replayed);

  const idle = renewal({ product: 'chatbot', reason: 'idle', previousId: '1', id: '2' });
  assert.equal(idle.title, 'New conversation · idle');
  assert.match(idle.detail, /conversation 1 went unused/);
  assert.ok(!idle.replayed, 'an idle session is renewed before the call: nothing is sent twice');

  const odd = renewal({ reason: { toString: () => 'x'.repeat(500) }, previousId: null, id: null });
  assert.ok(odd.title.length < 80, 'a reason it does not know is bounded');
  assert.match(odd.detail, /a new conversation/);
  assert.doesNotThrow(() => renewal(null));
});

test('a session id is kept as a string, or null', () => {
  assert.equal(conversationId(3), '3');
  assert.equal(conversationId('3'), '3');
  for (const none of [null, undefined, '']) assert.equal(conversationId(none), null);
});
