//go:build browser

package browsertest

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
	"github.com/inbenta-community/inbenta-auth/web/devserver"
)

// chatMessages are the requests of messages the emulated chatbot received.
func chatMessages(d *devserver.Server) []authtest.Request {
	var out []authtest.Request
	for _, r := range d.API.Requests("chatbot") {
		if r.Path == "/prod/chatbot/v1/conversation/message" {
			out = append(out, r)
		}
	}
	return out
}

// chat sends message from the Chat panel, and waits until its answer, or
// its error, shows.
func (p *demoPage) chat(message string) {
	p.t.Helper()
	answered := `document.querySelectorAll('#chat-log .chat-msg[data-from="bot"], #chat-log .chat-msg[data-from="error"]').length`
	before := demoEval[int](p, answered)
	poll(p.t, p.page, `!document.getElementById('chat-send').disabled`)
	demoEval[any](p, js(`document.getElementById('chat-input').value = %s`, message))
	p.click(`#chat-send`)
	poll(p.t, p.page, fmt.Sprintf(`%s > %d && !document.getElementById('chat-send').disabled`, answered, before))
}

// lastBubble is the text of the conversation's newest bubble from whom.
func (p *demoPage) lastBubble(from string) string {
	p.t.Helper()
	return demoEval[string](p, js(`(l => l.length ? l[l.length - 1].textContent : '')(document.querySelectorAll('#chat-log .chat-msg[data-from=' + %s + ']'))`, from))
}

// newestInSight is a JS expression: the conversation's newest bubble shows
// whole inside the log's scrolled box.
const newestInSight = `(l => {
	const b = l.lastElementChild.getBoundingClientRect(), box = l.getBoundingClientRect();
	return b.bottom <= box.bottom + 1 && b.top >= box.top - 1;
})(document.getElementById('chat-log'))`

// TestDemoChatHoldsAConversationAndRenewsItWhenItExpires: the Chat panel
// holds one conversation through client.session('chatbot'); the
// expire-session fault expires it at the emulator, and the next message
// shows the SDK's one new session and one replay for what they are. The
// code the panel shows runs as shown.
func TestDemoChatHoldsAConversationAndRenewsItWhenItExpires(t *testing.T) {
	static := demoCopy(t)
	d := startDevServerWith(t, devserver.Config{StaticDir: static, CSP: devserver.CSPInline})
	p := openDemoOn(t, d, "/")
	create := p.codeOf("create")
	assert.Equal(t, "—", demoEval[string](p, `document.getElementById('chat-session').textContent`))

	p.chat("hello")
	p.chat("second")
	assert.Equal(t, 1, d.API.SessionStarts("chatbot"), "one conversation for two messages")
	assert.Equal(t, map[int]int{1: 2}, d.API.SessionsUsed("chatbot"), "both messages in it")
	assert.Equal(t, `You said "second". This is the emulated chatbot.`, p.lastBubble("bot"))
	assert.Equal(t, "1", demoEval[string](p, `document.getElementById('chat-session').textContent`))
	assert.Equal(t, 1, p.entries(1, `[data-kind="session"]`), "its start in the timeline:\n%s", p.events())
	messages := `[data-kind="call"][data-product="chatbot"][data-path="/v1/conversation/message"]`
	assert.Equal(t, 2, p.entries(2, messages+`[data-status="200"]`), "a call entry each:\n%s", p.events())
	assert.Equal(t, 1, p.entries(1, `[data-kind="call"][data-path="/v1/conversation"]`), "the SDK's start of the conversation")

	p.arm("expire-session")
	assert.Equal(t, "expire-session", demoEval[string](p, `document.getElementById('faults').dataset.armed`))
	p.chat("third")
	assert.Equal(t, 2, d.API.SessionStarts("chatbot"), "one new conversation")
	assert.Equal(t, map[int]int{1: 2, 2: 1}, d.API.SessionsUsed("chatbot"), "the third message in the new one")
	sent := chatMessages(d)
	require.Len(t, sent, 4, "the third message refused once and replayed once")
	assert.NotEqual(t, sent[2].Header.Get("x-inbenta-session"), sent[3].Header.Get("x-inbenta-session"), "the replay carried the new session")
	assert.Equal(t, sent[2].Body, sent[3].Body, "the same message")
	assert.Equal(t, 1, d.API.Count("auth"), "the token stayed good: no exchange")

	// What the page shows: the answer, the new conversation, the replay.
	assert.Equal(t, `You said "third". This is the emulated chatbot.`, p.lastBubble("bot"))
	assert.Contains(t, p.lastBubble("note"), "New conversation (2)")
	assert.Contains(t, p.lastBubble("you"), "sent again in conversation 2")
	assert.Equal(t, "2", demoEval[string](p, `document.getElementById('chat-session').textContent`))
	assert.Equal(t, 1, p.entries(1, `[data-kind="session"].warn`), "the renewal in the timeline:\n%s", p.events())
	assert.Equal(t, 2, p.entries(2, `[data-kind="call"][data-path="/v1/conversation"]`), "the SDK's new start, an entry of its own")
	assert.Contains(t, demoEval[string](p, `document.querySelector('#log .entry[data-kind="session"]').textContent`), "New conversation · expired")
	replayed := messages + `[data-attempts="2"][data-status="200"]`
	require.Equal(t, 1, p.entries(1, replayed), "the message, refused and replayed:\n%s", p.events())
	assert.Contains(t, demoEval[string](p, `document.querySelector('#log .entry`+replayed+` .detail').textContent`),
		"400→200 Session expired: replayed in conversation 2")
	assert.Empty(t, demoEval[string](p, `document.getElementById('faults').dataset.armed || ''`), "met, and disarmed")
	assert.Equal(t, "ready", demoEval[string](p, `document.body.dataset.state`))
	// A phone's width makes the bubbles taller: the newest stays in sight.
	p.setWidth(375)
	poll(t, p.page, newestInSight)
	p.screenshotsOf("chat", "#chat")

	// The code behind the message, with the message, runs as shown.
	code := p.codeOf("chat")
	assert.Contains(t, code, "const chat = await client.session('chatbot');")
	assert.Contains(t, code, "JSON.stringify({ message: 'third' })")
	starts := d.API.SessionStarts("chatbot")
	runShown(t, d, static, create+"\n"+code)
	assert.Equal(t, starts+1, d.API.SessionStarts("chatbot"), "the shown code started a conversation")
	sent = chatMessages(d)
	require.Len(t, sent, 5)
	assert.JSONEq(t, `{"message":"third"}`, sent[4].Body)
	assert.Equal(t, d.SiteURL, sent[4].Origin)
}
