package sdk

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCurrentIDIsThePagesConversation(t *testing.T) {
	r := newSessionRig(t, Options{})
	ctx := context.Background()
	_, ok := r.m.CurrentID("chatbot")
	assert.False(t, ok, "none yet")
	_, ok = r.m.CurrentID("faq")
	assert.False(t, ok)

	first, err := r.m.Session(ctx, "chatbot")
	require.NoError(t, err)
	id, ok := r.m.CurrentID("chatbot")
	assert.True(t, ok)
	assert.Equal(t, "chatbot-1", id)

	// An observer of the replacement already reads the new session's ID:
	// a page's "new conversation" handler shows the right one.
	var mu sync.Mutex
	var seen []string
	r.m.observer = func(ev Event) {
		if ev.Kind == EventSession {
			id, _ := r.m.CurrentID("chatbot")
			mu.Lock()
			seen = append(seen, id)
			mu.Unlock()
		}
	}
	r.m.Touch("chatbot", first.Gen, 0)
	_, err = r.m.Expired(ctx, "chatbot", first.Gen)
	require.NoError(t, err)
	id, _ = r.m.CurrentID("chatbot")
	assert.Equal(t, "chatbot-2", id)
	mu.Lock()
	assert.Equal(t, []string{"chatbot-2"}, seen)
	mu.Unlock()

	search, err := r.m.Session(ctx, "search")
	require.NoError(t, err)
	id, ok = r.m.CurrentID("search")
	assert.True(t, ok, "a product that names no session has one all the same")
	assert.Empty(t, id)
	assert.Empty(t, search.ID)

	require.NoError(t, r.m.End("chatbot"))
	_, ok = r.m.CurrentID("chatbot")
	assert.False(t, ok, "ended")
	r.m.Close()
	_, ok = r.m.CurrentID("search")
	assert.False(t, ok, "closed")
}
