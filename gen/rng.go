package gen

import "math/bits"

// rng is a splitmix64 generator. The generator needs many independent streams (one per matter
// and purpose) that are cheap to create and identical on every platform, so it uses integer
// arithmetic only: no draw goes through a floating-point library function.
type rng struct{ s uint64 }

const golden = 0x9e3779b97f4a7c15

func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// stream names keep the streams of one matter apart.
const (
	streamFlow uint64 = iota + 1
	streamAnomaly
	streamRef
	streamHot
)

// newRNG returns the stream for (seed, purpose, index).
func newRNG(seed int64, stream, index uint64) rng {
	return rng{s: mix64(uint64(seed)^mix64(stream*golden)) + mix64(index+stream<<56)}
}

func (r *rng) u64() uint64 {
	r.s += golden
	return mix64(r.s)
}

// intn returns a number in [0, n); n ≤ 0 gives 0.
func (r *rng) intn(n int) int {
	if n <= 1 {
		return 0
	}
	hi, _ := bits.Mul64(r.u64(), uint64(n))
	return int(hi)
}

// between returns a number in [lo, hi], both included.
func (r *rng) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.intn(hi-lo+1)
}

// chance reports true with probability p. p·2^53 is exact for any float, so the comparison
// is the same everywhere.
func (r *rng) chance(p float64) bool {
	switch {
	case p <= 0:
		return false
	case p >= 1:
		return true
	}
	return r.u64()>>11 < uint64(p*(1<<53))
}

// bucket draws from equal-probability buckets: a neighbouring pair of b picked at random,
// then a value uniformly between them.
func (r *rng) bucket(b []int) int {
	switch len(b) {
	case 0:
		return 0
	case 1:
		return b[0]
	}
	i := r.intn(len(b) - 1)
	return r.between(b[i], b[i+1])
}

// pick returns a uniformly chosen element.
func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// count draws a count with the given mean: its integer part plus one more with the
// probability of its fraction.
func (r *rng) count(mean float64) int {
	n := int(mean)
	if r.chance(mean - float64(n)) {
		n++
	}
	return n
}

// hashChance is a Bernoulli draw that depends only on its keys, for decisions that several
// matters must agree on without talking to each other (a hot division-month, a hot judge).
func hashChance(seed int64, p float64, keys ...uint64) bool {
	r := rng{s: mix64(uint64(seed) ^ mix64(streamHot))}
	for _, k := range keys {
		r.s = mix64(r.s + k*golden)
	}
	return r.chance(p)
}
