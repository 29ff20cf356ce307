//go:build browser && unix

package browsertest

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// A set-up in the npm cache is used under a lock file beside it: held
// exclusively while one binary makes it, shared while binaries use it,
// which keeps a binary that made another set-up from pruning it.

// cacheLocks are the shared locks this binary holds, released when it ends.
var cacheLocks []*os.File

// useCacheEntry makes dir with make unless a binary made it before, and
// holds it shared until releaseCache; it reports whether this binary made
// it. Set-ups no binary uses are pruned but the last used.
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
	now := time.Now()
	os.Chtimes(lock.Name(), now, now)
	pruneCache(filepath.Dir(dir))
	return made, nil
}

// keptUnused is how many set-ups no binary holds the cache keeps, the
// last used first: enough to go back and forth between a few builds.
const keptUnused = 2

// pruneCache removes the set-ups in root that no binary holds but the
// keptUnused last used. Lock files stay: one removed while another binary
// opens it would let two binaries hold "the" lock. A lock file's time is
// its set-up's last use; one whose set-up was pruned counts for none.
func pruneCache(root string) {
	names, _ := filepath.Glob(filepath.Join(root, "*.lock"))
	type unused struct {
		lock *os.File
		used time.Time
	}
	var free []unused
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		info, err := f.Stat()
		if err != nil || syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
			f.Close()
			continue
		}
		dir := strings.TrimSuffix(name, ".lock")
		if _, err := os.Stat(filepath.Join(dir, readyName)); err != nil {
			os.RemoveAll(dir) // pruned before, or left midway
			f.Close()
			continue
		}
		free = append(free, unused{f, info.ModTime()})
	}
	slices.SortFunc(free, func(a, b unused) int { return b.used.Compare(a.used) })
	for i, u := range free {
		if i >= keptUnused {
			dir := strings.TrimSuffix(u.lock.Name(), ".lock")
			os.Remove(filepath.Join(dir, readyName))
			os.RemoveAll(dir)
		}
		u.lock.Close()
	}
}

// releaseCache lets other binaries prune what this one used.
func releaseCache() {
	for _, l := range cacheLocks {
		l.Close()
	}
	cacheLocks = nil
}
