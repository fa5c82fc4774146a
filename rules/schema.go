package rules

import (
	"encoding/json"
	"reflect"
	"strconv"
	"time"
	"unsafe"

	"github.com/qingfeng-court/qingfeng"
)

// Attrs are the attributes of events that rules compute with, typed (docs/data-format.md,
// "event", and the generator's additions in gen/README.md). An attribute has one meaning and
// one type whatever the event type; one that an event does not carry is zero. Money is in fen,
// dates are day numbers (qingfeng.Date), so that rules compare and subtract plain integers.
// Attributes not listed here are kept in the store but not seen by rules.
type Attrs struct {
	// filing and assignment
	Method     string `expr:"method"`   // assigned: random | designated
	JudgeID    string `expr:"judge_id"` // assigned
	From       string `expr:"from"`     // judge_changed (person), procedure_converted (procedure)
	To         string `expr:"to"`
	Reason     string `expr:"reason"`
	ApproverID string `expr:"approver_id"`
	// trial
	Open          bool   `expr:"open"`
	Document      string `expr:"document"`
	Days          int    `expr:"days"`
	Level         string `expr:"level"`
	PartyIndex    int    `expr:"party_index"`
	HearingOn     int    `expr:"hearing_on" qf:"date"`
	ClosingMethod string `expr:"closing_method"`
	ToCourtID     string `expr:"to_court_id"`
	Protest       bool   `expr:"protest"`
	// supervision
	Type            string `expr:"type"` // four_type_flagged: the 四类 sub-type
	By              string `expr:"by"`
	ReviewerID      string `expr:"reviewer_id"`
	DocumentVersion int    `expr:"document_version"`
	Measure         string `expr:"measure"`
	Result          string `expr:"result"`
	Majority        string `expr:"majority"`
	PresidentID     string `expr:"president_id"`
	Decision        string `expr:"decision"`
	Part            string `expr:"part"`
	Content         string `expr:"content"`
	// preservation and enforcement
	Urgent         bool   `expr:"urgent"`
	Amount         int    `expr:"amount" qf:"money"`
	AssetKind      string `expr:"asset_kind"`
	Until          int    `expr:"until" qf:"date"`
	AuctionOn      int    `expr:"auction_on" qf:"date"`
	Price          int    `expr:"price" qf:"money"`
	Value          int    `expr:"value" qf:"money"`
	Kind           string `expr:"kind"` // asset_found: asset kind; petition_received: petition | complaint | report
	Channel        string `expr:"channel"`
	Found          bool   `expr:"found"`
	Renewed        bool   `expr:"renewed"`
	CreditorSigned bool   `expr:"creditor_signed"`
	// money
	Account       string `expr:"account"`
	PayeeName     string `expr:"payee_name"`
	PayeeAccount  string `expr:"payee_account"`
	PayeeIsParty  bool   `expr:"payee_is_party"`
	ApprovalLevel string `expr:"approval_level"`
	// petitions
	TargetPersonID string `expr:"target_person_id"`
	RealName       bool   `expr:"real_name"`
	// commutation
	SentenceMonths  int    `expr:"sentence_months"`
	ServedMonths    int    `expr:"served_months"`
	ReductionMonths int    `expr:"reduction_months"`
	Grounds         string `expr:"grounds"`
	CrimeClass      string `expr:"crime_class"`
	// docket entries of foreign courts (pacer: the date filed and the date the clerk entered it)
	FiledOn        int    `expr:"filed_on" qf:"date"`
	EnteredOn      int    `expr:"entered_on" qf:"date"`
	DocumentNumber string `expr:"document_number"`
}

// attrKind is how an attribute is held and converted.
type attrKind uint8

const (
	kString attrKind = iota
	kInt
	kBool
	kMoney
	kDate
)

// attrField is one field of Attrs.
type attrField struct {
	name   string
	index  int
	kind   attrKind
	offset uintptr // in Attrs, for fill and unset (which write fields without reflection)
}

var (
	attrFields []attrField      // by field index
	attrByName map[string]uint8 // attribute name → field index
	attrsType  = reflect.TypeFor[Attrs]()
)

func init() {
	attrByName = map[string]uint8{}
	for i := range attrsType.NumField() {
		f := attrsType.Field(i)
		k := kString
		switch {
		case f.Tag.Get("qf") == "money":
			k = kMoney
		case f.Tag.Get("qf") == "date":
			k = kDate
		case f.Type.Kind() == reflect.Int:
			k = kInt
		case f.Type.Kind() == reflect.Bool:
			k = kBool
		}
		if want := map[attrKind]reflect.Kind{kString: reflect.String, kBool: reflect.Bool}[k]; want == 0 && f.Type.Kind() != reflect.Int ||
			want != 0 && f.Type.Kind() != want {
			panic("rules: Attrs." + f.Name + " has a type fill cannot set") // a programming error, caught by any test
		}
		name := f.Tag.Get("expr")
		attrFields = append(attrFields, attrField{name: name, index: i, kind: k, offset: f.Offset})
		attrByName[name] = uint8(i)
	}
}

// AttrNames lists the attribute names rules can read, in schema order.
func AttrNames() []string {
	out := make([]string, len(attrFields))
	for i, f := range attrFields {
		out[i] = f.name
	}
	return out
}

// Attr is one attribute of a compact event: the Attrs field and its value (S for strings, N
// for every other kind).
type Attr struct {
	F uint8
	S string
	N int64
}

// Event is an event as the risk engine keeps it in memory: its key, its instant (with the
// offset it was written in, so that its local date is kept), and its typed attributes.
type Event struct {
	Seq   int64
	Src   string
	SrcID string
	Type  string
	Actor string
	Unix  int64 // seconds
	Date  qingfeng.Date
	Off   int32 // the instant's offset from UTC, seconds (next to Date: the two 4-byte fields share a word)
	Attrs []Attr
	tn    typeNum // the number of Type when it was compacted (0: none then; looked up again)
	tg    uint16  // how many types were numbered then (typeNum looks again only if more are now)
}

// Compact converts a stored event (with its log key and sequence) into the engine's form.
// Attributes the schema does not know are dropped; one whose value cannot be read as its
// type (a date that is not a date) is left out, as if absent.
func Compact(e *qingfeng.Event, key qingfeng.Key, seq int64) Event {
	return CompactWith(e, key, seq, CompactAttrs(e))
}

// CompactWith is Compact with the event's attributes already converted by CompactAttrs.
func CompactWith(e *qingfeng.Event, key qingfeng.Key, seq int64, attrs []Attr) Event {
	_, off := e.At.Zone()
	tn, tg := typeNumAt(e.Type)
	return Event{Seq: seq, Src: key.Src, SrcID: key.SrcID, Type: e.Type, Actor: e.ActorID, Date: e.Date(),
		Unix: e.At.Unix(), Off: int32(off), Attrs: attrs, tn: tn, tg: tg}
}

// CompactAttrs converts a stored event's attributes: the costly part of Compact, which a
// caller folding many events in may do ahead, on every core.
func CompactAttrs(e *qingfeng.Event) []Attr {
	if len(e.Attrs) == 0 {
		return nil
	}
	out := make([]Attr, 0, len(e.Attrs))
	for name, v := range e.Attrs {
		if i, ok := attrByName[name]; ok {
			if a, ok := convert(attrFields[i], v); ok {
				out = append(out, a)
			}
		}
	}
	return out
}

func convert(f attrField, v any) (Attr, bool) {
	a := Attr{F: uint8(f.index)}
	switch f.kind {
	case kString:
		switch x := v.(type) {
		case string:
			a.S = x
		case float64:
			a.S = strconv.FormatFloat(x, 'f', -1, 64)
		case json.Number:
			a.S = x.String()
		case bool:
			a.S = strconv.FormatBool(x)
		default:
			return a, false
		}
	case kInt:
		switch x := v.(type) {
		case float64:
			a.N = int64(x)
		case json.Number:
			n, err := x.Int64()
			if err != nil {
				return a, false
			}
			a.N = n
		case string:
			n, err := strconv.Atoi(x)
			if err != nil {
				return a, false
			}
			a.N = int64(n)
		default:
			return a, false
		}
	case kBool:
		switch x := v.(type) {
		case bool:
			a.N = b2i(x)
		case string:
			b, err := strconv.ParseBool(x)
			if err != nil {
				return a, false
			}
			a.N = b2i(b)
		default:
			return a, false
		}
	case kMoney:
		switch x := v.(type) {
		case string:
			m, err := qingfeng.ParseMoney(x)
			if err != nil {
				return a, false
			}
			a.N = int64(m)
		case float64:
			a.N = int64(x*100 + 0.5)
		default:
			return a, false
		}
	case kDate:
		s, ok := v.(string)
		if !ok {
			return a, false
		}
		d, err := qingfeng.ParseDate(s)
		if err != nil {
			return a, false
		}
		a.N = int64(d)
	}
	return a, true
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// At returns the event's instant in the offset it was written in.
func (e *Event) At() time.Time {
	return time.Unix(e.Unix, 0).In(zoneOf(e.Off))
}

// Zones of the offsets of whole quarter hours from UTC-12 to UTC+14 (every offset in use), made
// once: time.FixedZone allocates, and evidence asks for an event's instant often.
var quarterZones = func() []*time.Location {
	out := make([]*time.Location, 26*4+1)
	for i := range out {
		out[i] = time.FixedZone("", (i-12*4)*900)
	}
	return out
}()

// zoneOf is the zone of an offset in seconds east of UTC.
func zoneOf(off int32) *time.Location {
	if off%900 == 0 {
		if i := int(off/900) + 12*4; i >= 0 && i < len(quarterZones) {
			return quarterZones[i]
		}
	}
	return time.FixedZone("", int(off))
}

// AttrMap returns the event's attributes in the interchange format's shape (money as yuan
// strings, dates as YYYY-MM-DD), for evidence and the calendar.
func (e *Event) AttrMap() map[string]any {
	if len(e.Attrs) == 0 {
		return nil
	}
	m := make(map[string]any, len(e.Attrs))
	for _, a := range e.Attrs {
		f := attrFields[a.F]
		switch f.kind {
		case kString:
			m[f.name] = a.S
		case kInt:
			m[f.name] = float64(a.N)
		case kBool:
			m[f.name] = a.N != 0
		case kMoney:
			m[f.name] = qingfeng.Money(a.N).String()
		case kDate:
			m[f.name] = qingfeng.Date(a.N).String()
		}
	}
	return m
}

// Domain returns the event as a domain event of proceeding number, for the calendar's clock.
func (e *Event) Domain(number string) qingfeng.Event {
	return qingfeng.Event{CaseNumber: number, Type: e.Type, At: e.At(), ActorID: e.Actor, Attrs: e.AttrMap()}
}

// fill sets the attributes of e into v, whose other fields must be zero.
func (e *Event) fill(v *Attrs) {
	base := unsafe.Pointer(v)
	for _, a := range e.Attrs {
		f := &attrFields[a.F]
		p := unsafe.Add(base, f.offset)
		switch f.kind {
		case kString:
			*(*string)(p) = a.S
		case kBool:
			*(*bool)(p) = a.N != 0
		default:
			*(*int)(p) = int(a.N)
		}
	}
}

// unset zeroes the fields of v that attrs set.
func unset(v *Attrs, attrs []Attr) {
	base := unsafe.Pointer(v)
	for _, a := range attrs {
		f := &attrFields[a.F]
		p := unsafe.Add(base, f.offset)
		switch f.kind {
		case kString:
			*(*string)(p) = ""
		case kBool:
			*(*bool)(p) = false
		default:
			*(*int)(p) = 0
		}
	}
}
