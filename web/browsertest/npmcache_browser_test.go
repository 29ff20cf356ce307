//go:build browser && unix

package browsertest

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// A set-up in the npm cache is used under a lock file beside it: held
// exclusively while one binary makes it, shared while binaries use it,
// which keeps a binary that made another set-up from pruning it.

// cacheLocks are the shared locks this binary holds, released when it ends.
var cacheLocks []*os.File

// useCacheEntry makes dir with make unless a binary made it before, and
// holds it shared until releaseCache; it reports whether this binary made
// it. Set-ups no binary uses are pruned: the cache keeps what is in use.
func useCacheEntry(dir string, make func() error) (bool, error) {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return false, err
	}
	lock, err := os.OpenFile(dir+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return false, err
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		lock.Close()
		return false, err
	}
	made, err := makeOnce(dir, make)
	if err != nil {
		lock.Close()
		return false, err
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_SH); err != nil {
		lock.Close()
		return false, err
	}
	cacheLocks = append(cacheLocks, lock)
	pruneCache(filepath.Dir(dir))
	return made, nil
}

// pruneCache removes the set-ups in root that no binary holds. Their lock
// files stay: one removed while another binary opens it would let two
// binaries hold "the" lock.
func pruneCache(root string) {
	locks, _ := filepath.Glob(filepath.Join(root, "*.lock"))
	for _, name := range locks {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil {
			dir := strings.TrimSuffix(name, ".lock")
			os.Remove(filepath.Join(dir, readyName))
			os.RemoveAll(dir)
		}
		f.Close()
	}
}

// releaseCache lets other binaries prune what this one used.
func releaseCache() {
	for _, l := range cacheLocks {
		l.Close()
	}
	cacheLocks = nil
}
