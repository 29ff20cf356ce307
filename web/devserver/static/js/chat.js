// chat.js is the Chat panel: a conversation with the chatbot through
// client.session('chatbot'), whose fetch adds the session to each message.
// The SDK starts the conversation at the first message, and a new one when
// the chatbot says it expired (or it idled past its lifetime): the panel
// shows the conversation's id, and each start and renewal in the chat and
// in the timeline. Whatever the API answers goes into the page as text.

import { app, onClient } from './state.js';
import { chatRoute } from './catalog.js';
import { describeError, el } from './format.js';
import { answerTexts, conversationId, conversationName, maxMessage, messageOf, renewal } from './conversation.js';
import { callDetail } from './outcome.js';
import { addEntry, note, update } from './timeline.js';
import { setButtons } from './status.js';
import { afterCall } from './faults.js';
import { showCode } from './codeview.js';

const form = document.getElementById('chat-form');
const input = document.getElementById('chat-input');
const sendButton = document.getElementById('chat-send');
const logEl = document.getElementById('chat-log');
const idEl = document.getElementById('chat-session');
const stateEl = document.getElementById('chat-state');
const maxBubbles = 60;

// The message in flight: its timeline entry and its bubble.
let sending = null;
// Whether the conversation shows its newest bubble: a narrower panel
// makes the bubbles taller, and the newest must not slip out of sight.
let atEnd = true;

// say adds a bubble to the conversation: from you, bot, note or error.
function say(from, text) {
  const li = el('li', text, 'chat-msg');
  li.dataset.from = from;
  logEl.append(li);
  while (logEl.children.length > maxBubbles) logEl.firstElementChild.remove();
  toEnd();
  return li;
}

function toEnd() {
  logEl.scrollTop = logEl.scrollHeight;
  atEnd = true;
}

// showConversation shows the conversation id, and how it came: state is
// 'started' or 'renewed' (with the reason), '' for none.
function showConversation(id, state = '', reason = '') {
  app.conversation = conversationId(id);
  idEl.textContent = app.conversation === null ? '—' : app.conversation;
  stateEl.hidden = !state;
  stateEl.dataset.state = state;
  stateEl.textContent = state === 'renewed' ? 'new · ' + reason : state;
}

// renewed follows c's session events: the SDK replaced the conversation.
function renewed(c, info) {
  if (c !== app.client || !info || info.product !== 'chatbot') return;
  const r = renewal(info);
  showConversation(info.id, 'renewed', String(info.reason).slice(0, 20));
  note('session', r.title, 'warn', r.detail);
  say('note', r.chat);
  if (!sending) return;
  sending.call.renewal = info;
  if (r.replayed) {
    sending.bubble.dataset.replayed = app.conversation || '';
    sending.bubble.append(el('span', 'sent again in ' + conversationName(app.conversation), 'chat-tag'));
  }
}

async function send() {
  const c = app.client;
  const message = messageOf(input.value);
  if (!c || sendButton.disabled || !message) return;
  setButtons(false);
  showCode('chat', message);
  input.value = '';
  const bubble = say('you', message);
  let call = null;
  try {
    // Resolves at once with the client's session once it started.
    const session = await c.session('chatbot');
    if (c === app.client && app.conversation === null) {
      showConversation(session.id, 'started');
      note('session', 'Conversation ' + app.conversation + ' started', 'ok', "client.session('chatbot'): POST /v1/conversation");
    }
    call = addEntry('call', {
      title: 'POST chatbot ' + chatRoute, level: 'pending', product: 'chatbot', path: chatRoute, chat: true, started: performance.now(),
    });
    app.currentCall = call;
    sending = { call, bubble };
    const response = await session.fetch(c.apis.chatbot + chatRoute, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ message }),
    });
    const body = await response.text();
    const answers = response.ok ? answerTexts(body) : null;
    if (answers) {
      for (const text of answers) say('bot', text);
    } else {
      say('error', response.status + ' ' + response.statusText + (body ? ' · ' + body.slice(0, 300) : ''));
    }
    update(call, { level: response.ok ? 'ok' : 'error', status: response.status, ms: performance.now() - call.started, detail: callDetail(call) });
    // A conversation the SDK replaced without an event (none is known) shows as started.
    if (c === app.client && conversationId(session.id) !== app.conversation) showConversation(session.id, 'started');
  } catch (err) {
    const { code, text } = describeError(err);
    say('error', text);
    if (call) {
      const detail = text.startsWith(code + ': ') ? text.slice(code.length + 2) : text;
      update(call, { level: 'error', status: code, ms: performance.now() - call.started, detail });
    } else {
      note('session', 'No conversation', 'error', text);
    }
  } finally {
    if (sending && sending.call === call) sending = null;
    if (app.currentCall === call) app.currentCall = null;
  }
  if (c !== app.client) return;
  if (call) afterCall(call);
  setButtons(true);
}

// follow listens to c's session events; null (the client closed) ends
// the conversation with it.
function follow(c) {
  if (!c) {
    if (app.conversation !== null) say('note', 'The client closed, and ' + conversationName(app.conversation) + ' with it: the next message starts a new one.');
    showConversation(null);
    return;
  }
  if (typeof c.on !== 'function') return;
  Promise.resolve(c.on('session', (info) => renewed(c, info)))
    .catch((err) => note('event', "client.on('session')", 'error', describeError(err).text));
}

export function mountChat() {
  input.maxLength = maxMessage;
  onClient(follow);
  // Only the reader's own scrolling moves atEnd. A scroll the browser makes
  // because the log's layout changed (a narrower window makes bubbles
  // taller) may come before the ResizeObserver's callback, which keeps the
  // newest bubble in sight.
  let laidOut = '';
  const layout = () => logEl.clientWidth + 'x' + logEl.clientHeight + 'x' + logEl.scrollHeight;
  logEl.addEventListener('scroll', () => {
    const now = layout();
    if (now === laidOut) {
      atEnd = logEl.scrollHeight - logEl.scrollTop - logEl.clientHeight < 4;
    }
    laidOut = now;
  });
  new ResizeObserver(() => {
    laidOut = layout();
    if (atEnd) toEnd();
  }).observe(logEl);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send();
  });
}
