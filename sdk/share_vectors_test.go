package sdk

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The tab protocol's vectors (testdata/share, docs/tab-protocol.md): the
// loader's tests read the same files, so that the two sides cannot drift.

// readVectors decodes testdata/share/name into v.
func readVectors(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "share", name))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, v), name)
}

// unixInstant is Unix seconds as the SDK reads an expiration.
func unixInstant(t *testing.T, sec float64) Instant {
	t.Helper()
	at, err := unixToInstant(sec)
	require.NoError(t, err)
	return at
}

func TestShareVectorsGroupKeys(t *testing.T) {
	var file struct {
		DefaultAuthURL string `json:"defaultAuthURL"`
		Cases          []struct {
			Name      string  `json:"name"`
			Mode      string  `json:"mode"`
			AuthURL   *string `json:"authURL"`
			APIKey    string  `json:"apiKey"`
			DomainKey string  `json:"domainKey"`
			Key       string  `json:"key"`
			Error     string  `json:"error"`
		} `json:"cases"`
	}
	readVectors(t, "group-keys.json", &file)
	require.NotEmpty(t, file.Cases)
	assert.Equal(t, DefaultAuthURL, file.DefaultAuthURL)
	for _, c := range file.Cases {
		t.Run(c.Name, func(t *testing.T) {
			require.Equal(t, c.Mode == "domain-key", c.DomainKey != "", "a Domain Key case has a domainKey, only it")
			authURL := "" // an option not given
			if c.AuthURL != nil {
				authURL = *c.AuthURL
			}
			opts, err := ParseOptions(map[string]any{"authURL": authURL})
			if c.Error != "" {
				require.Error(t, err)
				assert.Equal(t, Code(c.Error), AsError(err).Code)
				return
			}
			require.NoError(t, err)
			key := ShareGroup(opts.AuthURL, c.APIKey, c.DomainKey)
			require.NoError(t, err)
			assert.Equal(t, c.Key, key)
		})
	}
}

func TestShareVectorsLockNames(t *testing.T) {
	type lock struct {
		Name string `json:"name"`
		Mode string `json:"mode"`
	}
	var file struct {
		Prefix string `json:"prefix"`
		Cases  []struct {
			Name      string `json:"name"`
			GroupKey  string `json:"groupKey"`
			Instance  string `json:"instance"`
			Client    int    `json:"client"`
			From      string `json:"from"`
			MarkValue string `json:"markValue"`
			Channel   string `json:"channel"`
			Exchange  lock   `json:"exchange"`
			Peer      lock   `json:"peer"`
			Mark      lock   `json:"mark"`
		} `json:"cases"`
		Queries []struct {
			Name     string   `json:"name"`
			GroupKey string   `json:"groupKey"`
			Instance string   `json:"instance"`
			Held     []string `json:"held"`
			Pending  []string `json:"pending"`
			Marks    []string `json:"marks"`
		} `json:"queries"`
	}
	readVectors(t, "locks.json", &file)
	require.NotEmpty(t, file.Cases)
	groups := groupKeysOfVectors(t)
	for _, c := range file.Cases {
		t.Run(c.Name, func(t *testing.T) {
			assert.Contains(t, groups, c.GroupKey, "a group key sdk.ShareGroup makes")
			assert.Regexp(t, `^[0-9a-f]{16}\.$`, c.Instance)
			assert.Equal(t, c.Instance+decimal(c.Client), c.From)
			_, ok := ParseMark(c.MarkValue)
			assert.True(t, ok, "a mark sdk.Mark writes")
			channel := file.Prefix + c.GroupKey
			assert.Equal(t, channel, c.Channel)
			assert.Equal(t, lock{channel + "\nexchange", "exclusive"}, c.Exchange)
			assert.Equal(t, lock{channel + "\npeer\n" + c.From, "shared"}, c.Peer)
			assert.Equal(t, lock{channel + "\nmark\n" + c.From + "\n" + c.MarkValue, "shared"}, c.Mark)
		})
	}
	for _, q := range file.Queries {
		t.Run(q.Name, func(t *testing.T) {
			assert.Contains(t, groups, q.GroupKey)
			for _, name := range append(q.Held, q.Pending...) {
				assert.True(t, strings.HasPrefix(name, file.Prefix), name)
			}
			for _, m := range q.Marks {
				_, ok := ParseMark(m)
				assert.True(t, ok, m)
			}
		})
	}
}

// groupKeysOfVectors is every key group-keys.json names.
func groupKeysOfVectors(t *testing.T) []string {
	var file struct {
		Cases []struct {
			Key string `json:"key"`
		} `json:"cases"`
	}
	readVectors(t, "group-keys.json", &file)
	var keys []string
	for _, c := range file.Cases {
		if c.Key != "" {
			keys = append(keys, c.Key)
		}
	}
	return keys
}

func decimal(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestShareVectorsFingerprintsAndMarks(t *testing.T) {
	var file struct {
		Cases []struct {
			AccessToken string   `json:"accessToken"`
			Fingerprint string   `json:"fingerprint"`
			Expiration  *float64 `json:"expiration"`
			Mark        string   `json:"mark"`
		} `json:"cases"`
		BadFingerprints []string `json:"badFingerprints"`
		BadMarks        []string `json:"badMarks"`
	}
	readVectors(t, "fingerprints.json", &file)
	require.NotEmpty(t, file.Cases)
	for _, c := range file.Cases {
		tok := &Token{AccessToken: c.AccessToken}
		if c.Expiration != nil {
			tok.Expiry = unixInstant(t, *c.Expiration)
		}
		fp := FingerprintOf(tok)
		assert.Equal(t, c.Fingerprint, fp.String(), c.AccessToken)
		back, ok := ParseFingerprint(c.Fingerprint)
		assert.True(t, ok)
		assert.Equal(t, fp, back)

		m := MarkOf(tok)
		assert.Equal(t, c.Mark, m.String(), "%s, %v", c.AccessToken, c.Expiration)
		parsed, ok := ParseMark(c.Mark)
		assert.True(t, ok)
		assert.Equal(t, m, parsed)
		if c.Expiration != nil {
			assert.Equal(t, Instant(math.Ceil(*c.Expiration))*Instant(Second), m.Expiry, "the expiry rounded up to the second")
		}
	}
	for _, bad := range file.BadFingerprints {
		_, ok := ParseFingerprint(bad)
		assert.False(t, ok, "%q", bad)
	}
	for _, bad := range file.BadMarks {
		_, ok := ParseMark(bad)
		assert.False(t, ok, "%q", bad)
	}
}

// peerVerdict is what a page makes of a token another page sent (value as
// the hub hands it over), knowing known: "believed", or the PeerRefusal.
// It is what Shared does: ParsePeerToken, then the group's origins.
func peerVerdict(value any, now Instant, known map[string]string) string {
	tok, err := ParsePeerToken(value, now)
	if err != nil {
		return string(err.(PeerRefusal))
	}
	if known != nil {
		if err := checkOrigins(tok, originsOf(known)); err != nil {
			return string(err.(PeerRefusal))
		}
	}
	return "believed"
}

// vectorKnown is a case's own known apis (JSON null: none known) when it
// has one, else the file's.
func vectorKnown(t *testing.T, own json.RawMessage, file map[string]string) map[string]string {
	t.Helper()
	if own == nil {
		return file
	}
	var known map[string]string
	require.NoError(t, json.Unmarshal(own, &known))
	return known
}

func TestShareVectorsPeerTokens(t *testing.T) {
	var file struct {
		Now           float64           `json:"now"`
		MaxSharedLife float64           `json:"maxSharedLife"`
		Known         map[string]string `json:"known"`
		Cases         []struct {
			Name    string          `json:"name"`
			Known   json.RawMessage `json:"known"`
			Token   any             `json:"token"`
			Verdict string          `json:"verdict"`
		} `json:"cases"`
		Records []struct {
			Name   string         `json:"name"`
			Token  map[string]any `json:"token"`
			Record map[string]any `json:"record"`
		} `json:"records"`
	}
	readVectors(t, "peer-tokens.json", &file)
	require.NotEmpty(t, file.Cases)
	assert.Equal(t, MaxSharedLife, Duration(file.MaxSharedLife)*Second)
	now := unixInstant(t, file.Now)
	for _, c := range file.Cases {
		t.Run(c.Name, func(t *testing.T) {
			assert.Equal(t, c.Verdict, peerVerdict(c.Token, now, vectorKnown(t, c.Known, file.Known)))
		})
	}
	for _, r := range file.Records {
		t.Run(r.Name, func(t *testing.T) {
			tok, err := ParseHookAnswer(r.Token, nil, now)
			require.NoError(t, err)
			if sec, ok := r.Token["obtained"].(float64); ok {
				tok.Obtained = unixInstant(t, sec)
			} else {
				tok.Obtained = 0
			}
			record := map[string]any{}
			kv := PeerRecord(tok)
			require.Zero(t, len(kv)%2)
			for i := 0; i < len(kv); i += 2 {
				v := kv[i+1]
				if apis, ok := v.(map[string]string); ok {
					m := map[string]any{}
					for k, u := range apis {
						m[k] = u
					}
					v = m
				}
				record[kv[i].(string)] = v
			}
			assert.Equal(t, r.Record, record)
			back, err := ParsePeerToken(record, now)
			require.NoError(t, err, "a page reads back what a page writes")
			assert.Equal(t, tok.AccessToken, back.AccessToken)
			assert.Equal(t, tok.Expiry, back.Expiry)
			assert.Equal(t, tok.APIs, back.APIs)
		})
	}
}

func TestShareVectorsMessages(t *testing.T) {
	var file struct {
		Instance   string            `json:"instance"`
		Client     int               `json:"client"`
		From       string            `json:"from"`
		PendingAsk string            `json:"pendingAsk"`
		Now        float64           `json:"now"`
		Known      map[string]string `json:"known"`
		Cases      []struct {
			Name     string          `json:"name"`
			Message  any             `json:"message"`
			Hub      string          `json:"hub"`
			Delivers json.RawMessage `json:"delivers"`
			Go       string          `json:"go"`
		} `json:"cases"`
	}
	readVectors(t, "messages.json", &file)
	require.NotEmpty(t, file.Cases)
	assert.Equal(t, file.Instance+decimal(file.Client), file.From)
	now := unixInstant(t, file.Now)
	for _, c := range file.Cases {
		t.Run(c.Name, func(t *testing.T) {
			var delivered any // undefined (no delivers) reaches Go as nil, as null does
			if c.Delivers != nil {
				require.NoError(t, json.Unmarshal(c.Delivers, &delivered))
			}
			switch c.Hub {
			case "delivers-token", "replies":
				if c.Delivers != nil {
					msg, _ := c.Message.(map[string]any)
					assert.Equal(t, msg["token"], delivered, "the hub hands over a copy of the message's token")
				}
				if c.Hub == "replies" && delivered == nil {
					assert.Empty(t, c.Go, "an answer with no token gives Go nothing")
					return
				}
				assert.Equal(t, c.Go, peerVerdict(delivered, now, file.Known))
			case "delivers-refused":
				s, _ := delivered.(string)
				_, ok := ParseFingerprint(s)
				assert.Equal(t, c.Go, map[bool]string{true: "doubted", false: "ignored"}[ok])
			case "answers", "ignored":
				assert.Empty(t, c.Go, "Go hears nothing of it")
			default:
				t.Fatalf("unknown hub verdict %q", c.Hub)
			}
		})
	}
}
