package indicator

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
)

// snapWriter writes a snapshot's body: little-endian integers and length-prefixed columns,
// every byte also fed to the checksum the file ends with.
type snapWriter struct {
	w   *bufio.Writer
	sum hash.Hash32
	buf []byte
	err error
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func newSnapWriter(w io.Writer) *snapWriter {
	return &snapWriter{w: bufio.NewWriterSize(w, 1<<20), sum: crc32.New(castagnoli)}
}

func (s *snapWriter) bytes(b []byte) {
	if s.err != nil {
		return
	}
	s.sum.Write(b)
	_, s.err = s.w.Write(b)
}

func (s *snapWriter) u64(v uint64) {
	s.buf = binary.LittleEndian.AppendUint64(s.buf[:0], v)
	s.bytes(s.buf)
}

func (s *snapWriter) str(v string) {
	s.u64(uint64(len(v)))
	s.bytes([]byte(v))
}

// finish writes the checksum of everything before it and flushes.
func (s *snapWriter) finish() error {
	if s.err != nil {
		return s.err
	}
	if _, err := s.w.Write(binary.LittleEndian.AppendUint32(nil, s.sum.Sum32())); err != nil {
		return err
	}
	return s.w.Flush()
}

// put writes a column of fixed-width integers through a chunk buffer: the width is the
// element's size in bytes and enc appends one element.
func put[T any](s *snapWriter, xs []T, width int, enc func([]byte, T) []byte) {
	s.u64(uint64(len(xs)))
	const chunk = 8192
	for lo := 0; lo < len(xs) && s.err == nil; lo += chunk {
		s.buf = s.buf[:0]
		for _, x := range xs[lo:min(lo+chunk, len(xs))] {
			s.buf = enc(s.buf, x)
		}
		s.bytes(s.buf)
	}
}

func put64[T ~int64 | ~uint64](s *snapWriter, xs []T) {
	put(s, xs, 8, func(b []byte, x T) []byte { return binary.LittleEndian.AppendUint64(b, uint64(x)) })
}

func put32[T ~int32 | ~uint32](s *snapWriter, xs []T) {
	put(s, xs, 4, func(b []byte, x T) []byte { return binary.LittleEndian.AppendUint32(b, uint32(x)) })
}

func put16[T ~uint16 | ~int16](s *snapWriter, xs []T) {
	put(s, xs, 2, func(b []byte, x T) []byte { return binary.LittleEndian.AppendUint16(b, uint16(x)) })
}

func put8[T ~uint8 | ~int8](s *snapWriter, xs []T) {
	put(s, xs, 1, func(b []byte, x T) []byte { return append(b, byte(x)) })
}

// snapReader reads what snapWriter wrote, feeding every byte to the checksum that checkSum
// compares with the file's last four. Lengths are checked against the bytes left, so a damaged
// length fails here rather than allocating what the file cannot hold.
type snapReader struct {
	r    *bufio.Reader
	sum  hash.Hash32
	left int64 // bytes of body left: no column may claim more
	buf  []byte
	err  error
}

var (
	errSnapShort    = errors.New("snapshot: truncated")
	errSnapChecksum = errors.New("checksum mismatch (damaged or partly written)")
)

// checkSum reads the checksum after the body and compares it with the body's.
func (s *snapReader) checkSum() error {
	var tail [4]byte
	if _, err := io.ReadFull(s.r, tail[:]); err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	if binary.LittleEndian.Uint32(tail[:]) != s.sum.Sum32() {
		return errSnapChecksum
	}
	return nil
}

func (s *snapReader) bytes(n int) []byte {
	if s.err != nil {
		return nil
	}
	if int64(n) > s.left || n < 0 {
		s.err = errSnapShort
		return nil
	}
	if cap(s.buf) < n {
		s.buf = make([]byte, n)
	}
	b := s.buf[:n]
	if _, err := io.ReadFull(s.r, b); err != nil {
		s.err = fmt.Errorf("snapshot: %w", err)
		return nil
	}
	s.left -= int64(n)
	s.sum.Write(b)
	return b
}

func (s *snapReader) u64() uint64 {
	b := s.bytes(8)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(b)
}

func (s *snapReader) i64() int64 { return int64(s.u64()) }
func (s *snapReader) i32() int32 { return int32(s.u64()) }

// count reads a length that each of whose elements takes at least width bytes.
func (s *snapReader) count(width int) int {
	n := s.u64()
	if s.err == nil && n > uint64(s.left)/uint64(width) {
		s.err = fmt.Errorf("snapshot: a column of %d elements is longer than the file", n)
	}
	if s.err != nil {
		return 0
	}
	return int(n)
}

func (s *snapReader) str() string {
	n := s.count(1)
	return string(s.bytes(n))
}

func get[T any](s *snapReader, width int, dec func([]byte) T) []T {
	n := s.count(width)
	if s.err != nil {
		return nil
	}
	out := make([]T, n)
	const chunk = 8192
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		b := s.bytes((hi - lo) * width)
		if b == nil {
			return nil
		}
		for i := lo; i < hi; i++ {
			out[i] = dec(b[(i-lo)*width:])
		}
	}
	return out
}

func get64[T ~int64 | ~uint64](s *snapReader) []T {
	return get(s, 8, func(b []byte) T { return T(binary.LittleEndian.Uint64(b)) })
}

func get32[T ~int32 | ~uint32](s *snapReader) []T {
	return get(s, 4, func(b []byte) T { return T(binary.LittleEndian.Uint32(b)) })
}

func get16[T ~uint16 | ~int16](s *snapReader) []T {
	return get(s, 2, func(b []byte) T { return T(binary.LittleEndian.Uint16(b)) })
}

func get8[T ~uint8 | ~int8](s *snapReader) []T {
	return get(s, 1, func(b []byte) T { return T(b[0]) })
}
