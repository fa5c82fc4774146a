package web

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/qingfeng-court/qingfeng/i18n"
)

// defFile is one definition file in force.
type defFile struct {
	Path   string `json:"path"`
	Size   int    `json:"size"`
	SHA256 string `json:"sha256"`
	Own    bool   `json:"court_own"` // the court's own file, replacing or adding to the embedded set
	Title  string `json:"title"`     // the first comment line of its header
}

func (s *Server) defFiles() ([]defFile, error) {
	if s.opts.Defs == nil {
		return []defFile{}, nil
	}
	out := []defFile{}
	err := fs.WalkDir(s.opts.Defs, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(s.opts.Defs, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		f := defFile{Path: p, Size: len(b), SHA256: hex.EncodeToString(sum[:]), Title: headerTitle(b)}
		if s.opts.Embedded != nil {
			base, err := fs.ReadFile(s.opts.Embedded, p)
			f.Own = err != nil || !bytes.Equal(base, b)
		}
		out = append(out, f)
		return nil
	})
	return out, err
}

// headerTitle is the first comment line of a definition file: each names what it is.
func headerTitle(b []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if t, ok := strings.CutPrefix(line, "#"); ok && strings.TrimSpace(t) != "" {
			return strings.TrimSpace(t)
		}
		if line != "" && !strings.HasPrefix(line, "#") {
			break
		}
	}
	return ""
}

func (s *Server) apiDefs(c *call) error {
	files, err := s.defFiles()
	if err != nil {
		return err
	}
	return c.answer(files, func() *table {
		t := &table{name: "definitions", cols: []i18n.Text{{ZH: "文件", EN: "File"}, {ZH: "说明", EN: "Title"},
			{ZH: "字节", EN: "Bytes"}, {ZH: "本院文件", EN: "Court's own"}, {ZH: "SHA-256", EN: "SHA-256"}}}
		for _, f := range files {
			t.add(f.Path, f.Title, strconv.Itoa(f.Size), strconv.FormatBool(f.Own), f.SHA256)
		}
		return t
	})
}

// defsView is the definitions page: the files in force and the rule pack the engine runs.
type defsView struct {
	Files []defFile
	Pack  *packView
}

func (s *Server) defsPage(c *call) error {
	files, err := s.defFiles()
	if err != nil {
		return err
	}
	c.render("defs.html", i18n.Text{ZH: "定义文件", EN: "Definitions"}, defsView{Files: files, Pack: s.rulePack()})
	return nil
}

// defsFile shows one file as text.
func (s *Server) defsFile(c *call) error {
	p := c.r.PathValue("path")
	if s.opts.Defs == nil || !fs.ValidPath(p) || path.Clean(p) != p {
		return errNotFound
	}
	b, err := fs.ReadFile(s.opts.Defs, p)
	if err != nil {
		return errNotFound
	}
	c.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	c.w.Write(b)
	return nil
}
