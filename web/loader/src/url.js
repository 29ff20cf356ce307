// url.js: URLs as fetch reads them on this page.
import { NativeURL, urlHref } from './intrinsics.js';

// pageBase is what a relative URL resolves against (none outside a page).
export function pageBase() {
  if (typeof document !== 'undefined') {
    return document.baseURI;
  }
  return typeof location !== 'undefined' ? location.href : undefined;
}

// absoluteURL resolves text against the page, as fetch would: the one
// string that is both checked and used. It throws when text is no URL.
export function absoluteURL(text) {
  return urlHref(new NativeURL(text, pageBase()));
}
