// options.js: the factories' arguments, read once from the page into plain
// data (plain.js), before the wasm loads or anything reaches Go, which
// validates their meaning (sdk.ParseOptions).
import { invalid, sdkError } from './errors.js';
import { getOwnPropertyDescriptor, hasOwn, objectCreate } from './intrinsics.js';
import { ownKeysOf, plainData, undetectable } from './plain.js';
import { absoluteURL } from './url.js';

// The options that are the page's functions; any other function is ignored.
const FUNCTIONS = { __proto__: null, refresh: true, onRefreshError: true };

// LOAD_SECONDS is how long a load may take unless options.loadTimeout says
// otherwise, waits to be online included: a wasm server that stalls fails
// the load (retryable) instead of leaving every call pending.
const LOAD_SECONDS = 60;

// factoryArguments checks a factory's arguments and copies them as plain
// data: {first, apiKey, options}.
export function factoryArguments(firstName, first, apiKey, options) {
  const args = { first: keyArgument(firstName, first), apiKey: keyArgument('apiKey', apiKey), options: pageOptions(options) };
  loadSeconds(args.options); // before early.js can send
  return args;
}

function keyArgument(name, value) {
  if (typeof value !== 'string') {
    throw invalid(name + ' must be a string');
  }
  return plainData(value, name);
}

// pageOptions is options as plain data (a null-prototype object, or
// undefined), with the page's functions where a function is expected.
export function pageOptions(options) {
  if (undetectable(options)) {
    throw invalid('options must be an object');
  }
  if (options === undefined || options === null) {
    return undefined;
  }
  if (typeof options !== 'object') {
    throw invalid('options must be an object');
  }
  const keys = ownKeysOf(options, 'options');
  const out = objectCreate(null);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    let d;
    try {
      d = getOwnPropertyDescriptor(options, key);
    } catch (err) {
      throw invalid('options could not be read', err);
    }
    if (d === undefined) {
      continue;
    }
    if (!hasOwn(d, 'value')) {
      throw invalid('options.' + key + ' is a getter: pass plain data');
    }
    if (typeof d.value === 'function') {
      if (FUNCTIONS[key] === true) {
        out[key] = d.value;
      }
      continue;
    }
    out[key] = plainData(d.value, 'options.' + key);
  }
  return out;
}

// loadSeconds is options.loadTimeout (plain options), checked.
export function loadSeconds(options) {
  const given = options === undefined ? undefined : options.loadTimeout;
  if (given === undefined || given === null) {
    return LOAD_SECONDS;
  }
  if (typeof given !== 'number' || !(given >= 0.001 && given <= 600)) {
    throw invalid('options.loadTimeout must be a number of seconds from 0.001 to 600');
  }
  return given;
}

// wasmURL is options.wasmURL (plain options) resolved against the page, as
// fetch would, so that errors name the full URL; undefined when not given.
export function wasmURL(options) {
  const given = options === undefined ? undefined : options.wasmURL;
  if (!given) {
    return undefined;
  }
  try {
    return absoluteURL(String(given));
  } catch (err) {
    throw sdkError('INVALID_ARGUMENT', 'options.wasmURL is not a URL', { cause: err });
  }
}
