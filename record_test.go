package qingfeng

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

func TestNewRecordBodyIsEnvelopePlusPayload(t *testing.T) {
	c := &Court{ID: "c1", Code: "闽0102", Name: "福州市鼓楼区人民法院", Level: LevelBasic, ParentID: "c0"}
	r, err := NewRecord("hr", "court-1", c, Origin{File: "hr.jsonl", Line: 3})
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Key
		Court
	}
	if err := json.Unmarshal(r.Body, &back); err != nil {
		t.Fatalf("body %s: %v", r.Body, err)
	}
	if back.Kind != KindCourt || back.Src != "hr" || back.SrcID != "court-1" || back.Court != *c {
		t.Fatalf("round trip lost data: %s", r.Body)
	}
	r2, _ := NewRecord("hr", "court-1", &Court{ID: "c1", Code: "闽0102", Name: "福州市鼓楼区人民法院", Level: LevelBasic, ParentID: "c0"}, Origin{})
	if r2.Hash != r.Hash {
		t.Fatal("equal content, different hash")
	}
	c.Name = "changed"
	r3, _ := NewRecord("hr", "court-1", c, Origin{})
	if r3.Hash == r.Hash {
		t.Fatal("changed content, same hash")
	}
	if _, err := NewRecord("x", "y", 42, Origin{}); err == nil {
		t.Fatal("unsupported payload accepted")
	}
}

// The canonical body is written by a fast encoder; it must say exactly what encoding/json
// would, so that a record hashes the same whichever encoder wrote it.
func TestFastEncoderMatchesEncodingJSON(t *testing.T) {
	at, _ := time.Parse(time.RFC3339, "2024-07-01T10:00:00+08:00")
	values := []any{
		&Court{ID: "c1", Code: "闽0102", Name: "福州市鼓楼区人民法院 <&>", Level: LevelBasic},
		&Case{Number: "（2024）闽0102民初1号", CourtID: "c1", Category: CatCivil, Stage: StageFirstInstance, FiledOn: MustDate("2024-01-03"),
			AmountClaimed: 5000050, Parties: []Party{{Name: "张三", IDHash: "h1:ab", Role: PartyPlaintiff, Type: PartyNatural}},
			Flags: CaseFlags{FourType: []string{"1.2"}, Protest: true}},
		&Case{Number: "x"},
		&Event{CaseNumber: "（2024）闽0102民初1号", Type: "funds_disbursed", At: at,
			Attrs: map[string]any{"amount": "50000.00", "z": 1.5, "a": true, "m": map[string]any{"k": "v"}, "u": "\u2028"}},
		&Person{ID: "p", Roles: []Role{RoleJudge}, StatusPeriods: []StatusPeriod{{Status: "leave", From: MustDate("2024-01-01")}}},
		&Lawyer{ID: "l", FormerCourtStaff: &FormerStaff{CourtID: "c", LeftOn: MustDate("2023-01-01")}},
	}
	for _, v := range values {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		r, err := NewRecord("s", "1", v, Origin{})
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Body[bytes.IndexByte(r.Body[1:], '{')+1:]; len(want) > 2 && !bytes.HasSuffix(r.Body, want[1:]) {
			t.Errorf("%T:\n fast %s\n std  %s", v, got, want)
		}
	}
}

func TestDecodeBodyRoundTrip(t *testing.T) {
	at, _ := time.Parse(time.RFC3339, "2024-07-01T10:00:00+08:00")
	for _, v := range []any{
		&Case{Number: "（2024）闽0102民初1号", CourtID: "c1", FiledOn: MustDate("2024-01-03"), AmountApplied: 12345},
		&Event{CaseNumber: "（2024）闽0102民初1号", Type: "filed", At: at, Attrs: map[string]any{"method": "random"}},
		&Mediation{ID: "m", CourtID: "c", StartedOn: MustDate("2024-01-01"), Success: true},
	} {
		r, _ := NewRecord("cms", "x", v, Origin{})
		key, got, err := DecodeBody(r.Body)
		if err != nil || key != r.Key {
			t.Fatalf("%T: %v %v", v, key, err)
		}
		again, _ := NewRecord(key.Src, key.SrcID, got, Origin{})
		if again.Hash != r.Hash {
			t.Errorf("%T: decoded value encodes differently:\n%s\n%s", v, again.Body, r.Body)
		}
	}
	if _, _, err := DecodeBody([]byte(`{"kind":"nope","src":"a","src_id":"b"}`)); err == nil {
		t.Error("unknown kind decoded")
	}
}
