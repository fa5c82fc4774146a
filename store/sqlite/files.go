package sqlite

import (
	"fmt"

	"github.com/qingfeng-court/qingfeng"
)

// fileTx gives ids to the file names of one commit's records. A batch names a file or two, so
// each is looked up once per commit unless the store already knows it; ids the commit adds
// reach the store's cache only once it has committed.
type fileTx struct {
	w     *writer
	cache *map[string]int64 // committed names, guarded by Store.mu
	ids   map[string]int64  // every name of the batch
}

// resolve finds or adds the id of every file the batch's records name.
func (f *fileTx) resolve(recs []qingfeng.Record) error {
	f.ids = map[string]int64{}
	for i := range recs {
		name := recs[i].Origin.File
		if _, ok := f.ids[name]; ok {
			continue
		}
		if id, ok := (*f.cache)[name]; ok {
			f.ids[name] = id
			continue
		}
		id, ok, err := f.w.queryInt(f.w.st.fileLookup, name)
		if err != nil {
			return fmt.Errorf("file %s: %w", name, err)
		}
		if !ok {
			r, err := f.w.exec(f.w.st.fileInsert, name)
			if err != nil {
				return fmt.Errorf("file %s: %w", name, err)
			}
			if id, err = r.LastInsertId(); err != nil {
				return err
			}
		}
		f.ids[name] = id
	}
	return nil
}

// fileCacheMax bounds the store's cache of file names; past it the cache starts afresh.
const fileCacheMax = 4096

// keep moves the ids of a committed transaction into the store's cache.
func (f *fileTx) keep() {
	if *f.cache == nil || len(*f.cache) >= fileCacheMax {
		*f.cache = map[string]int64{}
	}
	for name, id := range f.ids {
		(*f.cache)[name] = id
	}
}
