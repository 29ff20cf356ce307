package sdk

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseOptions(t *testing.T) {
	opts, err := ParseOptions(nil)
	require.NoError(t, err)
	assert.Equal(t, Options{AuthURL: DefaultAuthURL, Leeway: -1, RefreshTimeout: -1, RefreshWindow: -1, ShareAcrossTabs: true,
		Headers: ProductHeaders{Environment: EnvProduction}, Persist: PersistMemory}, opts, "the defaults")

	opts, err = ParseOptions(decode(t, `{"authURL":"https://api-eu.inbenta.io/v1//"}`))
	require.NoError(t, err)
	assert.Equal(t, "https://api-eu.inbenta.io/v1", opts.AuthURL, "the base, normalized once")

	opts, err = ParseOptions(decode(t, `{"authURL":"https://api-eu.inbenta.io/v1","leeway":2.5,"refreshTimeout":3,
		"refreshWindow":90,"expiration":1800000000.5,"refresh":null,"apis":{"chatbot":"https://h/prod/chatbot"},
		"lang":"es-MX","labels":{"es":{"REFRESH_TITLE":"T"}},"unknown":1}`))
	require.NoError(t, err)
	assert.Equal(t, "https://api-eu.inbenta.io/v1", opts.AuthURL)
	assert.Equal(t, 2500*Millisecond, opts.Leeway)
	assert.Equal(t, 3*Second, opts.RefreshTimeout)
	assert.Equal(t, 90*Second, opts.RefreshWindow)
	assert.Equal(t, Instant(1800000000*Second+500*Millisecond), opts.Expiration)
	assert.Equal(t, map[string]string{"chatbot": "https://h/prod/chatbot"}, opts.APIs)
	assert.Equal(t, "es-MX", opts.Lang)
	assert.Equal(t, "T", opts.Labels.PerLang["es"][LabelTitle])
	assert.True(t, opts.ShareAcrossTabs, "sharing is on unless the page turns it off")

	opts, err = ParseOptions(decode(t, `{"shareAcrossTabs":false}`))
	require.NoError(t, err)
	assert.False(t, opts.ShareAcrossTabs)

	for src, want := range map[string]Persistence{`{"persist":"session"}`: PersistSession,
		`{"persist":"memory"}`: PersistMemory, `{"persist":null}`: PersistMemory, `{}`: PersistMemory} {
		opts, err = ParseOptions(decode(t, src))
		require.NoError(t, err, src)
		assert.Equal(t, want, opts.Persist, src)
	}

	for src, code := range map[string]Code{
		`"str"`:                          CodeInvalidArgument,
		`[]`:                             CodeInvalidArgument,
		`{"authURL":1}`:                  CodeInvalidArgument,
		`{"authURL":"/v1"}`:              CodeInvalidArgument,
		`{"authURL":"javascript:x"}`:     CodeInvalidArgument,
		`{"authURL":"ftp://h/v1"}`:       CodeInvalidArgument,
		`{"authURL":"https:///v1"}`:      CodeInvalidArgument,
		`{"authURL":"https://h/v1?x=1"}`: CodeInvalidArgument,
		`{"leeway":"1"}`:                 CodeInvalidArgument,
		`{"leeway":-1}`:                  CodeInvalidArgument,
		`{"leeway":1e9}`:                 CodeInvalidArgument,
		`{"expiration":"1800000000"}`:    CodeInvalidArgument,
		`{"expiration":-5}`:              CodeInvalidArgument,
		`{"refreshTimeout":0}`:           CodeInvalidArgument,
		`{"apis":{"chatbot":"ftp://x"}}`: CodeInvalidArgument,
		`{"apis":"https://x"}`:           CodeInvalidArgument,
		`{"lang":5}`:                     CodeInvalidArgument,
		`{"shareAcrossTabs":"false"}`:    CodeInvalidArgument,
		`{"shareAcrossTabs":0}`:          CodeInvalidArgument,
		`{"labels":[]}`:                  CodeInvalidArgument,
		`{"persist":"local"}`:            CodeInvalidArgument,
		`{"persist":"Session"}`:          CodeInvalidArgument,
		`{"persist":true}`:               CodeInvalidArgument,
		`{"persist":""}`:                 CodeInvalidArgument,
		`{"secret":"x"}`:                 CodeSecretInBrowser,
		`{"clientSecret":null}`:          CodeSecretInBrowser,
		`{"SECRET":"x","authURL":5}`:     CodeSecretInBrowser,
	} {
		_, err := ParseOptions(decode(t, src))
		assert.Equal(t, code, CodeOf(err), src)
	}
}

func TestParseProductHeaders(t *testing.T) {
	opts, err := ParseOptions(nil)
	require.NoError(t, err)
	assert.Equal(t, ProductHeaders{Environment: EnvProduction}, opts.Headers)
	assert.Equal(t, []string{"x-inbenta-env", "production", "x-inbenta-user-type", "0"}, opts.Headers.Pairs(),
		"the defaults are sent, as Inbenta's SDKs send them; no source unless set")

	opts, err = ParseOptions(decode(t, `{"environment":"development","userType":12,"source":"help-center v2"}`))
	require.NoError(t, err)
	assert.Equal(t, ProductHeaders{Environment: EnvDevelopment, UserType: 12, Source: "help-center v2"}, opts.Headers)
	assert.Equal(t, []string{"x-inbenta-env", "development", "x-inbenta-user-type", "12", "x-inbenta-source", "help-center v2"},
		opts.Headers.Pairs())

	opts, err = ParseOptions(decode(t, `{"environment":null,"userType":999,"source":""}`))
	require.NoError(t, err)
	assert.Equal(t, ProductHeaders{Environment: EnvProduction, UserType: 999}, opts.Headers, "null and empty mean not set")
	assert.Equal(t, []string{"x-inbenta-env", "production", "x-inbenta-user-type", "0"}, ProductHeaders{}.Pairs())

	for src, says := range map[string]string{
		`{"environment":"prod"}`:                        "'production' (the default) or 'development'",
		`{"environment":"Production"}`:                  "'production' (the default) or 'development'",
		`{"environment":1}`:                             "options.environment must be a string",
		`{"userType":-1}`:                               "whole number from 0 to 999",
		`{"userType":1000}`:                             "whole number from 0 to 999",
		`{"userType":1.5}`:                              "whole number from 0 to 999",
		`{"userType":"1"}`:                              "whole number from 0 to 999",
		`{"userType":true}`:                             "whole number from 0 to 999",
		`{"userType":1700000000}`:                       "whole number from 0 to 999",
		`{"source":7}`:                                  "options.source must be a string",
		`{"source":"web\n"}`:                            "printable ASCII",
		`{"source":"m\u00f3vil"}`:                       "printable ASCII",
		`{"source":" web"}`:                             "not starting or ending with a space",
		`{"source":"` + strings.Repeat("s", 129) + `"}`: "at most 128",
	} {
		_, err := ParseOptions(decode(t, src))
		e := AsError(err)
		require.NotNil(t, e, src)
		assert.Equal(t, CodeInvalidArgument, e.Code, src)
		assert.Contains(t, e.Message, says, src)
	}
	_, err = ParseOptions(decode(t, `{"source":"`+strings.Repeat("s", 128)+`"}`))
	assert.NoError(t, err)
}
