//go:build browser && !unix

package browsertest

// Without flock, a set-up is made by the first binary that needs it and
// used by later ones, and never pruned: binaries must not run at once.

func useCacheEntry(dir string, make func() error) (bool, error) { return makeOnce(dir, make) }

func releaseCache() {}
