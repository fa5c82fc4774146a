package gen

import (
	"fmt"
	"sync"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/casenum"
)

// Case-type codes (类型代字) the generator writes. Category and stage come from the project's
// case-type table (defs/casetypes via casenum), so that a generated proceeding always agrees
// with what the ingester derives from its number.
const (
	tCivilFirst      = "民初"
	tCivilAppeal     = "民终"
	tCivilReview     = "民申"
	tCivilRetrial    = "民再"
	tCrimFirst       = "刑初"
	tCrimAppeal      = "刑终"
	tCommutation     = "刑更"
	tAdminFirst      = "行初"
	tAdminAppeal     = "行终"
	tAdminReview     = "行申"
	tStateComp       = "委赔"
	tEnforce         = "执"
	tEnforceResumed  = "执恢"
	tObjection       = "执异"
	tObjectionReview = "执复"
	tSupervision     = "执监"
	tPreserveExec    = "执保"
	tPreservation    = "财保"
)

var typeCodes = []string{tCivilFirst, tCivilAppeal, tCivilReview, tCivilRetrial, tCrimFirst, tCrimAppeal,
	tCommutation, tAdminFirst, tAdminAppeal, tAdminReview, tStateComp, tEnforce, tEnforceResumed, tObjection,
	tObjectionReview, tSupervision, tPreserveExec, tPreservation}

type typeInfo struct {
	category qingfeng.Category
	stage    qingfeng.Stage
	src      string // source system that writes the case record
}

var caseTypes map[string]typeInfo

var loadCaseTypes = sync.OnceValue(func() error {
	t := casenum.Default()
	m := map[string]typeInfo{}
	for _, code := range typeCodes {
		info, ok := t.Lookup(code)
		if !ok {
			return fmt.Errorf("gen: case-type code %s is not in the case-type table", code)
		}
		src := srcCMS
		if info.Category == qingfeng.CatEnforcement {
			src = srcExec
		}
		m[code] = typeInfo{category: info.Category, stage: info.Stage, src: src}
	}
	caseTypes = m
	return nil
})
