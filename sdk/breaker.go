package sdk

// A server that keeps refusing tokens must not turn every call into a
// refresh: at most DefaultBreakerMax refreshes per DefaultBreakerPeriod.
const (
	DefaultBreakerMax    = 3
	DefaultBreakerPeriod = Minute
)

// breaker allows at most max refreshes in any period; max <= 0 allows all.
// The first token is no refresh: the Keeper does not ask.
type breaker struct {
	max    int
	period Duration
	starts []Instant // recent allowed starts
}

// allow counts a refresh starting at now, or refuses it with
// REFRESH_FAILED. Starts dated after now (the clock moved back) are
// forgotten, so a clock change cannot keep the breaker open.
func (b *breaker) allow(now Instant) error {
	if b.max <= 0 {
		return nil
	}
	recent := b.starts[:0]
	for _, t := range b.starts {
		if now.Sub(t) < b.period && t <= now {
			recent = append(recent, t)
		}
	}
	b.starts = recent
	if len(recent) >= b.max {
		return &Error{Code: CodeRefreshFailed, Retryable: true,
			Message: "too many refreshes: at most " + Itoa(b.max) + " per " + seconds(b.period)}
	}
	b.starts = append(b.starts, now)
	return nil
}

// seconds writes d as whole seconds ("60 s"), for messages: Duration has
// no String, which would need fmt-like formatting.
func seconds(d Duration) string { return Itoa(int(d/Second)) + " s" }
