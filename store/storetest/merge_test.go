package storetest

import (
	"reflect"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

func TestMergeCaseOverridesOnlyWhatTheLaterRecordSets(t *testing.T) {
	dst := sampleCase()
	src := &qingfeng.Case{
		JudgeID:         "p-9",
		AmountRecovered: 500000,
		Panel:           []string{}, // empty: unset, the panel stays
		Flags:           qingfeng.CaseFlags{Protest: true},
		Parties:         []qingfeng.Party{{Name: "新当事人", Role: qingfeng.PartyThirdParty, Type: qingfeng.PartyNatural}},
	}
	want := sampleCase()
	want.JudgeID = "p-9"
	want.AmountRecovered = 500000
	want.Flags = qingfeng.CaseFlags{FourType: []string{"1.2"}, Protest: true}
	want.Parties = src.Parties // a list is replaced as a whole, not merged item by item
	store.MergeCase(dst, src)
	if !reflect.DeepEqual(dst, want) {
		t.Fatalf("merge\n got %+v\nwant %+v", dst, want)
	}

	// Merging an empty record changes nothing; merging a record into an empty one copies it.
	before := *dst
	store.MergeCase(dst, &qingfeng.Case{})
	if !reflect.DeepEqual(*dst, before) {
		t.Fatal("merging an empty record changed the case")
	}
	var empty qingfeng.Case
	store.MergeCase(&empty, sampleCase())
	if !reflect.DeepEqual(&empty, sampleCase()) {
		t.Fatal("merging into an empty case did not copy every field")
	}
}
