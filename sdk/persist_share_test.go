package sdk

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// persistingPage opens a page of origin with a Domain Key keeper that
// keeps store; its own exchanges would answer tok-new.
func persistingPage(t *testing.T, origin *fakeOrigin, store Store) *Keeper {
	t.Helper()
	tr := &fakeTransport{resp: authAnswer(t, "tok-new", realClock.Now())}
	cfg := Config{APIKey: "k", Options: pageOptions(t, `{"persist":"session","authURL":"https://api.test/v1"}`), Transport: tr,
		Clock: realClock, Store: store, Peers: origin.join()}
	k, err := NewDomainKeyKeeper(cfg, testCreds.DomainKey)
	require.NoError(t, err)
	t.Cleanup(k.Close)
	return k
}

func TestAPersistingPageSavesWhatItAdopts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &fakeAPI{life: 20 * Minute}
		origin := newFakeOrigin()
		a, _ := newPage(t, origin, api) // keeps its tokens in memory
		tokensAtOnce(t, a)

		store := &memStore{}
		b := persistingPage(t, origin, store)
		assert.Equal(t, []string{"tok-1"}, tokensAtOnce(t, b), "adopted from the other page")
		assert.EqualValues(t, 1, api.exchanges.Load())
		assert.Equal(t, []string{"tok-1"}, store.saves, "saved: this page opted in")

		// The API refuses tok-1 to a: b hears a rumour (any script of the
		// origin could say so), and keeps its entry until a's replacement,
		// which it adopts and saves.
		_, _, err := a.Rejected(context.Background(), 1)
		require.NoError(t, err)
		synctest.Wait()
		assert.Zero(t, store.removes)
		assert.Equal(t, []string{"tok-1", "tok-2"}, store.saves)
		assert.Equal(t, "tok-2", b.Current().AccessToken)
	})
}

func TestARestoredTokenIsAnnouncedAsAnyOther(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &fakeAPI{life: 20 * Minute}
		origin := newFakeOrigin()
		a, _ := newPage(t, origin, api)
		tokensAtOnce(t, a)
		time.Sleep(time.Minute)

		// The tab's next page restores a token newer than a's, of the
		// product origins a knows.
		store := &memStore{entry: stored(realClock.Now(), func(m map[string]any) {
			m["apis"] = map[string]any{"chatbot": "https://api.test/prod/chatbot"}
		})}
		b := persistingPage(t, origin, store)
		synctest.Wait()
		assert.Equal(t, "tok-stored", b.Current().AccessToken)
		assert.Equal(t, "tok-stored", a.Current().AccessToken, "the other page adopted it")
		assert.EqualValues(t, 1, api.exchanges.Load())
		assert.Empty(t, store.saves)
	})
}
