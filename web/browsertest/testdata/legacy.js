// Built-ins as legacy libraries leave them, which enterprise pages still
// ship: Prototype.js 1.6, MooTools 1.2, XRegExp's native patches. Loaded
// before the SDK, which takes its built-ins when it loads: these are then
// the page's, with the older semantics where they differ from today's.
// legacy.calls counts their uses.
(() => {
  const calls = {};
  const count = (name) => { calls[name] = (calls[name] || 0) + 1; };
  globalThis.legacy = { calls };

  // Prototype's $A as Array.from: array-likes by their length only, no
  // mapping function, no iterables (a Set or a Map is []).
  Array.from = function (iterable) {
    count('Array.from');
    if (!iterable) return [];
    if ('toArray' in Object(iterable)) return iterable.toArray();
    let length = iterable.length || 0;
    const results = new Array(length);
    while (length--) results[length] = iterable[length];
    return results;
  };

  // MooTools 1.2's bind(thisArg, args): args is one array (or one value)
  // that replaces the call's arguments; the rest are dropped.
  const apply = Function.prototype.apply;
  Function.prototype.bind = function (bind, args) {
    count('Function.prototype.bind');
    const self = this;
    return function () {
      const list = args != null ? (Array.isArray(args) ? args : [args]) : Array.prototype.slice.call(arguments);
      return apply.call(self, bind || null, list);
    };
  };

  // Prototype 1.6's JSON: toJSON on the prototypes answers JSON text,
  // which the native JSON.stringify then encodes again as a string.
  const inspect = (s) => '"' + String(s).replace(/[\\"]/g, '\\$&').replace(/[\x00-\x1f]/g,
    (c) => '\\u' + ('0000' + c.charCodeAt(0).toString(16)).slice(-4)) + '"';
  const toJSON = (v) => (v === undefined || typeof v === 'function' ? undefined :
    v === null ? 'null' : typeof v.toJSON === 'function' ? v.toJSON() : String(v));
  Object.defineProperty(Array.prototype, 'toJSON', { configurable: true, writable: true, value() {
    count('Array.prototype.toJSON');
    const out = [];
    for (let i = 0; i < this.length; i++) {
      const v = toJSON(this[i]);
      out.push(v === undefined ? 'null' : v);
    }
    return '[' + out.join(', ') + ']';
  } });
  String.prototype.toJSON = function () { count('String.prototype.toJSON'); return inspect(this); };
  Number.prototype.toJSON = function () { count('Number.prototype.toJSON'); return isFinite(this) ? this.toString() : 'null'; };
  Date.prototype.toJSON = function () { count('Date.prototype.toJSON'); return inspect(this.toISOString()); };

  // Prototype's and MooTools' String methods, which predate ES2015's: no
  // position argument; MooTools' contains and trim.
  const { indexOf, lastIndexOf } = String.prototype;
  String.prototype.startsWith = function (pattern) { count('startsWith'); return indexOf.call(this, pattern) === 0; };
  String.prototype.endsWith = function (pattern) {
    count('endsWith');
    const d = this.length - String(pattern).length;
    return d >= 0 && lastIndexOf.call(this, pattern) === d;
  };
  String.prototype.includes = function (pattern) { count('includes'); return indexOf.call(this, pattern) > -1; };
  String.prototype.contains = function (string, separator) {
    count('contains');
    return separator ? indexOf.call(separator + this + separator, separator + string + separator) > -1 : indexOf.call(String(this), string) > -1;
  };
  const { replace: nativeReplace } = String.prototype;
  String.prototype.trim = function () { count('trim'); return nativeReplace.call(String(this), /^\s+|\s+$/g, ''); };

  // XRegExp's native patches: replace, split, match, exec and test are
  // the library's, for named groups; equivalent otherwise.
  for (const [proto, name] of [[String.prototype, 'replace'], [String.prototype, 'split'], [String.prototype, 'match'],
    [String.prototype, 'slice'], [String.prototype, 'toLowerCase'], [String.prototype, 'toUpperCase'],
    [RegExp.prototype, 'exec'], [RegExp.prototype, 'test']]) {
    const native = proto[name];
    const key = name === 'exec' || name === 'test' ? 'RegExp.prototype.' + name : name;
    proto[name] = function () {
      count(key);
      return apply.call(native, this, arguments);
    };
  }
})();
