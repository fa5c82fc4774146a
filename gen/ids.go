package gen

import (
	"strconv"
	"strings"
)

// Identity numbers (GB 11643-1999): six-digit region code, birth date YYYYMMDD, three-digit
// sequence (odd for men), ISO 7064 MOD 11-2 check character. Parties draw sequences from
// 001–899 and the court's own people (staff relatives, lawyers) from 900–999, so that a party
// can never collide with a relative by chance and trip a recusal rule that was not injected.

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheckChars = "10X98765432"

// idNumber builds a valid 18-character resident identity number.
func idNumber(r *rng, region string, birth date, male, reserved bool) string {
	var b [18]byte
	copy(b[:6], region)
	y, m, d := birth.YMD()
	putDigits(b[6:10], y)
	putDigits(b[10:12], int(m))
	putDigits(b[12:14], d)
	lo, hi := 1, 899
	if reserved {
		lo, hi = 900, 999
	}
	seq := r.between(lo, hi)
	if (seq%2 == 1) != male {
		if seq == hi {
			seq--
		} else {
			seq++
		}
	}
	putDigits(b[14:17], seq)
	b[17] = idCheck(b[:17])
	return string(b[:])
}

func idCheck(first17 []byte) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * idWeights[i]
	}
	return idCheckChars[sum%11]
}

func putDigits(b []byte, v int) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
}

// digits returns n random decimal digits.
func digits(r *rng, n int) string {
	var sb strings.Builder
	for i := 0; i < n; i++ {
		sb.WriteByte(byte('0' + r.intn(10)))
	}
	return sb.String()
}

// bankAccount returns a plausible personal card number (19 digits) or company account.
func bankAccount(r *rng, company bool) string {
	if company {
		return "35" + digits(r, 18)
	}
	return pick(r, []string{"6217", "6222", "6228", "6230"}) + digits(r, 15)
}

func padInt(v, width int) string {
	s := strconv.Itoa(v)
	for len(s) < width {
		s = "0" + s
	}
	return s
}
