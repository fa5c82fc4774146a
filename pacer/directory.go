package pacer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/qingfeng-court/qingfeng"
)

// DirectoryFile is the definitions file of the US federal courts.
const DirectoryFile = "courts/us.yaml"

// Directory names the US federal courts by their PACER ids and knows each one's parent.
type Directory struct {
	country string
	courts  map[string]*qingfeng.Court // by PACER id
	states  []stateEntry               // longest code first, for reading district ids
	aliases map[string]string
}

// LoadError is a defect in the directory file, with the line and entry it is at.
type LoadError struct {
	File   string
	Line   int
	Entry  string
	Reason string
}

func (e *LoadError) Error() string {
	if e.Entry != "" {
		return fmt.Sprintf("%s line %d (%s): %s", e.File, e.Line, e.Entry, e.Reason)
	}
	return fmt.Sprintf("%s line %d: %s", e.File, e.Line, e.Reason)
}

type directoryDoc struct {
	Country  string            `yaml:"country"`
	Supreme  yaml.Node         `yaml:"supreme"`
	Circuits []yaml.Node       `yaml:"circuits"`
	States   []yaml.Node       `yaml:"states"`
	Special  []yaml.Node       `yaml:"special"`
	Aliases  map[string]string `yaml:"aliases"`
}

type courtEntry struct {
	ID     string `yaml:"id"`
	Name   string `yaml:"name"`
	Level  string `yaml:"level"`
	Parent string `yaml:"parent"`
}

type stateEntry struct {
	Code      string   `yaml:"code"`
	Name      string   `yaml:"name"`
	Circuit   string   `yaml:"circuit"`
	Districts []string `yaml:"districts"`
}

var pacerID = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

// LoadDirectory reads DirectoryFile from a definitions FS (defs.Default or a court's overlay)
// and checks it: ids well formed and unique, every parent and circuit listed, levels and
// district letters known.
func LoadDirectory(fsys fs.FS) (*Directory, error) {
	b, err := fs.ReadFile(fsys, DirectoryFile)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", DirectoryFile, err)
	}
	var doc directoryDoc
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &LoadError{File: DirectoryFile, Line: 1, Reason: "empty file"}
		}
		return nil, fmt.Errorf("load %s: %w", DirectoryFile, err)
	}
	if doc.Country == "" {
		return nil, &LoadError{File: DirectoryFile, Line: 1, Reason: "country is required"}
	}
	d := &Directory{country: doc.Country, courts: map[string]*qingfeng.Court{}, aliases: doc.Aliases}
	supreme, err := d.addCourt(&doc.Supreme, qingfeng.LevelSupreme, "")
	if err != nil {
		return nil, err
	}
	for i := range doc.Circuits {
		if _, err := d.addCourt(&doc.Circuits[i], qingfeng.LevelIntermediate, supreme); err != nil {
			return nil, err
		}
	}
	for i := range doc.Special {
		if _, err := d.addCourt(&doc.Special[i], "", ""); err != nil {
			return nil, err
		}
	}
	for i := range doc.States {
		if err := d.addState(&doc.States[i]); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(d.states, func(i, j int) bool { return len(d.states[i].Code) > len(d.states[j].Code) })
	for from, to := range d.aliases {
		if _, ok := d.lookup(to); !ok {
			return nil, &LoadError{File: DirectoryFile, Line: 1, Entry: from, Reason: fmt.Sprintf("alias of %q, which is not a court here", to)}
		}
	}
	return d, nil
}

// decodeEntry decodes one mapping node strictly: Node.Decode alone ignores unknown keys.
func decodeEntry(n *yaml.Node, v any) error {
	if n.Kind != yaml.MappingNode {
		return &LoadError{File: DirectoryFile, Line: n.Line, Reason: "entry is not a mapping"}
	}
	t := reflect.TypeOf(v).Elem()
	known := map[string]bool{}
	for i := range t.NumField() {
		known[strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]] = true
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; !known[k.Value] {
			return &LoadError{File: DirectoryFile, Line: k.Line, Reason: fmt.Sprintf("unknown field %q", k.Value)}
		}
	}
	if err := n.Decode(v); err != nil {
		return &LoadError{File: DirectoryFile, Line: n.Line, Reason: err.Error()}
	}
	return nil
}

// addCourt adds a listed court and returns its id; level and parent, when given, are what its
// list implies.
func (d *Directory) addCourt(n *yaml.Node, level qingfeng.CourtLevel, parent string) (string, error) {
	var e courtEntry
	if err := decodeEntry(n, &e); err != nil {
		return "", err
	}
	fail := func(format string, args ...any) error {
		return &LoadError{File: DirectoryFile, Line: n.Line, Entry: e.ID, Reason: fmt.Sprintf(format, args...)}
	}
	if level == "" {
		level = qingfeng.CourtLevel(e.Level)
	} else if e.Level != "" {
		return "", fail("level is implied by the list the court is in")
	}
	if parent == "" {
		parent = e.Parent
	} else if e.Parent != "" {
		return "", fail("parent is implied by the list the court is in")
	}
	switch {
	case !pacerID.MatchString(e.ID):
		return "", fail("id %q: lower-case letters and digits", e.ID)
	case e.Name == "":
		return "", fail("name is required")
	case !qingfeng.Valid(qingfeng.CourtLevels, level):
		return "", fail("level %q is not one of %v", level, qingfeng.CourtLevels)
	case d.courts[e.ID] != nil:
		return "", fail("duplicate id")
	}
	if parent != "" && d.courts[parent] == nil {
		return "", fail("parent %q is not listed before it", parent)
	}
	d.courts[e.ID] = d.court(e.ID, e.Name, level, parent)
	return e.ID, nil
}

var districtWords = map[string]string{"": "", "n": "Northern ", "s": "Southern ", "e": "Eastern ",
	"w": "Western ", "m": "Middle ", "c": "Central "}

func (d *Directory) addState(n *yaml.Node) error {
	var e stateEntry
	if err := decodeEntry(n, &e); err != nil {
		return err
	}
	fail := func(format string, args ...any) error {
		return &LoadError{File: DirectoryFile, Line: n.Line, Entry: e.Code, Reason: fmt.Sprintf(format, args...)}
	}
	switch {
	case !pacerID.MatchString(e.Code):
		return fail("code %q: lower-case letters", e.Code)
	case e.Name == "":
		return fail("name is required")
	case len(e.Districts) == 0:
		return fail("districts: list the district letters, or [\"\"] for a single district")
	}
	if c := d.courts[e.Circuit]; c == nil || c.Level != qingfeng.LevelIntermediate {
		return fail("circuit %q is not listed under circuits", e.Circuit)
	}
	for _, s := range d.states {
		if s.Code == e.Code {
			return fail("duplicate state")
		}
	}
	for _, l := range e.Districts {
		if _, ok := districtWords[l]; !ok {
			return fail("district letter %q is not one of n s e w m c", l)
		}
		if (l == "") != (len(e.Districts) == 1) {
			return fail("a single district is written [\"\"]; several are letters")
		}
	}
	d.states = append(d.states, e)
	return nil
}

func (d *Directory) court(id, name string, level qingfeng.CourtLevel, parent string) *qingfeng.Court {
	c := &qingfeng.Court{ID: CourtID(id), Code: id, Name: name, Level: level, Country: d.country}
	if parent != "" {
		c.ParentID = CourtID(parent)
	}
	return c
}

// CourtID is the Qingfeng court id of the court PACER calls pacerID: "us-" and the id, so
// that US courts never collide with a Chinese court's id.
func CourtID(pacerID string) string { return "us-" + pacerID }

// Court returns the court PACER calls id and its ancestors, the court first. A district or
// bankruptcy court is read from its id; known is false for an id the directory cannot place,
// which still gets a court (named by its id, with no parent) so that its dockets are kept.
func (d *Directory) Court(id string) (chain []*qingfeng.Court, known bool) {
	c, known := d.lookup(id)
	if !known {
		c = &qingfeng.Court{ID: CourtID(id), Code: id, Name: "PACER court " + id, Level: qingfeng.LevelBasic, Country: d.country}
	}
	for c != nil {
		chain = append(chain, c)
		if c.ParentID == "" {
			break
		}
		c, _ = d.lookup(strings.TrimPrefix(c.ParentID, "us-"))
	}
	return chain, known
}

func (d *Directory) lookup(id string) (*qingfeng.Court, bool) {
	if to, ok := d.aliases[id]; ok {
		id = to
	}
	if c := d.courts[id]; c != nil {
		return c, true
	}
	for _, s := range d.states {
		rest, ok := strings.CutPrefix(id, s.Code)
		if !ok || rest == "" {
			continue
		}
		kind, letter := rest[len(rest)-1], rest[:len(rest)-1]
		if kind != 'd' && kind != 'b' || !slices.Contains(s.Districts, letter) {
			continue
		}
		return d.districtCourt(id, s, letter, kind == 'b'), true
	}
	return nil, false
}

// districtCourt builds a district court, or a bankruptcy court under its district court.
func (d *Directory) districtCourt(id string, s stateEntry, letter string, bankruptcy bool) *qingfeng.Court {
	district := districtWords[letter] + "District of " + s.Name
	if !bankruptcy {
		return d.court(id, "U.S. District Court for the "+district, qingfeng.LevelBasic, s.Circuit)
	}
	parent := s.Code + letter + "d"
	return d.court(id, "U.S. Bankruptcy Court for the "+district, qingfeng.LevelTribunal, parent)
}
