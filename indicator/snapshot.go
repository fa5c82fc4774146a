package indicator

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"

	"github.com/qingfeng-court/qingfeng"
)

// A snapshot is the engine's data written to one file, so that a restart reads it and the
// log entries after it instead of replaying the whole log: the columns, key tables, kept
// events, derived facts (the clock's results) and the aggregates, so that neither the clock
// nor the aggregation pass runs again at start. The file starts with snapMagic and a JSON header (format, the
// definitions' fingerprint, the log position it covers) and ends with a CRC-32C of all that
// precedes it. A file of another format, other definitions or a damaged one is refused.
const (
	snapMagic  = "QFINDSNP"
	snapFormat = 2
)

// snapHeader says what a snapshot covers.
type snapHeader struct {
	Format      int      `json:"format"`
	Config      string   `json:"config"` // configFingerprint of the engine that wrote it
	Packs       []string `json:"packs"`  // id@version, for people reading the file
	Seq         int64    `json:"seq"`
	SeqHash     string   `json:"seq_hash"` // the log entry Seq's hash: the store must still hold it
	Proceedings int      `json:"proceedings"`
}

// configFingerprint names what the engine's derived data depends on besides the log: the
// packs (the columns, event types and age thresholds they compile to), the time-limit table
// and the holiday calendar (the clock's facts), the first month kept.
func (e *Engine) configFingerprint(cfg Config) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	_ = enc.Encode(snapFormat)
	for _, p := range cfg.Packs {
		_ = enc.Encode(p)
	}
	_ = enc.Encode(e.evTypes)
	_ = enc.Encode(e.ages)
	if cfg.Limits != nil {
		_ = enc.Encode(cfg.Limits.All())
	}
	if cfg.Calendar != nil {
		for _, y := range cfg.Calendar.Years() {
			_ = enc.Encode(cfg.Calendar.Holidays(y))
		}
	}
	_ = enc.Encode(e.cells.floor)
	return hex.EncodeToString(h.Sum(nil))
}

// WriteSnapshot writes the engine's data to path: to a temporary file beside it, synced, then
// renamed over path, so that a reader finds the old file or the new one, never a part.
func (e *Engine) WriteSnapshot(path string) (err error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("indicator snapshot: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = fmt.Errorf("indicator snapshot %s: %w", path, err)
		}
	}()
	s := newSnapWriter(tmp)
	s.bytes([]byte(snapMagic))
	hdr := snapHeader{Format: snapFormat, Config: e.config, Seq: e.seq, SeqHash: e.seqHash, Proceedings: e.proceedings()}
	for _, id := range e.order {
		hdr.Packs = append(hdr.Packs, id+"@"+e.packs[id].Version)
	}
	js, err := json.Marshal(hdr)
	if err != nil {
		return err
	}
	s.str(string(js))
	e.writeState(s)
	if err := s.finish(); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// readSnapshot replaces the engine's data with the snapshot's. The file is read once, its
// checksum computed on the way and compared at the end; when anything fails, a second pass
// over the checksum alone says whether the file is damaged, the likelier reason. On an error
// the data is in no useful state: the caller resets it.
func (e *Engine) readSnapshot(path string) (hdr snapHeader, err error) {
	f, err := os.Open(path)
	if err != nil {
		return hdr, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return hdr, err
	}
	size := st.Size() - 4
	if size < int64(len(snapMagic)) {
		return hdr, errors.New("too short to be a snapshot")
	}
	s := &snapReader{r: bufio.NewReaderSize(f, 1<<20), left: size, sum: crc32.New(castagnoli)}
	if hdr, err = e.readBody(s); err == nil {
		err = s.checkSum()
	}
	if err != nil {
		if verr := verifySnapshot(f, size); verr != nil {
			return hdr, verr
		}
		return hdr, err
	}
	e.seq, e.seqHash = hdr.Seq, hdr.SeqHash
	return hdr, e.checkState()
}

// readBody reads the magic, the header and the engine's data.
func (e *Engine) readBody(s *snapReader) (hdr snapHeader, err error) {
	if m := s.bytes(len(snapMagic)); s.err == nil && string(m) != snapMagic {
		return hdr, errors.New("not an indicator snapshot")
	}
	js := s.str()
	if s.err != nil {
		return hdr, s.err
	}
	if err := json.Unmarshal([]byte(js), &hdr); err != nil {
		return hdr, fmt.Errorf("header: %w", err)
	}
	if hdr.Format != snapFormat {
		return hdr, fmt.Errorf("format %d, this engine reads %d", hdr.Format, snapFormat)
	}
	if hdr.Config != e.config {
		return hdr, errors.New("written with other definitions (packs, time limits or calendar)")
	}
	defer func() { // a column that contradicts another: damage, or a writer's bug
		if r := recover(); r != nil {
			err = fmt.Errorf("inconsistent data: %v", r)
		}
	}()
	e.readState(s)
	if s.err == nil && s.left != 0 {
		s.err = fmt.Errorf("%d bytes left over", s.left)
	}
	return hdr, s.err
}

// verifySnapshot checks the checksum of the file's first size bytes against the four after.
func verifySnapshot(f *os.File, size int64) error {
	sum := crc32.New(castagnoli)
	if _, err := io.Copy(sum, io.NewSectionReader(f, 0, size)); err != nil {
		return err
	}
	var tail [4]byte
	if _, err := f.ReadAt(tail[:], size); err != nil {
		return err
	}
	if binary.LittleEndian.Uint32(tail[:]) != sum.Sum32() {
		return errSnapChecksum
	}
	return nil
}

func (e *Engine) proceedings() int {
	n := 0
	for _, f := range e.p.flags {
		if f&fPresent != 0 {
			n++
		}
	}
	return n
}

// writeState writes every part of the engine's data, in the order readState reads it.
func (e *Engine) writeState(s *snapWriter) {
	s.u64(e.keySeed)
	s.u64(uint64(e.asOf))
	writeNumbers(s, e.nums)
	e.writeProcs(s)
	e.writeUnits(s)
	m := &e.med
	writeNumbers(s, m.ids)
	put32(s, m.court)
	put32(s, m.started)
	put32(s, m.concluded)
	put8(s, boolBytes(m.success))
	writeHashRows(s, &e.caseKeys)
	writeHashRows(s, &e.evOwner)
	e.writeMulti(s)
	e.writeEvents(s)
	e.writeThresholds(s)
	s.u64(uint64(len(e.reasons)))
	for _, r := range e.reasons {
		s.str(r)
	}
	writeCells(s, &e.cells)
}

func (e *Engine) readState(s *snapReader) {
	e.keySeed = s.u64()
	e.asOf = qingfeng.Date(s.i32())
	e.nums = readNumbers(s, caseNumbers)
	e.readProcs(s)
	e.readUnits(s)
	m := &e.med
	m.ids = readNumbers(s, serialIDs)
	m.court = get32[int32](s)
	m.started = get32[qingfeng.Date](s)
	m.concluded = get32[qingfeng.Date](s)
	m.success = byteBools(get8[uint8](s))
	readHashRows(s, &e.caseKeys)
	readHashRows(s, &e.evOwner)
	e.readMulti(s)
	e.readEvents(s)
	e.readThresholds(s)
	n := s.count(8)
	e.reasons, e.reasonIdx = make([]string, 0, n), make(map[string]uint16, n)
	for range n {
		r := s.str()
		e.reasonIdx[r] = uint16(len(e.reasons))
		e.reasons = append(e.reasons, r)
	}
	readCells(s, &e.cells)
}

// checkState checks that the columns agree in length: the reads above trust the file's
// lengths one at a time.
func (e *Engine) checkState() error {
	n := len(e.nums.codes)
	p := &e.p
	for _, l := range []int{len(p.flags), len(p.div), len(p.judge), len(p.cat), len(p.stage), len(p.proc),
		len(p.closing), len(p.outcome), len(p.filed), len(p.closed), len(p.origin), len(p.child), len(p.sib), len(p.ageClose)} {
		if l != n {
			return fmt.Errorf("a proceedings column holds %d rows, the numbers %d", l, n)
		}
	}
	m := &e.med
	if k := len(m.ids.codes); len(m.court) != k || len(m.started) != k || len(m.concluded) != k || len(m.success) != k {
		return errors.New("the mediation columns disagree in length")
	}
	if len(e.caseKeys.keys) != len(e.caseKeys.rows) || len(e.evOwner.keys) != len(e.evOwner.rows) {
		return errors.New("a key table's columns disagree in length")
	}
	if len(e.reasons) == 0 || e.reasons[0] != "" {
		return errors.New("the reasons list does not start with the empty reason")
	}
	return nil
}

func writeNumbers(s *snapWriter, n *numbers) {
	put64(s, n.codes)
	s.u64(uint64(len(n.middle)))
	for _, m := range n.middle {
		s.str(m)
	}
	put8(s, n.arena)
}

func readNumbers(s *snapReader, c codec) *numbers {
	n := newTable(c)
	n.codes = get64[uint64](s)
	k := s.count(8)
	n.middle = make([]string, 0, k)
	for range k {
		m := s.str()
		n.midIdx[m] = uint32(len(n.middle))
		n.middle = append(n.middle, m)
	}
	n.arena = get8[byte](s)
	if s.err == nil {
		n.resize(max(1024, (len(n.codes)+len(n.codes)/8)*25/18+1)) // about pack's 72%: some arena rows take two slots
	}
	return n
}

func writeHashRows(s *snapWriter, t *hashRows) {
	put64(s, t.keys)
	put32(s, t.rows)
	s.u64(uint64(t.n))
}

func readHashRows(s *snapReader, t *hashRows) {
	t.keys = get64[uint64](s)
	t.rows = get32[int32](s)
	t.n = int(s.u64())
}

func (e *Engine) writeProcs(s *snapWriter) {
	p := &e.p
	put16(s, p.flags)
	put32(s, p.div)
	put32(s, p.judge)
	for _, c := range [][]uint8{p.cat, p.stage, p.proc, p.closing, p.outcome} {
		put8(s, c)
	}
	put32(s, p.filed)
	put32(s, p.closed)
	for _, c := range [][]int32{p.origin, p.child, p.sib, p.ageClose} {
		put32(s, c)
	}
	a := &p.amounts
	put32(s, a.rows)
	applied, recovered := make([]int32, len(a.vals)), make([]int32, len(a.vals))
	for i, v := range a.vals {
		applied[i], recovered[i] = v[0], v[1]
	}
	put32(s, applied)
	put32(s, recovered)
	s.u64(uint64(a.n))
	s.u64(uint64(len(a.big)))
	for r, v := range a.big {
		s.u64(uint64(r))
		s.u64(uint64(v.applied))
		s.u64(uint64(v.recovered))
	}
	s.u64(uint64(len(p.appeals)))
	for r, v := range p.appeals {
		s.u64(uint64(r))
		s.u64(uint64(v.received))
		s.u64(uint64(v.transmit))
	}
	s.u64(uint64(len(p.courtX)))
	for r, c := range p.courtX {
		s.u64(uint64(r))
		s.u64(uint64(c))
	}
}

func (e *Engine) readProcs(s *snapReader) {
	p := &e.p
	p.flags = get16[pflags](s)
	p.div = get32[int32](s)
	p.judge = get32[int32](s)
	for _, c := range []*[]uint8{&p.cat, &p.stage, &p.proc, &p.closing, &p.outcome} {
		*c = get8[uint8](s)
	}
	p.filed = get32[qingfeng.Date](s)
	p.closed = get32[qingfeng.Date](s)
	for _, c := range []*[]int32{&p.origin, &p.child, &p.sib, &p.ageClose} {
		*c = get32[int32](s)
	}
	a := &p.amounts
	a.rows = get32[int32](s)
	applied, recovered := get32[int32](s), get32[int32](s)
	if len(applied) != len(a.rows) || len(recovered) != len(a.rows) {
		s.err = cmpErr(s.err, errors.New("the amounts table's columns disagree in length"))
		return
	}
	a.vals = make([][2]int32, len(a.rows))
	for i := range a.vals {
		a.vals[i] = [2]int32{applied[i], recovered[i]}
	}
	a.n = int(s.u64())
	if k := s.count(24); k > 0 {
		a.big = make(map[int32]amounts, k)
		for range k {
			r := s.i32()
			a.big[r] = amounts{applied: s.i64(), recovered: s.i64()}
		}
	}
	if k := s.count(24); k > 0 {
		p.appeals = make(map[int32]appeal, k)
		for range k {
			r := s.i32()
			p.appeals[r] = appeal{received: qingfeng.Date(s.i32()), transmit: s.i32()}
		}
	}
	if k := s.count(16); k > 0 {
		p.courtX = make(map[int32]int32, k)
		for range k {
			r := s.i32()
			p.courtX[r] = s.i32()
		}
	}
}

// cmpErr keeps the first error.
func cmpErr(first, next error) error {
	if first != nil {
		return first
	}
	return next
}

// snapUnits are the courts, divisions and people in index order (the columns hold indexes),
// with what the engine derived from them.
type snapUnits struct {
	Courts []snapCourt      `json:"courts"`
	Codes  map[string]int32 `json:"codes"`
	Divs   []snapDiv        `json:"divs"`
	People []snapPerson     `json:"people"`
}

type snapCourt struct {
	C      qingfeng.Court `json:"c"`
	Parent int32          `json:"p"`
}

type snapDiv struct {
	D     qingfeng.Division `json:"d"`
	Court int32             `json:"c"`
}

type snapPerson struct {
	P     qingfeng.Person `json:"p"`
	Court int32           `json:"c"`
	Div   int32           `json:"d"`
	Judge bool            `json:"j"`
}

func (e *Engine) writeUnits(s *snapWriter) {
	u := e.u
	su := snapUnits{Codes: u.code}
	for _, c := range u.courts {
		su.Courts = append(su.Courts, snapCourt{c.Court, c.parent})
	}
	for _, d := range u.divs {
		su.Divs = append(su.Divs, snapDiv{d.Division, d.court})
	}
	for _, p := range u.people {
		su.People = append(su.People, snapPerson{p.Person, p.court, p.div, p.judge})
	}
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(su); err != nil && s.err == nil {
		s.err = err
	}
	s.str(b.String())
}

func (e *Engine) readUnits(s *snapReader) {
	js := s.str()
	if s.err != nil {
		return
	}
	var su snapUnits
	if err := json.Unmarshal([]byte(js), &su); err != nil {
		s.err = fmt.Errorf("units: %w", err)
		return
	}
	u := newUnits()
	for i, c := range su.Courts {
		u.courts = append(u.courts, courtRow{Court: c.C, parent: c.Parent})
		u.court[c.C.ID] = int32(i)
	}
	for code, i := range su.Codes {
		u.code[code] = i
	}
	for i, d := range su.Divs {
		u.divs = append(u.divs, divRow{Division: d.D, court: d.Court})
		u.divCt = append(u.divCt, d.Court)
		u.div[d.D.ID] = int32(i)
	}
	for i, p := range su.People {
		u.people = append(u.people, personRow{Person: p.P, court: p.Court, div: p.Div, judge: p.Judge})
		u.person[p.P.ID] = int32(i)
	}
	u.changed = true
	e.u = u
}

func (e *Engine) writeMulti(s *snapWriter) {
	s.u64(uint64(len(e.multi)))
	for n, list := range e.multi {
		s.u64(uint64(n))
		s.u64(uint64(len(list)))
		for _, c := range list {
			r := &c.row
			for _, v := range []int64{int64(c.key), c.seq, int64(r.court), int64(r.div), int64(r.judge),
				int64(r.cat), int64(r.stage), int64(r.proc), int64(r.closing), int64(r.outcome),
				int64(r.filed), int64(r.closed), int64(r.origin), r.applied, r.recovered, int64(r.bits)} {
				s.u64(uint64(v))
			}
		}
	}
}

func (e *Engine) readMulti(s *snapReader) {
	k := s.count(16)
	e.multi = make(map[int32][]contrib, k)
	for range k {
		n := s.i32()
		list := make([]contrib, s.count(16*8))
		for i := range list {
			c := &list[i]
			c.key, c.seq = s.u64(), s.i64()
			r := &c.row
			r.court, r.div, r.judge = s.i32(), s.i32(), s.i32()
			r.cat, r.stage, r.proc, r.closing, r.outcome = uint8(s.u64()), uint8(s.u64()), uint8(s.u64()), uint8(s.u64()), uint8(s.u64())
			r.filed, r.closed = qingfeng.Date(s.i32()), qingfeng.Date(s.i32())
			r.origin, r.applied, r.recovered, r.bits = s.i32(), s.i64(), s.i64(), pflags(s.u64())
		}
		e.multi[n] = list
	}
}

// writeEvents writes the kept events as columns, each event with its row, a row's events in
// their order.
func (e *Engine) writeEvents(s *snapWriter) {
	var rows, off, days []int32
	var keys []uint64
	var at []int64
	var reason []uint16
	var typ, from, to []uint8
	for n, list := range e.events {
		for _, c := range list {
			rows, keys, at, off, days = append(rows, n), append(keys, c.key), append(at, c.at), append(off, c.off), append(days, c.days)
			reason, typ, from, to = append(reason, c.reason), append(typ, c.typ), append(from, c.from), append(to, c.to)
		}
	}
	put32(s, rows)
	put64(s, keys)
	put64(s, at)
	put32(s, off)
	put32(s, days)
	put16(s, reason)
	put8(s, typ)
	put8(s, from)
	put8(s, to)
}

func (e *Engine) readEvents(s *snapReader) {
	rows, keys, at := get32[int32](s), get64[uint64](s), get64[int64](s)
	off, days, reason := get32[int32](s), get32[int32](s), get16[uint16](s)
	typ, from, to := get8[uint8](s), get8[uint8](s), get8[uint8](s)
	if s.err != nil {
		return
	}
	n := len(rows)
	for _, l := range []int{len(keys), len(at), len(off), len(days), len(reason), len(typ), len(from), len(to)} {
		if l != n {
			s.err = errors.New("the event columns disagree in length")
			return
		}
	}
	e.events = map[int32][]cevent{}
	for i, r := range rows {
		e.events[r] = append(e.events[r], cevent{key: keys[i], at: at[i], off: off[i], days: days[i],
			reason: reason[i], typ: typ[i], from: from[i], to: to[i]})
	}
}

func (e *Engine) writeThresholds(s *snapWriter) {
	var rows []int32
	var ks []uint8
	var dates []qingfeng.Date
	for k, d := range e.thresholds {
		rows, ks, dates = append(rows, k.row), append(ks, k.k), append(dates, d)
	}
	put32(s, rows)
	put8(s, ks)
	put32(s, dates)
}

func (e *Engine) readThresholds(s *snapReader) {
	rows, ks, dates := get32[int32](s), get8[uint8](s), get32[qingfeng.Date](s)
	if s.err != nil {
		return
	}
	if len(ks) != len(rows) || len(dates) != len(rows) {
		s.err = errors.New("the threshold columns disagree in length")
		return
	}
	e.thresholds = make(map[ageKey]qingfeng.Date, len(rows))
	for i, r := range rows {
		e.thresholds[ageKey{r, ks[i]}] = dates[i]
	}
}

func boolBytes(bs []bool) []uint8 {
	out := make([]uint8, len(bs))
	for i, b := range bs {
		if b {
			out[i] = 1
		}
	}
	return out
}

func byteBools(bs []uint8) []bool {
	out := make([]bool, len(bs))
	for i, b := range bs {
		out[i] = b != 0
	}
	return out
}

// writeCells writes the aggregates: the months held, then for each unit kind, unit and year
// whether it has a block and the block.
func writeCells(s *snapWriter, c *cells) {
	s.u64(uint64(c.lo))
	s.u64(uint64(c.hi))
	for k := range c.units {
		s.u64(uint64(len(c.units[k])))
		for _, ys := range c.units[k] {
			s.u64(uint64(len(ys)))
			for _, b := range ys {
				if b == nil {
					s.u64(0)
					continue
				}
				s.u64(1 + uint64(b.made))
				for _, m := range b.cols {
					s.u64(m)
				}
				put16(s, b.narrow)
				put64(s, b.wide)
				s.u64(uint64(len(b.spill)))
				for key, v := range b.spill {
					s.u64(uint64(key))
					s.u64(uint64(v))
				}
			}
		}
	}
}

func readCells(s *snapReader, c *cells) {
	c.lo, c.hi = s.i32(), s.i32()
	for k := range c.units {
		c.units[k] = make([][]*yblock, s.count(8))
		for u := range c.units[k] {
			ys := make([]*yblock, s.count(8))
			for y := range ys {
				made := s.u64()
				if made == 0 {
					continue
				}
				b := &yblock{made: uint8(made - 1)}
				for g := range b.cols {
					b.cols[g] = s.u64()
				}
				b.narrow = get16[int16](s)
				if b.wide = get64[int64](s); len(b.wide) == 0 {
					b.wide = nil
				}
				if n := s.count(16); n > 0 {
					b.spill = make(map[int32]int64, n)
					for range n {
						key := s.i32()
						b.spill[key] = s.i64()
					}
				}
				ys[y] = b
			}
			c.units[k][u] = ys
		}
	}
}
