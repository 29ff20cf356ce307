// Web Locks and BroadcastChannel as a page or a browser may have them
// broken, before the SDK loads (which is when it takes them):
// ?locks=missing|silent|throwing and ?channel=missing|silent|throwing.
// silent: Web Locks that never answer (nor grant), a channel that never
// delivers; throwing: every method throws.
(() => {
  const params = new URLSearchParams(location.search);
  const never = () => new Promise(() => {});
  const boom = () => { throw new DOMException('broken by the page', 'InvalidStateError'); };
  const locks = Object.getPrototypeOf(navigator.locks);
  switch (params.get('locks')) {
    case 'missing':
      delete Navigator.prototype.locks;
      break;
    case 'silent':
      locks.request = never;
      locks.query = never;
      break;
    case 'throwing':
      locks.request = boom;
      locks.query = boom;
      break;
  }
  switch (params.get('channel')) {
    case 'missing':
      delete globalThis.BroadcastChannel;
      break;
    case 'silent':
      BroadcastChannel.prototype.postMessage = function () {};
      break;
    case 'throwing':
      BroadcastChannel.prototype.postMessage = boom;
      BroadcastChannel.prototype.close = boom;
      break;
  }
})();
