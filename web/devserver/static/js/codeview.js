// codeview.js shows the code behind what the console just did, and the
// steps to run it on a page of one's own.

import { app, onClient } from './state.js';
import { el } from './format.js';
import { callCode, chatCode, createCode, faultCode, handlerCode, nextSteps, retryCode } from './snippets.js';

const whatEl = document.getElementById('code-what');
const codeEl = document.getElementById('code');
const stepsEl = document.getElementById('next-steps');

// showCode shows the code of action: create, call (detail: the product),
// chat (detail: the message), handler, retry or fault (detail: the kind).
export function showCode(action, detail) {
  const { config } = app;
  if (!config) return;
  let what;
  let code;
  switch (action) {
    case 'create':
      what = 'The client, ' + (app.mode === 'access-token' ? 'from your server\'s token' : 'from the Domain Key') + ':';
      code = createCode(app);
      break;
    case 'call':
      what = 'Call ' + detail + ' through client.fetch, which adds the key and the token:';
      code = callCode(detail);
      break;
    case 'chat':
      what = 'Send a message in the chatbot conversation, which client.session holds and renews:';
      code = chatCode(detail);
      break;
    case 'handler':
      what = app.ownHandler ? 'Your own refresh-error handler, in place of the SDK\'s notification:' : 'The SDK\'s notification again:';
      code = handlerCode(app.ownHandler);
      break;
    case 'retry':
      what = 'Try again, from your handler:';
      code = retryCode;
      break;
    case 'fault':
      what = 'The request that armed ' + detail + ' (from a terminal, for a page of your own too):';
      code = faultCode({ kind: detail, mode: app.mode, siteURL: location.origin, faultURL: config.faultURL });
      break;
    default:
      return;
  }
  whatEl.textContent = what;
  codeEl.textContent = code;
  codeEl.dataset.action = action;
}

// showNextSteps shows the steps to a page of one's own, in the current mode.
export function showNextSteps() {
  if (!app.config) return;
  const items = nextSteps({ mode: app.mode, config: app.config, siteURL: location.origin }).map((step) => {
    const li = el('li');
    if (step.text) li.append(el('p', step.text));
    if (step.code) {
      const pre = el('pre', '', 'snippet');
      const code = el('code', step.code);
      if (step.name) code.dataset.step = step.name;
      pre.append(code);
      li.append(pre, copyButton(code));
    }
    return li;
  });
  stepsEl.replaceChildren(...items);
  stepsEl.dataset.mode = app.mode;
}

// copy puts code's text on the clipboard, or selects it where the
// browser does not let the page write there.
async function copy(button, code) {
  try {
    await navigator.clipboard.writeText(code.textContent);
    button.textContent = 'Copied';
  } catch {
    getSelection().selectAllChildren(code); // then the keyboard's copy
    button.textContent = 'Selected';
  }
  setTimeout(() => { button.textContent = 'Copy'; }, 1500);
}

function copyButton(code) {
  const button = el('button', 'Copy', 'quiet small copy');
  button.type = 'button';
  button.addEventListener('click', () => copy(button, code));
  return button;
}

export function mountCode() {
  onClient((c) => {
    if (c) showCode('create');
  });
  document.getElementById('code-head').append(copyButton(codeEl));
  showNextSteps();
}
