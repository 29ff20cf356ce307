//go:build !(js && wasm)

package engine

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/coder/websocket"
)

// bidiReply is any message Firefox sends: a command's result or error, or an event.
type bidiReply struct {
	Type    string          `json:"type"` // success, error or event
	ID      int             `json:"id"`
	Result  json.RawMessage `json:"result"`
	Error   string          `json:"error"`
	Message string          `json:"message"`
	Method  string          `json:"method"`
	Params  json.RawMessage `json:"params"`
}

// call sends one BiDi command and decodes its result into res (if not nil).
func (f *firefox) call(ctx context.Context, method string, params, res any) error {
	f.mu.Lock()
	if f.lost != nil {
		f.mu.Unlock()
		return f.lost
	}
	f.nextID++
	id, reply := f.nextID, make(chan bidiReply, 1)
	f.pending[id] = reply
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		delete(f.pending, id)
		f.mu.Unlock()
	}()

	msg, err := json.Marshal(map[string]any{"id": id, "method": method, "params": params})
	if err != nil {
		return err
	}
	if err := f.conn.Write(ctx, websocket.MessageText, msg); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case r, ok := <-reply:
		if !ok {
			return fmt.Errorf("%s: %w", method, f.lost)
		}
		if r.Type == "error" {
			return fmt.Errorf("%s: %s: %s", method, r.Error, r.Message)
		}
		if res == nil {
			return nil
		}
		return json.Unmarshal(r.Result, res)
	case <-ctx.Done():
		return fmt.Errorf("%s: %w", method, ctx.Err())
	}
}

// read hands replies to their callers and console entries to their pages,
// until the connection ends.
func (f *firefox) read() {
	for {
		_, data, err := f.conn.Read(context.Background())
		if err != nil {
			f.mu.Lock()
			f.lost = fmt.Errorf("firefox connection lost: %w", err)
			for id, c := range f.pending {
				close(c)
				delete(f.pending, id)
			}
			f.mu.Unlock()
			return
		}
		var r bidiReply
		if json.Unmarshal(data, &r) != nil {
			continue
		}
		if r.Type == "event" {
			if r.Method == "log.entryAdded" {
				f.logEntry(r.Params)
			}
			continue
		}
		f.mu.Lock()
		c := f.pending[r.ID]
		delete(f.pending, r.ID)
		f.mu.Unlock()
		if c != nil {
			c <- r
		}
	}
}

func (f *firefox) logEntry(params json.RawMessage) {
	var e struct {
		Type   string `json:"type"`   // console or javascript (an uncaught error)
		Method string `json:"method"` // log, warn, ...
		Text   string `json:"text"`
		Source struct {
			Context string `json:"context"`
		} `json:"source"`
	}
	if json.Unmarshal(params, &e) != nil {
		return
	}
	f.mu.Lock()
	p := f.pages[e.Source.Context]
	f.mu.Unlock()
	if p == nil {
		return
	}
	if e.Type == "javascript" {
		e.Method = "exception"
	}
	p.emit(e.Method, e.Text)
}
