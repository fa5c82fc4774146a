package ingest

import (
	"context"
	"sort"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// isReferenceLine says whether a line belongs to the reference pass, by its sniffed kind.
// Both passes use the same test, so every line is read in exactly one of them.
func isReferenceLine(line []byte) bool { return sniffKind(line).IsReference() }

// readFile feeds the lines of one file that belong to the given pass to emit. want, when
// given, decides for JSON Lines files which lines belong to the pass, in place of
// isReferenceLine.
func (in *Ingester) readFile(f inputFile, reference bool, want func([]byte) bool, emit func(item) error,
	progress func(int)) error {
	if f.mapped {
		p := in.opts.Profile
		if p.Kind.IsReference() != reference {
			return nil
		}
		if p.Format == FormatJSON {
			return readJSONRows(f, p, emit, progress)
		}
		return readCSV(f, p, emit, progress)
	}
	if want == nil {
		want = func(line []byte) bool { return isReferenceLine(line) == reference }
	}
	return readJSONL(f, want, emit, progress)
}

// pendingRef is a decoded reference record waiting for its turn to be validated.
type pendingRef struct {
	it    item
	key   qingfeng.Key
	value any
	p     *Problem
	depth int // for courts: distance from the top of the hierarchy known in this run
}

// reference loads courts, divisions, people, relatives and lawyers. They are few, so they
// are decoded into memory, put in dependency order (courts top-down, then divisions, people,
// relatives, lawyers) and validated one by one against what is already accepted.
func (p *pass) reference(ctx context.Context) error {
	var pending []pendingRef
	err := p.src(true, func(it item) error {
		if it.toMap != nil {
			if it.toMap.m.skipped(it.toMap) {
				p.sum.Skipped++
				return nil
			}
			it = it.toMap.m.record(it.toMap, it.origin)
		}
		pr := pendingRef{it: it, key: it.key, p: it.problem}
		switch {
		case pr.p == nil && it.value != nil:
			pr.value = it.value
		case pr.p == nil:
			pr.key, pr.value, pr.p = decodeLine(it.line)
		}
		pending = append(pending, pr)
		return nil
	}, p.bar.add)
	if err != nil {
		return err
	}
	in, dec, sum := p.in, p.dec, p.sum
	orderReferences(pending)
	b := &store.Batch{}
	for i := range pending {
		pr := &pending[i]
		sum.Read++
		sum.kind(pr.key.Kind).Read++
		if pr.p == nil {
			pr.p = dec.validate(pr.key, pr.value)
			pr.it.annotate(pr.p)
		}
		if pr.p != nil {
			b.Rejections = append(b.Rejections, in.rejection(&pr.it, pr.key, pr.p))
			continue
		}
		rec, err := qingfeng.NewRecord(pr.key.Src, pr.key.SrcID, pr.value, pr.it.origin)
		if err != nil {
			b.Rejections = append(b.Rejections, in.rejection(&pr.it, pr.key, rJSONField.at("", "", err.Error())))
			continue
		}
		dec.refs.add(pr.value)
		b.Records = append(b.Records, rec)
		if len(b.Records) >= in.opts.BatchSize {
			if err := p.commit(ctx, b); err != nil {
				return err
			}
			b = &store.Batch{}
		}
	}
	return p.commit(ctx, b)
}

// orderReferences sorts reference records so that everything a record refers to comes
// before it; records keep their file order otherwise.
func orderReferences(rs []pendingRef) {
	rank := map[qingfeng.Kind]int{}
	for i, k := range qingfeng.Kinds {
		rank[k] = i
	}
	setCourtDepths(rs)
	sort.SliceStable(rs, func(i, j int) bool {
		ri, rj := rank[rs[i].key.Kind], rank[rs[j].key.Kind]
		if ri != rj {
			return ri < rj
		}
		return rs[i].depth < rs[j].depth
	})
}

// setCourtDepths gives each court record its distance from the top of the hierarchy known in
// this run, so parents are validated before children.
func setCourtDepths(rs []pendingRef) {
	parent := map[string]string{}
	for _, r := range rs {
		if c, ok := r.value.(*qingfeng.Court); ok {
			parent[c.ID] = c.ParentID
		}
	}
	for i := range rs {
		c, ok := rs[i].value.(*qingfeng.Court)
		if !ok {
			continue
		}
		d, id := 0, c.ParentID
		for id != "" && d < 16 {
			d++
			id = parent[id]
		}
		rs[i].depth = d
	}
}
