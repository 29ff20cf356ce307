//go:build browser

package browsertest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
)

func TestClientEvents(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	require.True(t, eval[bool](f, `(async () => {
		// The creation's own token event goes to listeners added within a
		// task of getting the client; a loaded machine may run this sooner.
		await new Promise(r => setTimeout(r, 50));
		window.seen = [];
		const log = (name) => (d) => seen.push({name, expiration: d.expiration, chatbot: d.apis && d.apis.chatbot, code: d.code});
		window.onToken = log('token');
		await client.on('token', onToken);
		await client.on('token', onToken); // twice: still one listener
		await client.on('expired', log('expired'));
		await client.on('refresh-error', log('refresh-error'));
		await client.on('token', () => { throw new Error('listener bug'); });
		return true;
	})()`))

	f.advanceClocks(2 * time.Hour)
	allOK(t, callChatbot(f, 3, true), 3)
	seen := eval[[]map[string]any](f, `seen`)
	require.Len(t, seen, 2, "%v", seen)
	assert.Equal(t, "expired", seen[0]["name"])
	assert.Equal(t, "token", seen[1]["name"])
	assert.Equal(t, f.api.URL+"/prod/chatbot", seen[1]["chatbot"])
	assert.Greater(t, seen[1]["expiration"], seen[0]["expiration"])

	// A refresh that cannot succeed: the key is refused from now on.
	require.True(t, eval[settled](f, `e2e.settle(client.off('token', onToken))`).OK)
	f.api.FailAll("auth", authtest.Fault{Status: 403})
	f.advanceClocks(2 * time.Hour)
	eval[any](f, `Promise.all([1, 2, 3].map(() => e2e.settle(client.accessToken())))`)
	seen = eval[[]map[string]any](f, `seen`)
	require.Len(t, seen, 4, "%v", seen)
	assert.Equal(t, "expired", seen[2]["name"])
	assert.Equal(t, "refresh-error", seen[3]["name"])
	assert.Equal(t, "ORIGIN_NOT_ALLOWED", seen[3]["code"])
	assert.Equal(t, 1, notification(f).Count, "a listener does not replace the notification")

	bad := eval[settled](f, `e2e.settle(client.on('tokens', () => {}))`)
	assert.Equal(t, "INVALID_ARGUMENT", rejection(t, bad).Code)
	bad = eval[settled](f, `e2e.settle(client.on('token', 'not a function'))`)
	assert.Equal(t, "INVALID_ARGUMENT", rejection(t, bad).Code)
}
