// Package yamlnode reads yaml.v3 node trees, which the loaders of definition files (calendars,
// indicator packs, rule packs, review routing) keep beside their decoded values so that an
// error can name the line of the item and field it is about.
package yamlnode

import "gopkg.in/yaml.v3"

// Value returns the value node of key in mapping m, or nil when m is not a mapping or has no
// such key.
func Value(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}
