package indicator

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"sort"
	"sync"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
)

// Config is what an engine computes and with which tables.
type Config struct {
	Packs    []*Pack            // the packs to compute; at least one
	Limits   *calendar.Limits   // the time-limit table (E1, E3); nil leaves every proceeding without a limit
	Calendar *calendar.Calendar // working days for working-day limits; nil means Monday–Friday
	Since    qingfeng.Date      // the earliest month kept (default 2000-01-01)
}

// Engine computes the indicators of its packs over the data it is given. It is safe for
// concurrent use: Apply and Load take the write lock, queries the read lock.
type Engine struct {
	mu sync.RWMutex

	packs map[string]*Pack
	order []string                    // pack ids in order
	inds  map[string]map[string]*cind // pack → indicator → compiled

	aggs               []aggDef
	nNarrow, nWide     int
	procAggs           []int   // columns over proceedings, matters and events
	byStage            [][]int // the procAggs a proceeding of each stage code can contribute to
	medAggs            []int
	judgeAggs          []int
	ages               []int // age thresholds in days
	evTypes            []string
	evType             map[string]uint8
	clockMask          uint64
	tAppeal, tReceived int

	limits *calendar.Limits
	cal    *calendar.Calendar

	nums       *numbers
	p          procs
	u          *units
	med        mediations
	caseKeys   hashRows // case record key → its number's row
	multi      map[int32][]contrib
	events     map[int32][]cevent
	evOwner    hashRows                 // kept event key → its number's row
	thresholds map[ageKey]qingfeng.Date // the age thresholds events moved (see ageThreshold)
	reasons    []string
	reasonIdx  map[string]uint16
	keySeed    uint64 // keyHash's seed: kept in a snapshot, whose key tables hold its hashes

	cells   cells
	seq     int64
	seqHash string        // the hash of log entry seq, when the changes carried it (a snapshot records it)
	config  string        // configFingerprint: a snapshot of other definitions is not read
	asOf    qingfeng.Date // the latest date in the data

	stack   []int32
	touched []int32
	mark    map[int32]bool
	dirty   []int32
	bulk    bool // loading: facts and aggregates are computed at the end
}

// NewEngine compiles the packs of cfg into an empty engine.
func NewEngine(cfg Config) (*Engine, error) {
	if len(cfg.Packs) == 0 {
		return nil, fmt.Errorf("indicator engine: no packs")
	}
	e := &Engine{
		packs: map[string]*Pack{}, inds: map[string]map[string]*cind{},
		evType: map[string]uint8{}, limits: cfg.Limits, cal: cfg.Calendar,
		reasons: []string{""}, reasonIdx: map[string]uint16{"": 0}, keySeed: rand.Uint64(),
	}
	for _, t := range clockTypes {
		e.clockMask |= 1 << e.eventType(t)
	}
	e.tAppeal, e.tReceived = e.eventType(evAppealFiled), e.eventType(evFileReceived)
	c := &compiler{e: e, byKey: map[string]int{}}
	for _, p := range cfg.Packs {
		if _, dup := e.packs[p.ID]; dup {
			return nil, fmt.Errorf("indicator engine: pack %s given twice", p.ID)
		}
		e.packs[p.ID] = p
		e.order = append(e.order, p.ID)
		e.inds[p.ID] = map[string]*cind{}
		for k := range p.Indicators {
			ind := &p.Indicators[k]
			ci, err := c.indicator(p, ind)
			if err != nil {
				return nil, fmt.Errorf("indicator engine: pack %s indicator %s: %w", p.ID, ind.ID, err)
			}
			e.inds[p.ID][ind.ID] = ci
		}
	}
	sort.Strings(e.order)
	for k, a := range e.aggs {
		switch a.pop {
		case popMediations:
			e.medAggs = append(e.medAggs, k)
		case popJudges:
			e.judgeAggs = append(e.judgeAggs, k)
		default:
			e.procAggs = append(e.procAggs, k)
		}
	}
	// Columns with cheap filters go first: most proceedings fail them before the costly ones.
	sort.SliceStable(e.procAggs, func(x, y int) bool {
		return e.aggs[e.procAggs[x]].pop < e.aggs[e.procAggs[y]].pop
	})
	// A proceeding only visits the columns its stage can pass: most filters name stages.
	e.byStage = make([][]int, len(qingfeng.Stages)+1)
	for s := range e.byStage {
		for _, k := range e.procAggs {
			if m := e.aggs[k].f.stage; m == 0 || m&(1<<s) != 0 || e.aggs[k].pop != popProcs {
				e.byStage[s] = append(e.byStage[s], k)
			}
		}
	}
	since := cfg.Since
	if since == 0 {
		since = qingfeng.NewDate(2000, 1, 1)
	}
	e.cells.floor = monthOf(since)
	e.cells.setLayout(e.columnGroups())
	e.config = e.configFingerprint(cfg)
	e.reset()
	return e, nil
}

// columnGroups sorts the narrow columns by the side of the court that reaches them (see
// cells): 1 when every proceeding counted for a unit is in enforcement, 2 when in trial, 3 for
// mediations (courts only), else 0.
func (e *Engine) columnGroups() []uint8 {
	var enf, trial uint32
	for k, s := range qingfeng.Stages {
		if s.IsEnforcement() {
			enf |= 1 << (k + 1)
		}
		if s.IsTrial() {
			trial |= 1 << (k + 1)
		}
	}
	out := make([]uint8, e.nNarrow)
	for k := range e.aggs {
		a := &e.aggs[k]
		if a.wide || a.pop == popJudges {
			continue
		}
		if a.pop == popMediations { // courts only
			out[a.slot] = 3
			continue
		}
		mask := a.f.stage // the stages of the proceeding whose units are credited
		switch a.attr {
		case attrOrigin:
			mask = 0
			if a.f.origin != nil {
				mask = a.f.origin.stage
			}
		case attrRoot:
			mask = 0
		}
		switch {
		case mask != 0 && mask&^enf == 0:
			out[a.slot] = 1
		case mask != 0 && mask&^trial == 0:
			out[a.slot] = 2
		}
	}
	return out
}

// NewDefault builds an engine over every pack in the definitions tree fsys (defs.Default()
// or a court's overlay), with its time-limit table and holiday calendar.
func NewDefault(fsys fs.FS) (*Engine, error) {
	packs, err := Packs(fsys)
	if err != nil {
		return nil, err
	}
	lim, err := calendar.LoadLimits(fsys)
	if err != nil {
		return nil, err
	}
	cal, err := calendar.LoadCalendar(fsys)
	if err != nil {
		return nil, err
	}
	var list []*Pack
	for _, id := range PackIDs(packs) {
		list = append(list, packs[id])
	}
	return NewEngine(Config{Packs: list, Limits: lim, Calendar: cal})
}

// reset empties the data.
func (e *Engine) reset() {
	e.nums = newNumbers()
	e.p = procs{}
	e.u = newUnits()
	e.med = mediations{ids: newTable(serialIDs)}
	e.caseKeys = hashRows{}
	e.multi = map[int32][]contrib{}
	e.events = map[int32][]cevent{}
	e.evOwner = hashRows{}
	e.thresholds = map[ageKey]qingfeng.Date{}
	e.mark = map[int32]bool{}
	e.seq, e.seqHash, e.asOf = 0, "", 0
	e.cells.reset(e.nNarrow, e.nWide)
}

// Seq is the sequence number of the last log entry applied: the data time of every value.
func (e *Engine) Seq() int64 {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.seq
}

// AsOf is the latest filing, closing or event date in the data.
func (e *Engine) AsOf() qingfeng.Date {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.asOf
}

// Pack returns a pack of the engine by id.
func (e *Engine) Pack(id string) (*Pack, bool) {
	p, ok := e.packs[id]
	return p, ok
}

// PackIDs lists the engine's packs.
func (e *Engine) PackIDs() []string { return append([]string(nil), e.order...) }

// Proceedings is how many proceedings the engine holds.
func (e *Engine) Proceedings() int {
	e.mu.RLock()
	defer e.mu.RUnlock()
	n := 0
	for _, f := range e.p.flags {
		if f&fPresent != 0 {
			n++
		}
	}
	return n
}

// keyHash is a record key's 64-bit hash: FNV-1a from the engine's seed over the key's parts,
// finished with MurmurHash3's fmix64 so that the high bits the tables slot by are mixed. It is
// not maphash because a snapshot must reproduce it: maphash's seeds cannot be saved.
func (e *Engine) keyHash(k qingfeng.Key) uint64 {
	const prime = 0x100000001b3
	h := e.keySeed ^ 0xcbf29ce484222325
	add := func(s string) {
		for i := 0; i < len(s); i++ {
			h = (h ^ uint64(s[i])) * prime
		}
		h = (h ^ 0x1f) * prime
	}
	add(string(k.Kind))
	add(k.Src)
	add(k.SrcID)
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb3f9ec6e88d7
	h ^= h >> 33
	return h
}

// row returns the row of a case number, adding a placeholder when new.
func (e *Engine) row(number string) int32 {
	r, fresh := e.nums.row(number)
	if fresh {
		e.p.grow()
	}
	return r
}

func (e *Engine) reason(s string) uint16 {
	if i, ok := e.reasonIdx[s]; ok {
		return i
	}
	e.reasons = append(e.reasons, s)
	e.reasonIdx[s] = uint16(len(e.reasons) - 1)
	return uint16(len(e.reasons) - 1)
}

func (e *Engine) seeDate(d qingfeng.Date) {
	if d > e.asOf {
		e.asOf = d
	}
}
