package pacer

import (
	"regexp"
	"strings"

	"github.com/qingfeng-court/qingfeng"
)

// caseTypeOf reads the case-type letters of a district-style docket number, "1:15-cv-00105"
// → "cv", when juriscraper has not already given them.
var caseTypeOf = regexp.MustCompile(`^\d+:\d{2}-([a-z]{2,3})-\d+`)

// kinds are what the case-type letters of a district or bankruptcy docket number mean for
// Qingfeng's category and stage. Bankruptcy cases are civil matters outside first instance,
// as 破产 cases are in the SPC's case-type table (defs/casetypes/casetypes.yaml); an adversary
// proceeding is a lawsuit inside a bankruptcy case.
var kinds = map[string]struct {
	cat   qingfeng.Category
	stage qingfeng.Stage
}{
	"cv": {qingfeng.CatCivil, qingfeng.StageFirstInstance},    // civil action
	"cr": {qingfeng.CatCriminal, qingfeng.StageFirstInstance}, // criminal case
	"po": {qingfeng.CatCriminal, qingfeng.StageFirstInstance}, // petty offence
	"mj": {qingfeng.CatCriminal, qingfeng.StageOther},         // magistrate judge: complaints, warrants
	"md": {qingfeng.CatCivil, qingfeng.StageOther},            // multidistrict litigation
	"mc": {qingfeng.CatOther, qingfeng.StageOther},            // miscellaneous
	"bk": {qingfeng.CatCivil, qingfeng.StageOther},            // bankruptcy case
	"ap": {qingfeng.CatCivil, qingfeng.StageFirstInstance},    // adversary proceeding
	"":   {qingfeng.CatOther, qingfeng.StageOther},            // not stated
}

// classify gives a proceeding's category and stage from its court and docket. Appellate courts
// hear second instances; their case-type line says criminal, agency review or (by default) civil.
func classify(d *docket, court *qingfeng.Court) (qingfeng.Category, qingfeng.Stage) {
	info := strings.ToLower(d.CaseTypeInfo.clean())
	switch {
	case court.Code == "jpml":
		return qingfeng.CatOther, qingfeng.StageOther
	case court.Code == "cavc":
		return qingfeng.CatAdministrative, qingfeng.StageFirstInstance // review of the Board of Veterans' Appeals
	case court.Level == qingfeng.LevelIntermediate:
		switch {
		case strings.Contains(info, "criminal"):
			return qingfeng.CatCriminal, qingfeng.StageSecondInstance
		case strings.Contains(info, "agency"):
			return qingfeng.CatAdministrative, qingfeng.StageSecondInstance
		}
		return qingfeng.CatCivil, qingfeng.StageSecondInstance
	}
	typ := strings.ToLower(d.CaseType.clean())
	if typ == "" {
		if m := caseTypeOf.FindStringSubmatch(d.DocketNumber.clean()); m != nil {
			typ = m[1]
		} else if court.Level == qingfeng.LevelTribunal {
			typ = "bk" // a bankruptcy court's own number, 09-32303: a bankruptcy case
		}
	}
	k, ok := kinds[typ]
	if !ok {
		k = kinds[""]
	}
	return k.cat, k.stage
}
