package indicator

import (
	"encoding/binary"
	"hash/maphash"
	"strconv"
	"strings"
)

// numbers interns case numbers compactly. A normalised 案号 "（2024）闽0102民初1234号" is held as
// one uint64: the year, an index into a dictionary of the part between the year and the serial
// ("闽0102民初"; a province has a few thousand) and the serial. Numbers of another shape (sub-
// numbers, legacy forms) go to an arena and their code is the arena offset with the top bit set.
// An open-addressing table of int32 slots over the code column finds a number's row; the code
// itself is the key. The table grows by half when three quarters full, so it costs 5.3 to 8
// bytes per number (a power-of-two table at most half full would cost 8 to 16), and a bulk
// load ends by packing it to 72% (5.6 bytes), not fuller: every probe reads a code at
// random, so a fuller table slows each lookup (at 72%, about two probes for a number held),
// and the first numbers added after the load must not grow it at once.
//
// The same table interns other identifiers of the shape prefix + serial (mediation ids such as
// "M000012345"): a codec says how an identifier splits into head, middle and serial.
type numbers struct {
	codec  codec
	codes  []uint64 // by row
	middle []string // dictionary of middles
	midIdx map[string]uint32
	arena  []byte
	slots  []int32 // row+1, 0 empty
	filled int     // slots in use: an arena number takes two (hashesOf)
	seed   maphash.Seed
}

const (
	arenaBit   = uint64(1) << 63
	serialBits = 31
	middleBits = 20
)

// codec splits an identifier into a head below 4096, a middle and a serial below 2^31, and
// joins them back into exactly the identifier.
type codec struct {
	split func(s string) (head int, middle string, serial uint64, ok bool)
	join  func(head int, middle string, serial uint64) string
}

// caseNumbers is the codec of normalised 案号: the year, the middle, the serial.
var caseNumbers = codec{split: splitNumber, join: func(y int, mid string, serial uint64) string {
	return "（" + strconv.Itoa(y) + "）" + mid + strconv.FormatUint(serial, 10) + "号"
}}

// serialIDs is the codec of identifiers ending in a run of up to nine digits: the run's width
// (zero padding included), the prefix before it, the run's value.
var serialIDs = codec{split: splitSerialID, join: func(width int, prefix string, v uint64) string {
	d := strconv.FormatUint(v, 10)
	return prefix + strings.Repeat("0", max(width-len(d), 0)) + d
}}

func splitSerialID(s string) (int, string, uint64, bool) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	w := len(s) - i
	if w == 0 || w > 9 { // nine digits stay below 2^31
		return 0, "", 0, false
	}
	v, _ := strconv.ParseUint(s[i:], 10, 64)
	return w, s[:i], v, true
}

func newNumbers() *numbers { return newTable(caseNumbers) }

func newTable(c codec) *numbers {
	return &numbers{codec: c, midIdx: map[string]uint32{}, slots: make([]int32, 1024), seed: maphash.MakeSeed()}
}

func (n *numbers) len() int { return len(n.codes) }

// encode returns the code of s, adding a new middle or arena entry only when add is set.
func (n *numbers) encode(s string, add bool) (uint64, bool) {
	if y, mid, serial, ok := n.codec.split(s); ok {
		mi, known := n.midIdx[mid]
		if !known {
			if !add || len(n.middle) >= 1<<middleBits {
				return n.arenaCode(s, add)
			}
			mi = uint32(len(n.middle))
			n.middle = append(n.middle, mid)
			n.midIdx[mid] = mi
		}
		return uint64(y)<<(middleBits+serialBits) | uint64(mi)<<serialBits | uint64(serial), true
	}
	return n.arenaCode(s, add)
}

// arenaCode finds s in the arena through the table, or appends it.
func (n *numbers) arenaCode(s string, add bool) (uint64, bool) {
	if row, ok := n.findString(s); ok {
		return n.codes[row], true
	}
	if !add {
		return 0, false
	}
	off := uint64(len(n.arena))
	n.arena = binary.AppendUvarint(n.arena, uint64(len(s)))
	n.arena = append(n.arena, s...)
	return arenaBit | off, true
}

// splitNumber reads （YYYY）middle serial 号 where the serial has no leading zero and the middle
// does not end in a digit, so that the number is exactly rebuilt from its parts.
func splitNumber(s string) (year int, middle string, serial uint64, ok bool) {
	const open, close = "（", "）"
	if !strings.HasPrefix(s, open) || !strings.HasSuffix(s, "号") {
		return 0, "", 0, false
	}
	body := s[len(open) : len(s)-len("号")]
	if len(body) < 4+len(close)+2 || body[4:4+len(close)] != close {
		return 0, "", 0, false
	}
	y, err := strconv.Atoi(body[:4])
	if err != nil || y < 1000 || y > 4095 {
		return 0, "", 0, false
	}
	rest := body[4+len(close):]
	i := len(rest)
	for i > 0 && rest[i-1] >= '0' && rest[i-1] <= '9' {
		i--
	}
	digits := rest[i:]
	if i == 0 || digits == "" || digits[0] == '0' || len(digits) > 9 {
		return 0, "", 0, false
	}
	v, _ := strconv.ParseUint(digits, 10, 64)
	if v >= 1<<serialBits {
		return 0, "", 0, false
	}
	return y, rest[:i], v, true
}

// decode writes a code back as its number.
func (n *numbers) decode(c uint64) string {
	if c&arenaBit != 0 {
		off := c &^ arenaBit
		l, k := binary.Uvarint(n.arena[off:])
		return string(n.arena[off+uint64(k) : off+uint64(k)+l])
	}
	y := c >> (middleBits + serialBits)
	mid := (c >> serialBits) & (1<<middleBits - 1)
	serial := c & (1<<serialBits - 1)
	return n.codec.join(int(y), n.middle[mid], serial)
}

// at is the identifier of row r.
func (n *numbers) at(r int32) string { return n.decode(n.codes[r]) }

func (n *numbers) hash(c uint64) uint64 { return maphash.Comparable(n.seed, c) }

// find returns the row of number s, or -1.
func (n *numbers) find(s string) int32 {
	c, ok := n.encode(s, false)
	if !ok {
		return -1
	}
	return n.findCode(c)
}

// home is the slot a hash starts probing at: its high bits scaled to the table's size.
func (n *numbers) home(h uint64) int { return int((h >> 32) * uint64(len(n.slots)) >> 32) }

func (n *numbers) next(i int) int {
	if i++; i == len(n.slots) {
		return 0
	}
	return i
}

func (n *numbers) findCode(c uint64) int32 {
	for i := n.home(n.hash(c)); ; i = n.next(i) {
		r := n.slots[i]
		if r == 0 {
			return -1
		}
		if n.codes[r-1] == c {
			return r - 1
		}
	}
}

func (n *numbers) findString(s string) (int32, bool) {
	// Arena numbers are found by scanning their bucket chain with a string compare: their code
	// is the offset, unknown until found, so the chain is keyed by the string's hash instead.
	for i := n.home(maphash.String(n.seed, s)); ; i = n.next(i) {
		r := n.slots[i]
		if r == 0 {
			return -1, false
		}
		if c := n.codes[r-1]; c&arenaBit != 0 && n.decode(c) == s {
			return r - 1, true
		}
	}
}

// row returns the row of s, adding it (with the next row number) when new; fresh says so.
func (n *numbers) row(s string) (row int32, fresh bool) {
	c, _ := n.encode(s, true)
	if r := n.findCode(c); r >= 0 {
		return r, false
	}
	r := int32(len(n.codes))
	n.codes = append(n.codes, c)
	// The load factor counts slots, not rows: a table of foreign docket numbers (all in the
	// arena) would otherwise fill up, and a probe for an absent number never end.
	need := 1
	if c&arenaBit != 0 {
		need = 2
	}
	if 4*(n.filled+need) > 3*len(n.slots) {
		n.grow()
	} else {
		n.insert(r)
	}
	return r, true
}

func (n *numbers) slotHash(r int32) uint64 {
	c := n.codes[r]
	if c&arenaBit != 0 {
		return maphash.String(n.seed, n.decode(c))
	}
	return n.hash(c)
}

func (n *numbers) insert(r int32) {
	// Arena rows are also reachable by their code through findCode: both chains are tried.
	for _, h := range n.hashesOf(r) {
		for i := n.home(h); ; i = n.next(i) {
			if n.slots[i] == 0 {
				n.slots[i] = r + 1
				n.filled++
				break
			}
		}
	}
}

// hashesOf lists the table positions a row is filed under: its code's hash, and for arena
// numbers also the string's hash (findString looks there).
func (n *numbers) hashesOf(r int32) []uint64 {
	c := n.codes[r]
	if c&arenaBit != 0 {
		return []uint64{n.hash(c), n.slotHash(r)}
	}
	return []uint64{n.hash(c)}
}

func (n *numbers) grow() { n.resize(len(n.slots) + len(n.slots)/2) }

// pack shrinks the table to 72% full, after a bulk load.
func (n *numbers) pack() {
	if size := max(1024, n.filled*25/18+1); size < len(n.slots) {
		n.resize(size)
	}
}

func (n *numbers) resize(size int) {
	n.slots = make([]int32, size)
	n.filled = 0
	for r := range n.codes {
		n.insert(int32(r))
	}
}

// bytes is the memory the table takes.
func (n *numbers) bytes() int64 {
	return int64(cap(n.codes))*8 + int64(len(n.slots))*4 + int64(len(n.arena))
}
