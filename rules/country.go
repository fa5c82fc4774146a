package rules

import (
	"fmt"
	"regexp"
	"slices"
)

// DefaultCountry is where a rule applies when neither it nor its group names countries: the
// rules of the default pack enforce Chinese law, and a court with no country is a Chinese one
// (qingfeng.Court.Country).
const DefaultCountry = "CN"

var countryCode = regexp.MustCompile(`^[A-Z]{2}$`)

// countrySet checks a list of ISO 3166-1 alpha-2 codes and returns it sorted, without
// duplicates; nil when the list is empty (the group's countries, or DefaultCountry, apply).
func countrySet(list []string) ([]string, error) {
	if len(list) == 0 {
		return nil, nil
	}
	out := make([]string, 0, len(list))
	for _, c := range list {
		if !countryCode.MatchString(c) {
			return nil, fmt.Errorf("countries: %q is not an ISO 3166-1 two-letter code in capitals (CN, US …)", c)
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out, nil
}

// AppliesIn reports whether the rule looks at proceedings of courts in country (an ISO 3166-1
// code; "" means CN, as for qingfeng.Court.Country).
func (r *Rule) AppliesIn(country string) bool {
	if country == "" {
		country = DefaultCountry
	}
	if r.Countries == nil {
		return country == DefaultCountry
	}
	for _, c := range r.Countries {
		if c == country {
			return true
		}
	}
	return false
}
