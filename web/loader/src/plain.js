// plain.js: the one reader of a page's values. Only own data properties
// count (an inherited or getter property is not the page's argument, but
// whatever else shares the page, and a getter could answer one value to a
// check and another to the action); values are copied into null-prototype
// objects before anything of them reaches Go.
import { LIMITS } from './defines.js';
import { invalid } from './errors.js';
import { defineProperty, getOwnPropertyDescriptor, hasOwn, isArray, objectCreate, ownKeys } from './intrinsics.js';

// undetectable is true of document.all alone: an object whose typeof is
// 'undefined' and that == null, which a check written x != null (as a
// minifier writes x !== undefined && x !== null) takes for absent.
export function undetectable(value) {
  return typeof value === 'undefined' && value !== undefined;
}

// ownData is obj's own data property key, or undefined; a getter is
// INVALID_ARGUMENT. what names obj in errors.
export function ownData(obj, key, what) {
  let d;
  try {
    d = getOwnPropertyDescriptor(obj, key);
  } catch (err) {
    throw invalid(what + ' could not be read', err);
  }
  if (d === undefined) {
    return undefined;
  }
  if (!hasOwn(d, 'value')) {
    throw invalid(what + '.' + key + ' is a getter: pass plain data');
  }
  return d.value;
}

// ownKeysOf is Object.keys(obj), a throw (a Proxy's trap) being INVALID_ARGUMENT.
export function ownKeysOf(obj, what) {
  try {
    return ownKeys(obj);
  } catch (err) {
    throw invalid(what + ' could not be read', err);
  }
}

// plainData copies a page's JSON-like value (options, labels, a hook's
// answer, a peer's token) within the limits Go shares (sdk.PlainLimits):
// strings are bounded before they are copied, and a value Go cannot take
// (BigInt, Symbol, document.all) is INVALID_ARGUMENT. what names it in
// errors.
export function plainData(value, what, budget = { nodes: LIMITS.nodes }, depth = 0) {
  if (--budget.nodes < 0 || depth > LIMITS.depth) {
    throw invalid(what + ' is too large or too deep');
  }
  switch (typeof value) {
    case 'string':
      if (value.length > LIMITS.string) {
        throw invalid(what + ' is longer than ' + LIMITS.string + ' characters');
      }
      return value;
    case 'number':
    case 'boolean':
      return value;
    case 'undefined':
      if (value === undefined) {
        return undefined;
      }
      break; // document.all
    case 'object':
      return value === null ? null : plainObject(value, what, budget, depth);
  }
  throw invalid(what + ' must be JSON-like data, not ' + (typeof value === 'undefined' ? 'document.all' : 'a ' + typeof value));
}

function plainObject(value, what, budget, depth) {
  let array;
  try {
    array = isArray(value);
  } catch (err) {
    throw invalid(what + ' could not be read', err);
  }
  const keys = ownKeysOf(value, what);
  if (keys.length > budget.nodes) {
    throw invalid(what + ' is too large or too deep');
  }
  const out = array ? [] : objectCreate(null);
  for (let i = 0; i < keys.length; i++) {
    let d;
    try {
      d = getOwnPropertyDescriptor(value, keys[i]);
    } catch (err) {
      throw invalid(what + ' could not be read', err);
    }
    if (d === undefined) {
      continue;
    }
    if (!hasOwn(d, 'value')) {
      throw invalid(what + ' has a getter (' + keys[i] + '): pass plain data');
    }
    const v = plainData(d.value, what, budget, depth + 1);
    defineProperty(out, keys[i], { __proto__: null, value: v, writable: true, enumerable: true, configurable: true });
  }
  return out;
}
