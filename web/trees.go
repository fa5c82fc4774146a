package web

import (
	"context"
	"sync"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/access"
	"github.com/qingfeng-court/qingfeng/store"
)

// treeCache keeps the court hierarchy for scope checks, reloading it when it is older than ttl
// (courts change rarely: a merger, a new tribunal) or when told that courts were ingested.
type treeCache struct {
	st  store.Store
	ttl time.Duration

	mu     sync.Mutex
	tree   *access.Tree
	people map[string]*qingfeng.Person    // person id → the person, for names and review roles
	divs   map[string][]qingfeng.Division // court id → its divisions
	loaded time.Time
}

func newTreeCache(st store.Store, ttl time.Duration) *treeCache { return &treeCache{st: st, ttl: ttl} }

func (c *treeCache) get(ctx context.Context) (*access.Tree, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tree != nil && time.Since(c.loaded) < c.ttl {
		return c.tree, nil
	}
	courts, err := c.st.Courts(ctx)
	if err != nil {
		return nil, err
	}
	people, err := c.st.People(ctx)
	if err != nil {
		return nil, err
	}
	divisions, err := c.st.Divisions(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*qingfeng.Person, len(people))
	for i := range people {
		byID[people[i].ID] = &people[i]
	}
	divs := map[string][]qingfeng.Division{}
	for _, d := range divisions {
		divs[d.CourtID] = append(divs[d.CourtID], d)
	}
	c.tree, c.people, c.divs, c.loaded = access.NewTree(courts), byID, divs, time.Now()
	return c.tree, nil
}

// divisions returns a court's divisions as last loaded.
func (c *treeCache) divisions(court string) []qingfeng.Division {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.divs[court]
}

// personName names a member of staff, their id when unknown.
func (c *treeCache) personName(id string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.people[id]; ok {
		return p.Name
	}
	return id
}

// person returns a member of staff as last loaded.
func (c *treeCache) person(id string) (*qingfeng.Person, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.people[id]
	return p, ok
}

// invalidate makes the next get reload.
func (c *treeCache) invalidate() {
	c.mu.Lock()
	c.tree = nil
	c.mu.Unlock()
}
