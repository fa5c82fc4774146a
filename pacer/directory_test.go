package pacer

import (
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/defs"
)

func loadDefault(t *testing.T) *Directory {
	t.Helper()
	d, err := LoadDirectory(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDirectoryPlacesCourts(t *testing.T) {
	d := loadDefault(t)
	cases := []struct {
		id, name string
		level    qingfeng.CourtLevel
		chain    string // ids from the court up
	}{
		{"nysd", "U.S. District Court for the Southern District of New York", qingfeng.LevelBasic, "nysd ca2 scotus"},
		{"nysb", "U.S. Bankruptcy Court for the Southern District of New York", qingfeng.LevelTribunal, "nysb nysd ca2 scotus"},
		{"akd", "U.S. District Court for the District of Alaska", qingfeng.LevelBasic, "akd ca9 scotus"},
		{"dcd", "U.S. District Court for the District of the District of Columbia", qingfeng.LevelBasic, "dcd cadc scotus"},
		{"cacd", "U.S. District Court for the Central District of California", qingfeng.LevelBasic, "cacd ca9 scotus"},
		{"mowd", "U.S. District Court for the Western District of Missouri", qingfeng.LevelBasic, "mowd ca8 scotus"},
		{"nmid", "U.S. District Court for the District of the Northern Mariana Islands", qingfeng.LevelBasic, "nmid ca9 scotus"},
		{"nmd", "U.S. District Court for the District of New Mexico", qingfeng.LevelBasic, "nmd ca10 scotus"},
		{"nebraskab", "U.S. Bankruptcy Court for the District of Nebraska", qingfeng.LevelTribunal, "neb ned ca8 scotus"},
		{"cadc", "U.S. Court of Appeals for the District of Columbia Circuit", qingfeng.LevelIntermediate, "cadc scotus"},
		{"bap9", "Bankruptcy Appellate Panel for the Ninth Circuit", qingfeng.LevelIntermediate, "bap9 ca9 scotus"},
		{"cavc", "U.S. Court of Appeals for Veterans Claims", qingfeng.LevelBasic, "cavc cafc scotus"},
	}
	for _, c := range cases {
		chain, known := d.Court(c.id)
		if !known {
			t.Errorf("%s: not known", c.id)
			continue
		}
		var ids []string
		for _, ct := range chain {
			ids = append(ids, ct.Code)
			if ct.ID != CourtID(ct.Code) || ct.Country != "US" {
				t.Errorf("%s: court %+v", c.id, ct)
			}
		}
		if chain[0].Name != c.name || chain[0].Level != c.level || strings.Join(ids, " ") != c.chain {
			t.Errorf("%s: %q %s chain %v; want %q %s %s", c.id, chain[0].Name, chain[0].Level, ids, c.name, c.level, c.chain)
		}
	}
	for _, id := range []string{"nyxd", "akbd", "zzd", "ca14", "nys"} {
		chain, known := d.Court(id)
		if known || len(chain) != 1 || chain[0].ParentID != "" || chain[0].ID != "us-"+id {
			t.Errorf("%s: known %v, chain %+v; want an unplaced court of its own", id, known, chain)
		}
	}
}

func TestDirectoryErrorsNameTheLine(t *testing.T) {
	base, err := fs.ReadFile(defs.Default(), DirectoryFile)
	if err != nil {
		t.Fatal(err)
	}
	lineOf := func(s, needle string) int {
		i := strings.Index(s, needle)
		if i < 0 {
			t.Fatalf("%q not in the file", needle)
		}
		return strings.Count(s[:i], "\n") + 1
	}
	cases := []struct {
		old, new, reason string
	}{
		{"{code: ny, name: New York, circuit: ca2,", "{code: ny, name: New York, circuit: ca22,", `circuit "ca22"`},
		{"districts: [n, s, e, w]}", "districts: [n, s, x, w]}", `district letter "x"`},
		{"{id: bap9, name: Bankruptcy", "{id: bap9, nme: Bankruptcy", `unknown field "nme"`},
		{"{id: cavc, name: U.S. Court of Appeals for Veterans Claims, level: basic", "{id: cavc, name: U.S. Court of Appeals for Veterans Claims, level: county", `level "county"`},
		{"{id: cit, name: U.S. Court of International Trade, level: basic, parent: cafc}", "{id: cit, name: U.S. Court of International Trade, level: basic, parent: ca99}", `parent "ca99"`},
	}
	for _, c := range cases {
		text := strings.Replace(string(base), c.old, c.new, 1)
		line := lineOf(text, c.new)
		_, err := LoadDirectory(fstest.MapFS{DirectoryFile: {Data: []byte(text)}})
		if err == nil {
			t.Errorf("%s: accepted", c.new)
			continue
		}
		want := DirectoryFile + " line " + strconv.Itoa(line)
		if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), c.reason) {
			t.Errorf("%s: error %q; want %q and %q", c.new, err, want, c.reason)
		}
	}
}
