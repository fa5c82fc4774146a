package casenum

import "testing"

func BenchmarkParse(b *testing.B) {
	types := Default()
	inputs := []string{
		"（2024）闽0102民初1234号",
		"(2021)沪0115执1234号",
		"（２０２４）闽０１０２民初１２３４号之二",
		"（2019）最高法知民终1号",
		"（2005）沪高民三（知）终字第36号",
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := types.Parse(inputs[i%len(inputs)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseRejected(b *testing.B) {
	types := Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := types.Parse("法〔2015〕137号"); err == nil {
			b.Fatal("accepted")
		}
	}
}
