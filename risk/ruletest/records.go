package ruletest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"gopkg.in/yaml.v3"
)

// jsonl turns records written as YAML mappings into JSON Lines of the interchange format:
// scalars keep their YAML type (numbers, true/false, null), everything else is a string, so
// that dates and case numbers need no quotes. Records without src or src_id get them
// (src "test", src_id numbered by the caller's counter), and an event's at that is a date
// becomes 09:00 China Standard Time of that day.
func jsonl(records []yaml.Node, counter *int) ([]byte, error) {
	var buf bytes.Buffer
	for i := range records {
		n := &records[i]
		v, err := value(n)
		if err != nil {
			return nil, err
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("line %d: a record is a mapping", n.Line)
		}
		*counter++
		if _, ok := m["src"]; !ok {
			m["src"] = "test"
		}
		if _, ok := m["src_id"]; !ok {
			m["src_id"] = fmt.Sprintf("%v-%d", m["kind"], *counter)
		}
		if at, ok := m["at"].(string); ok && len(at) == len("2006-01-02") {
			m["at"] = at + "T09:00:00+08:00"
		}
		b, err := json.Marshal(m)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n.Line, err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	return buf.Bytes(), nil
}

func value(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return value(n.Content[0])
	case yaml.AliasNode:
		return value(n.Alias)
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := value(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		list := []any{}
		for _, c := range n.Content {
			v, err := value(c)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, nil
	}
	switch n.Tag {
	case "!!int":
		i, err := strconv.ParseInt(n.Value, 0, 64)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n.Line, err)
		}
		return i, nil
	case "!!float":
		f, err := strconv.ParseFloat(n.Value, 64)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n.Line, err)
		}
		return f, nil
	case "!!bool":
		return n.Value == "true", nil
	case "!!null":
		return nil, nil
	}
	return n.Value, nil
}
