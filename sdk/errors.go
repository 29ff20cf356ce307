package sdk

// Code is the stable, machine-readable kind of an [Error]. JavaScript sees it
// as the `code` property of rejected Errors, so the values never change.
type Code string

const (
	CodeInvalidArgument  Code = "INVALID_ARGUMENT"
	CodeInvalidKey       Code = "INVALID_KEY"
	CodeOriginNotAllowed Code = "ORIGIN_NOT_ALLOWED"
	CodeRateLimited      Code = "RATE_LIMITED"
	CodeServerError      Code = "SERVER_ERROR"
	CodeNetwork          Code = "NETWORK"
	CodeTimeout          Code = "TIMEOUT"
	CodeBadResponse      Code = "BAD_RESPONSE"
	CodeRefreshFailed    Code = "REFRESH_FAILED"
	CodeTokenExpired     Code = "TOKEN_EXPIRED"
	CodeSecretInBrowser  Code = "SECRET_IN_BROWSER"
	CodeClosed           Code = "CLOSED"
	CodeAborted          Code = "ABORTED"
	CodeSessionFailed    Code = "SESSION_FAILED"
	CodeInternal         Code = "INTERNAL"
)

// Error is every error the SDK returns to its users.
type Error struct {
	_         NoCompare
	Code      Code
	Message   string
	Status    int  // HTTP status that caused it, 0 when none
	Retryable bool // trying the same thing again later may succeed
	Cause     error
	// RetryAfter is how long the server asked to wait (Retry-After).
	RetryAfter Duration
}

func (e *Error) Error() string {
	s := string(e.Code) + ": " + e.Message
	if e.Status != 0 {
		s += " (HTTP " + Itoa(e.Status) + ")"
	}
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Cause }

// newError builds an [Error] without a status or cause.
func newError(code Code, msg string) *Error {
	return &Error{Code: code, Message: msg}
}

// AsError returns err as an *Error: context errors become TIMEOUT or
// CLOSED, other foreign errors INTERNAL, so callers always have a code.
func AsError(err error) *Error {
	if err == nil {
		return nil
	}
	for x := err; x != nil; x = unwrap(x) {
		switch x := x.(type) {
		case *Error:
			return x
		}
		if IsTimeout(x) || isCanceled(x) {
			return ContextError(x, nil)
		}
	}
	return &Error{Code: CodeInternal, Message: "unexpected error", Cause: err}
}

// unwrap is errors.Unwrap. errors.As and errors.Is would link reflectlite
// into the wasm; the SDK's errors form simple chains.
func unwrap(err error) error {
	if u, ok := err.(interface{ Unwrap() error }); ok {
		return u.Unwrap()
	}
	return nil
}

// As finds the first error of type T in err's chain.
func As[T error](err error) (T, bool) {
	for x := err; x != nil; x = unwrap(x) {
		if t, ok := x.(T); ok {
			return t, true
		}
	}
	var zero T
	return zero, false
}

// CodeOf returns the code of err, or "" when err is nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	return AsError(err).Code
}

// ContextError is the error of a wait that ended with its context: TIMEOUT
// for a deadline, CLOSED for a cancellation.
func ContextError(ctxErr, cause error) *Error {
	if IsTimeout(ctxErr) {
		return &Error{Code: CodeTimeout, Message: "timed out", Retryable: true, Cause: cause}
	}
	return &Error{Code: CodeClosed, Message: "cancelled", Cause: cause}
}

// PanicError keeps a recovered value as an error without fmt.
func PanicError(r any) error {
	switch v := r.(type) {
	case error:
		return v
	case string:
		return TextError(v)
	}
	return TextError("panic")
}

// TextError is errors.New, which would link reflection into the wasm (the
// errors package's init does).
func TextError(text string) error { return &textError{text} }

type textError struct{ s string }

func (e *textError) Error() string { return e.s }

// NoCompare, as a struct's blank field, makes the struct not comparable:
// the compiler then writes no equality function for it, which the wasm
// would carry although nothing compares these structs.
type NoCompare [0]func()
