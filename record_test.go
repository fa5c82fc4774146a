package qingfeng

import (
	"encoding/json"
	"testing"
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
