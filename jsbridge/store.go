//go:build js && wasm

package jsbridge

import (
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// Store is sdk.Store over the loader's kit.storage (persist.js): the tab's
// sessionStorage, through built-ins the loader took when it ran. An entry
// crosses as plain data (read) and as a record JSON.stringify writes
// (write); storage that throws costs nothing but the persistence.
type Store struct{ storage js.Value }

// NewStore is the sdk.Config's Store of a client whose options.persist is
// p, or nil: persist 'memory', or no storage in this page (a sandboxed
// frame, storage disabled).
func NewStore(p sdk.Persistence) sdk.Store {
	storage := prop(kit, "storage")
	if p != sdk.PersistSession || !isObject(storage) {
		return nil
	}
	return &Store{storage}
}

// Load is the entry, or nil; one the loader found unreadable (false) or
// that Go cannot take is handed over as false, for sdk.ParseStored to
// refuse.
func (s *Store) Load(key string) any {
	v, err := call(s.storage, "read", key)
	if err != nil || isNullish(v) {
		return nil
	}
	if tree, err := toGo(v); err == nil && tree != nil {
		return tree
	}
	return false
}

// Save writes rec: a token as it crosses between pages, or a session as
// {token field, ID field, base, lastUse}.
func (s *Store) Save(key string, rec sdk.Record) {
	var v js.Value
	if rec.Session != nil {
		v = record(false, rec.Session.Pairs()...)
	} else {
		v = tokenRecord(rec.Token)
	}
	_, _ = call(s.storage, "write", key, v)
}

func (s *Store) Remove(key string) { _, _ = call(s.storage, "remove", key) }
