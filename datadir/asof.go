package datadir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/qingfeng-court/qingfeng"
)

// AsOfFile names the file that pins the day a directory's data are judged on. Data that end on
// a fixed day — a generated province, an archive, a copy for training — would otherwise have
// every absence rule fire for the months between that day and today. The demo writes it; a
// court running on live data has none, and the engines follow the calendar.
const AsOfFile = "as-of"

// readAsOf returns the day in path's as-of file, zero when there is none.
func readAsOf(path string) (qingfeng.Date, error) {
	name := filepath.Join(path, AsOfFile)
	b, err := os.ReadFile(name)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("data directory %s: %w", path, err)
	}
	day, err := qingfeng.ParseDate(strings.TrimSpace(string(b)))
	if err != nil {
		return 0, fmt.Errorf("%s line 1: %w", name, err)
	}
	return day, nil
}

// SetAsOf pins the day the directory's data are judged on (zero removes the pin).
func (d *Dir) SetAsOf(day qingfeng.Date) error {
	name := filepath.Join(d.Path, AsOfFile)
	if day.IsZero() {
		if err := os.Remove(name); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		d.AsOf = 0
		return nil
	}
	if err := os.WriteFile(name, []byte(day.String()+"\n"), 0o644); err != nil {
		return fmt.Errorf("data directory %s: %w", d.Path, err)
	}
	d.AsOf = day
	return nil
}
