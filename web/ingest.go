package web

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/access"
)

// outOfScope is a pushed line the token may not write.
type outOfScope struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// apiIngest stores the JSON Lines a source system pushes. Every line must carry the token's
// source and belong to one of its courts; if any does not, nothing is stored and the answer
// lists the lines. Lines that are not valid records go to quarantine as from a file.
func (s *Server) apiIngest(c *call) error {
	if s.opts.Ingester == nil {
		return errStatus(http.StatusServiceUnavailable, "本实例未启用导入", "ingest is not enabled on this instance")
	}
	tok := c.p.Token
	body, err := io.ReadAll(http.MaxBytesReader(c.w, c.r.Body, s.opts.MaxIngestBytes))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return errStatus(http.StatusRequestEntityTooLarge, "请求过大（上限 %d 字节），请分批推送", "the body is over %d bytes; push in batches", tooBig.Limit)
	}
	if err != nil {
		return badRequest("读取请求失败", "reading the body failed: %v", err)
	}
	bad, err := s.checkPushed(c, body)
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		if err := c.record("records.ingest", tok.Name, c.p.CourtID, qingfeng.AuditDenied,
			fmt.Sprintf("%d lines outside the token's source or courts, first at line %d: %s", len(bad), bad[0].Line, bad[0].Reason)); err != nil {
			return err
		}
		c.json(http.StatusForbidden, map[string]any{"error": "records outside this token's source or courts; nothing was stored",
			"lines": bad[:min(len(bad), 100)], "count": len(bad)})
		return nil
	}
	sum, err := s.opts.Ingester.RunReader(c.r.Context(), "api:"+tok.Name, bytes.NewReader(body))
	if err != nil {
		return err
	}
	s.trees.invalidate()
	s.countIngest(tok.Src, sum.Stored, sum.Revised, sum.Unchanged, sum.Rejected)
	detail := fmt.Sprintf("read=%d stored=%d revised=%d unchanged=%d rejected=%d", sum.Read, sum.Stored, sum.Revised, sum.Unchanged, sum.Rejected)
	if err := c.record("records.ingest", tok.Name, c.p.CourtID, qingfeng.AuditOK, detail); err != nil {
		return err
	}
	c.json(http.StatusOK, sum)
	return nil
}

// checkPushed finds the lines of body that the token may not write: another source, or a court
// outside its scope (or no court that can be told, unless the token covers a whole tree).
func (s *Server) checkPushed(c *call, body []byte) ([]outOfScope, error) {
	ctx := c.r.Context()
	loc := access.NewLocator(s.store, c.tree)
	var lines [][]byte
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		lines = append(lines, bytes.Clone(line))
		if err := loc.Remember(ctx, line); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		return nil, badRequest("请求内容不是 JSON Lines", "the body is not JSON Lines: %v", err)
	}
	var bad []outOfScope
	for i, line := range lines {
		if len(line) == 0 {
			continue
		}
		var head struct {
			Src string `json:"src"`
		}
		if json.Unmarshal(line, &head) != nil {
			continue // not a record: ingest quarantines it, naming the line
		}
		if head.Src != c.p.Token.Src {
			bad = append(bad, outOfScope{Line: i + 1, Reason: fmt.Sprintf("src %q is not the token's source %q", head.Src, c.p.Token.Src)})
			continue
		}
		court, err := loc.Court(ctx, line)
		if err != nil {
			return nil, err
		}
		if !c.p.Visible(court) {
			reason := fmt.Sprintf("court %q is outside the token's courts", court)
			if court == "" {
				reason = "the record's court cannot be told, and the token does not cover a whole court tree"
			}
			bad = append(bad, outOfScope{Line: i + 1, Reason: reason})
		}
	}
	return bad, nil
}
