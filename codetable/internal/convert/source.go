package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The shapes of the app's JSON dictionaries (github.com/Leon406/wenshukt, src/main/resources).

type anyouNode struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	ParentID string `json:"parentid"` // "0" for a root
}

type jieanEntry struct {
	ID   string `json:"id"` // row number in the app, not a code
	Name string `json:"name"`
	Code string `json:"code"`
}

type spcxEntry struct {
	Key   string `json:"key"` // the name
	Code  string `json:"code"`
	Level int    `json:"level"`
}

type clsDict struct {
	Name  string `json:"cls"`
	Value string `json:"value"` // "code=name;code=name;"
}

type source struct {
	anyou []anyouNode
	jiean []jieanEntry
	spcx  []spcxEntry
	cls   []clsDict
}

func readSource(dir string) (*source, error) {
	var s source
	var a struct{ Anyou []anyouNode }
	var j struct{ Jiean []jieanEntry }
	var p struct{ Spcx []spcxEntry }
	var c struct{ Cls []clsDict }
	for _, f := range []struct {
		name string
		into any
	}{{"anyou.json", &a}, {"jiean.json", &j}, {"spcx.json", &p}, {"cls.json", &c}} {
		b, err := os.ReadFile(filepath.Join(dir, f.name))
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(b, f.into); err != nil {
			return nil, fmt.Errorf("read %s: %w", f.name, err)
		}
	}
	s.anyou, s.jiean, s.spcx, s.cls = a.Anyou, j.Jiean, p.Spcx, c.Cls
	if len(s.anyou) == 0 || len(s.jiean) == 0 || len(s.spcx) == 0 || len(s.cls) == 0 {
		return nil, fmt.Errorf("read %s: a dictionary is empty", dir)
	}
	return &s, nil
}

// pair is one code=name item of a cls dictionary.
type pair struct{ code, name string }

// clsPairs returns the items of the cls dictionary with the given name, in order.
func (s *source) clsPairs(name string) ([]pair, error) {
	for _, d := range s.cls {
		if d.Name != name {
			continue
		}
		var out []pair
		for _, item := range strings.Split(d.Value, ";") {
			if item == "" {
				continue
			}
			code, label, ok := strings.Cut(item, "=")
			if !ok {
				return nil, fmt.Errorf("cls %s: item %q has no '='", name, item)
			}
			out = append(out, pair{code, label})
		}
		return out, nil
	}
	return nil, fmt.Errorf("cls: no dictionary %s", name)
}

// dropSpaces removes the stray ASCII spaces the capture left inside some jiean names and
// codes (e.g. "1 9" for 19, "驳 回监督申请"); no SPC code or name contains a space.
func dropSpaces(s string) string { return strings.ReplaceAll(s, " ", "") }
