package gen

import (
	"fmt"
	"slices"

	"github.com/qingfeng-court/qingfeng"
)

// Division roles as indexes, in the order of divisionRoles.
const (
	rFiling = iota
	rCriminal
	rCivil
	rCommercial
	rAdministrative
	rSupervision
	rEnforcement
	rManagement
	rInspection
	rFinance
	numRoles
)

// Court kinds.
const (
	kHigh         = "high"
	kIntermediate = "intermediate"
	kBasic        = "basic"
	kMaritime     = "maritime"
	kRailway      = "railway"
)

type court struct {
	idx            int
	id, code, name string
	kind           string
	level          qingfeng.CourtLevel
	parent         int // the court appeals go to; -1 for the high court
	region         string
	city           int // index into world.cities; Fuzhou for the high court
	weight         float64
	admin          bool
	div            [numRoles]int // division per role, -1 when the court has none
	tribunals      []int
	president      int
	vps            []int
	committee      int // full-time committee member, -1 if none
	account        string
	basics         []int // basic courts under an intermediate court
	clerks         []int // every clerk of the court, for cover when a division's are away
}

type division struct {
	idx        int
	id, name   string
	court      int
	line       qingfeng.Line
	role       int // -1 for tribunals
	tribunal   bool
	handlers   []int // chief first, then deputies, then judges: who may be 承办人
	chief      int
	assistants []int
	clerks     []int
	executors  []int
	staff      []int   // inspectors, finance staff, other members
	load       float64 // expected proceedings per year (from the sizing pass)
}

type person struct {
	idx    int
	id     string
	court  int
	div    int
	name   string
	male   bool
	birth  date
	roles  []qingfeng.Role
	from   date
	to     date
	leaves []qingfeng.StatusPeriod
}

type lawyer struct {
	idx         int
	id, name    string
	license     string
	firm        string
	idNumber    string
	city        int
	relCourts   []int // courts where a declared relative works
	close       []int // … of them, courts of a spouse, parent or child (R-09 candidates)
	formerCourt int   // -1 unless the lawyer is former court staff
	leftOn      date
}

type relative struct {
	person     int
	name       string
	idNumber   string
	relation   string
	occupation string
	employer   string
	lawyer     int
}

type city struct {
	name    string
	court   int
	lawyers []int
	firms   []string
}

// courtChoice is a weighted choice among courts.
type courtChoice struct {
	idx []int
	w   weights
}

func (c *courtChoice) draw(r *rng) int { return c.idx[c.w.draw(r)] }

func newCourtChoice(w *world, keep func(*court) bool, weight func(*court) float64) courtChoice {
	var cc courtChoice
	var keys []string
	var vals []float64
	for i := range w.courts {
		c := &w.courts[i]
		if keep(c) {
			cc.idx = append(cc.idx, i)
			keys = append(keys, c.id)
			vals = append(vals, weight(c))
		}
	}
	cc.w = newWeights(keys, vals)
	return cc
}

// world is everything shared, read-only, by the workers: configuration, data files and the
// reference data of the province.
type world struct {
	cfg       Config
	p         *profile
	names     *namesData
	causes    *causesData
	anomalies []anomalyEntry
	rates     [numAnomalies]float64
	tl        timeline
	years     int // whole years in the window, at least 1

	courts    []court
	divs      []division
	people    []person
	lawyers   []lawyer
	relatives []relative
	cities    []city
	high      int
	maritime  int
	railway   int

	basicCourts, adminBasics, intermediates courtChoice

	relLawyersByCourt [][]int // lawyers whose spouse, parent or child works at the court
	formerByCourt     [][]int // former staff of the court who are now lawyers
	formerAll         []int   // former staff lawyers, by leaving date

	sizing bool // the sizing pass: no people yet
}

// buildCourts lays out the courts and their divisions from data/courts.yaml.
func (w *world) buildCourts(cd *courtsData) {
	add := func(e courtEntry, kind string, level qingfeng.CourtLevel, parent, cityIdx int, region string) int {
		digits := e.Code[len("闽"):]
		c := court{idx: len(w.courts), id: "C35" + digits, code: e.Code, name: e.Name, kind: kind, level: level,
			parent: parent, region: region, city: cityIdx, weight: e.Weight, admin: e.Admin, committee: -1, president: -1}
		if c.weight == 0 {
			c.weight = 1
		}
		for i := range c.div {
			c.div[i] = -1
		}
		w.courts = append(w.courts, c)
		return c.idx
	}
	w.high = add(cd.High, kHigh, qingfeng.LevelHigh, -1, 0, cd.High.Region)
	w.maritime, w.railway = -1, -1
	for ci, ce := range cd.Cities {
		mid := add(ce.Court, kIntermediate, qingfeng.LevelIntermediate, w.high, ci, ce.Court.Region)
		w.cities = append(w.cities, city{name: ce.Name, court: mid})
		total := 0.0
		for _, b := range ce.Basic {
			region := b.Region
			if region == "" {
				region = "35" + b.Code[len("闽"):]
			}
			bi := add(b, kBasic, qingfeng.LevelBasic, mid, ci, region)
			w.courts[mid].basics = append(w.courts[mid].basics, bi)
			total += b.Weight
		}
		w.courts[mid].weight = total
	}
	for _, s := range cd.Special {
		ci := 0
		for i, c := range w.cities {
			if c.name == s.City {
				ci = i
			}
		}
		kind, level, parent := kRailway, qingfeng.LevelBasic, w.cities[ci].court
		if contains(s.Lines, "maritime") {
			kind, level, parent = kMaritime, qingfeng.LevelIntermediate, w.high
		}
		i := add(s, kind, level, parent, ci, s.Region)
		if kind == kMaritime {
			w.maritime = i
		} else {
			w.railway = i
		}
	}
	for i := range w.courts {
		c := &w.courts[i]
		for _, e := range cd.Divisions[c.kind] {
			if e.When == "admin" && !c.admin {
				continue
			}
			role := slices.Index(divisionRoles, e.Role)
			c.div[role] = w.addDivision(c, e.Name, e.Line, role)
		}
		if c.kind == kBasic && c.div[rAdministrative] >= 0 {
			c.admin = true
		}
		if c.kind != kBasic {
			continue
		}
		for t := 0; t < cdTribunals(cd, c.code); t++ {
			name := w.names.Tribunals[(t+c.idx)%len(w.names.Tribunals)]
			c.tribunals = append(c.tribunals, w.addDivision(c, name, qingfeng.LineCivil, -1))
		}
	}
	w.basicCourts = newCourtChoice(w, func(c *court) bool { return c.kind == kBasic }, func(c *court) float64 { return c.weight })
	w.adminBasics = newCourtChoice(w, func(c *court) bool { return c.kind == kBasic && c.admin }, func(c *court) float64 { return c.weight })
	w.intermediates = newCourtChoice(w, func(c *court) bool { return c.kind == kIntermediate }, func(c *court) float64 { return c.weight })
}

func cdTribunals(cd *courtsData, code string) int {
	for _, ce := range cd.Cities {
		for _, b := range ce.Basic {
			if b.Code == code {
				return b.Tribunals
			}
		}
	}
	return 0
}

func (w *world) addDivision(c *court, name string, line qingfeng.Line, role int) int {
	d := division{idx: len(w.divs), name: name, court: c.idx, line: line, role: role, tribunal: role < 0, chief: -1}
	d.id = fmt.Sprintf("%s-D%02d", c.id, len(w.divsOf(c.idx))+1)
	w.divs = append(w.divs, d)
	return d.idx
}

func (w *world) divsOf(court int) []int {
	var out []int
	for i := range w.divs {
		if w.divs[i].court == court {
			out = append(out, i)
		}
	}
	return out
}

// available reports whether person i is at work on every day of [from, to].
func (w *world) available(i int, from, to date) bool {
	if i < 0 || w.sizing {
		return true
	}
	for _, s := range w.people[i].leaves {
		if s.From <= to && s.To >= from {
			return false
		}
	}
	return true
}

// lawyerOK reports whether a lawyer may act in a proceeding of the court filed on day d:
// no declared relative works there (回避规定 Art. 9, kept for every relation), and a former
// member of staff neither served there nor left any court less than the bar's months (plus a
// margin) before (回避规定 Art. 8).
func (w *world) lawyerOK(l int, court int, d date) bool {
	lw := &w.lawyers[l]
	if contains(lw.relCourts, court) {
		return false
	}
	if lw.formerCourt >= 0 {
		if lw.formerCourt == court {
			return false
		}
		if d < lw.leftOn.AddMonths(w.p.Deadlines.FormerStaffBarMonths)+90 {
			return false
		}
	}
	return true
}

func (w *world) personID(i int) string {
	if i < 0 {
		return ""
	}
	return w.people[i].id
}
