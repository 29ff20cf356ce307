import './setup.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { absoluteURL, pageBase } from '../src/url.js';

test('outside a page, only absolute URLs resolve', () => {
  assert.equal(pageBase(), undefined);
  assert.equal(absoluteURL('https://a.example/x/../y'), 'https://a.example/y');
  assert.throws(() => absoluteURL('/relative'), TypeError);
});

test('in a page, URLs resolve against its base', () => {
  globalThis.document = { baseURI: 'https://site.example/base/' };
  try {
    assert.equal(absoluteURL('x'), 'https://site.example/base/x');
  } finally {
    delete globalThis.document;
  }
  globalThis.location = { href: 'https://site.example/page' };
  try {
    assert.equal(absoluteURL('x'), 'https://site.example/x');
  } finally {
    delete globalThis.location;
  }
});
