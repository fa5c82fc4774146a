package sqlite

import (
	"hash/maphash"
	"math"
)

// keyFilter remembers, approximately, every key the store holds, so that a commit can tell the
// keys it has certainly never seen (most of them, when data is first loaded) without asking the
// database. It answers "maybe" for every stored key and for about 1% of the others, which are
// then looked up as usual; it never answers "no" for a stored key. It only exists when it has
// seen every key: for a store that was empty when opened.
//
// It is a scalable Bloom filter: a series of filters, each twice the size of the previous one,
// so that it needs no size in advance.
type keyFilter struct {
	seed  maphash.Seed
	parts []*bloom
}

// bloom is one Bloom filter with a fixed capacity.
type bloom struct {
	bits     []uint64
	hashes   int
	n, limit int
}

const (
	keyFilterFirst = 1 << 16 // keys in the first part
	bitsPerKey     = 10      // about 1% false positives with 7 hashes
	bloomHashes    = 7
)

func newKeyFilter() *keyFilter { return &keyFilter{seed: maphash.MakeSeed()} }

func newBloom(limit int) *bloom {
	words := int(math.Ceil(float64(limit*bitsPerKey) / 64))
	return &bloom{bits: make([]uint64, words), hashes: bloomHashes, limit: limit}
}

// probes derives the filter positions of a key from two halves of one 64-bit hash.
func (b *bloom) probes(h uint64, fn func(word int, bit uint64) bool) bool {
	h1, h2 := uint32(h), uint32(h>>32)|1
	m := uint32(len(b.bits) * 64)
	for i := range uint32(b.hashes) {
		p := (h1 + i*h2) % m
		if !fn(int(p/64), 1<<(p%64)) {
			return false
		}
	}
	return true
}

func (f *keyFilter) add(key string) {
	if len(f.parts) == 0 || f.parts[len(f.parts)-1].n >= f.parts[len(f.parts)-1].limit {
		limit := keyFilterFirst
		if len(f.parts) > 0 {
			limit = 2 * f.parts[len(f.parts)-1].limit
		}
		f.parts = append(f.parts, newBloom(limit))
	}
	b := f.parts[len(f.parts)-1]
	b.probes(maphash.String(f.seed, key), func(w int, bit uint64) bool {
		b.bits[w] |= bit
		return true
	})
	b.n++
}

// mayContain reports false only for a key that was never added.
func (f *keyFilter) mayContain(key string) bool {
	h := maphash.String(f.seed, key)
	for _, b := range f.parts {
		if b.probes(h, func(w int, bit uint64) bool { return b.bits[w]&bit != 0 }) {
			return true
		}
	}
	return false
}
