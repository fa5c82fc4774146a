package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/access"
	"github.com/qingfeng-court/qingfeng/store"
)

// DemoAccount is one account made for the demo, with the password (or token secret) to print.
type DemoAccount struct {
	Role     qingfeng.UserRole
	Login    string // a user's login, or the token's name for the source role
	Secret   string
	CourtID  string
	Court    string // the court's name
	PersonID string
}

// DemoAccounts makes one account per role for a generated province: the administrator,
// analyst, inspector and auditor at the top court; a reviewer (the president) and a judge at a
// basic court below it; and an API token for the case management system. Running it again
// gives the same users fresh passwords and makes a fresh token, so that what it prints always
// works. It needs the province's courts and staff in st.
func DemoAccounts(ctx context.Context, st store.Store, acc store.Accounts, a *Authenticator) ([]DemoAccount, error) {
	courts, err := st.Courts(ctx)
	if err != nil {
		return nil, err
	}
	people, err := st.People(ctx)
	if err != nil {
		return nil, err
	}
	tree := access.NewTree(courts)
	top := biggestRoot(tree)
	if top == "" {
		return nil, errors.New("demo accounts: no courts loaded")
	}
	president, basic := pick(tree, people, top, qingfeng.RolePresident, "", "")
	judge, _ := pick(tree, people, top, qingfeng.RoleJudge, basic, president)
	if basic == "" {
		basic = top
	}
	plan := []struct {
		role   qingfeng.UserRole
		court  string
		person string
	}{
		{qingfeng.UserAdmin, top, ""}, {qingfeng.UserAnalyst, top, ""}, {qingfeng.UserInspector, top, ""},
		{qingfeng.UserReviewer, basic, president}, {qingfeng.UserJudge, basic, judge}, {qingfeng.UserAuditor, top, ""},
	}
	var out []DemoAccount
	for _, p := range plan {
		d, err := demoUser(ctx, acc, a, string(p.role), p.role, p.court, p.person)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	tok, secret, err := a.NewToken(ctx, "demo-cms-"+HashSecret(NewSecret())[:6], "cms", []string{top}, "demo")
	if err != nil {
		return nil, fmt.Errorf("demo token: %w", err)
	}
	out = append(out, DemoAccount{Role: qingfeng.UserSource, Login: tok.Name, Secret: secret, CourtID: top})
	for i := range out {
		if c, ok := tree.Court(out[i].CourtID); ok {
			out[i].Court = c.Name
		}
	}
	return out, nil
}

func demoUser(ctx context.Context, acc store.Accounts, a *Authenticator, login string, role qingfeng.UserRole, court, person string) (DemoAccount, error) {
	name := access.RoleNames[role].ZH + "（演示）"
	u, err := acc.UserByLogin(ctx, login)
	switch {
	case errors.Is(err, store.ErrNotFound):
		u = &qingfeng.User{Login: login, Name: name, Roles: []qingfeng.UserRole{role}, CourtID: court, PersonID: person}
		err = acc.CreateUser(ctx, u)
	case err == nil:
		u.Name, u.Roles, u.CourtID, u.PersonID, u.Disabled = name, []qingfeng.UserRole{role}, court, person, false
		err = acc.UpdateUser(ctx, u)
	}
	if err != nil {
		return DemoAccount{}, fmt.Errorf("demo user %s: %w", login, err)
	}
	pw := "demo-" + NewSecret()[:12]
	if err := a.SetPassword(ctx, u, pw); err != nil {
		return DemoAccount{}, fmt.Errorf("demo user %s: %w", login, err)
	}
	return DemoAccount{Role: role, Login: login, Secret: pw, CourtID: court, PersonID: person}, nil
}

// biggestRoot is the top court with the most courts below it: the province's high court.
func biggestRoot(t *access.Tree) string {
	best, n := "", 0
	for _, r := range t.Roots() {
		if k := len(t.Subtree(r)); k > n {
			best, n = r, k
		}
	}
	return best
}

// pick returns the first serving person (by id) other than not, with role r, at a basic court
// below top (at court when court is set), and the court.
func pick(t *access.Tree, people []qingfeng.Person, top string, r qingfeng.Role, court, not string) (string, string) {
	in := map[string]bool{}
	for _, c := range t.Subtree(top) {
		if cc, _ := t.Court(c); cc.Level == qingfeng.LevelBasic {
			in[c] = true
		}
	}
	slices.SortFunc(people, func(a, b qingfeng.Person) int { return strings.Compare(a.ID, b.ID) })
	for _, p := range people {
		if in[p.CourtID] && (court == "" || p.CourtID == court) && p.ID != not && p.To.IsZero() && p.HasRole(r) {
			return p.ID, p.CourtID
		}
	}
	return "", court
}
