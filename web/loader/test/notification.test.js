import './setup.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { notification } from '../src/notification.js';

// A DOM of the few calls the notification makes, enough to see what it
// draws; the browser tests (web/browsertest) see the real one.
class FakeElement {
  constructor(tag) {
    this.tag = tag;
    this.attributes = {};
    this.children = [];
    this.listeners = {};
    this.textContent = '';
  }

  setAttribute(name, value) { this.attributes[name] = value; }

  appendChild(e) { this.children.push(e); return e; }

  addEventListener(type, fn) { this.listeners[type] = fn; }

  attachShadow(init) {
    assert.deepEqual(init, { mode: 'open' });
    this.shadowRoot = new FakeElement('#shadow-root');
    this.shadowRoot.adoptedStyleSheets = [];
    return this.shadowRoot;
  }
}

function withFakeDOM(sheets, fn) {
  const saved = { document: globalThis.document, location: globalThis.location, CSSStyleSheet: globalThis.CSSStyleSheet };
  const body = new FakeElement('body');
  const reloads = [];
  globalThis.document = { body, createElement: (tag) => new FakeElement(tag) };
  globalThis.location = { reload: () => reloads.push(true) };
  globalThis.CSSStyleSheet = sheets ? class { replaceSync(css) { this.css = css; } } : undefined;
  try {
    fn(body, reloads);
  } finally {
    Object.assign(globalThis, saved);
  }
}

test('the notification: a host in the body, labels as text, a dialog that reloads or is dismissed', () => {
  withFakeDOM(true, (body, reloads) => {
    let dismissed = 0;
    const [host, btn] = notification('es', '<b>Vaya</b>', 'Algo ha ido mal', 'Recargar', () => dismissed++);
    assert.deepEqual(body.children, [host]);
    assert.equal(host.attributes['data-inbenta-auth-notification'], '');
    const root = host.shadowRoot;
    assert.equal(root.adoptedStyleSheets.length, 1);
    assert.match(root.adoptedStyleSheets[0].css, /^:host\{all:initial\}/);
    const [box] = root.children;
    assert.equal(box.className, 'box');
    assert.deepEqual(box.attributes, {
      role: 'alertdialog', 'aria-modal': 'false', 'aria-labelledby': 'title', 'aria-describedby': 'body', lang: 'es',
    });
    const [h2, p, button] = box.children;
    assert.deepEqual([h2.tag, h2.id, h2.textContent], ['h2', 'title', '<b>Vaya</b>']);
    assert.deepEqual([p.tag, p.id, p.textContent], ['p', 'body', 'Algo ha ido mal']);
    assert.equal(button, btn);
    assert.deepEqual([btn.tag, btn.type, btn.textContent], ['button', 'button', 'Recargar']);

    box.listeners.keydown({ key: 'Enter' });
    assert.equal(dismissed, 0);
    box.listeners.keydown({ key: 'Escape' });
    assert.equal(dismissed, 1, 'Escape dismisses it');
    btn.listeners.click();
    assert.equal(reloads.length, 1, 'the button reloads the page');
  });
});

test('without constructed stylesheets the notification is styled by a <style> element', () => {
  withFakeDOM(false, () => {
    const [host] = notification('en', 'Oooops...!', 'Something went wrong', 'Refresh', () => {});
    const style = host.shadowRoot.children[0];
    assert.equal(style.tag, 'style');
    assert.match(style.textContent, /^:host\{all:initial\}/);
  });
});
