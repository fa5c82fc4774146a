package backup

import (
	"archive/tar"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// writeArchive writes the manifest, the key (unless m leaves it out), the definition files and
// the store's copy into a new file at name.
func writeArchive(name string, m *Manifest, dir, storeName, storeFile string) error {
	f, err := os.OpenFile(name, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	// BestSpeed: a SQLite file shrinks to a third of its size at a small cost in time.
	zw, err := gzip.NewWriterLevel(f, gzip.BestSpeed)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(zw)
	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := addBytes(tw, manifestName, manifest); err != nil {
		return err
	}
	if m.Key {
		if err := addFile(tw, keyName, filepath.Join(dir, keyName)); err != nil {
			return err
		}
	}
	for _, rel := range m.Defs {
		if err := addFile(tw, path.Join(defsDir, rel), filepath.Join(dir, defsDir, filepath.FromSlash(rel))); err != nil {
			return err
		}
	}
	if err := addFile(tw, storeName, storeFile); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

func addBytes(tw *tar.Writer, name string, b []byte) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: int64(len(b)), Typeflag: tar.TypeReg}); err != nil {
		return err
	}
	_, err := tw.Write(b)
	return err
}

func addFile(tw *tar.Writer, name, file string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	hdr := &tar.Header{Name: name, Mode: 0o600, Size: fi.Size(), ModTime: fi.ModTime(), Typeflag: tar.TypeReg}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	if _, err := io.Copy(tw, f); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// readArchive reads an archive: the manifest, then each further entry through fn.
func readArchive(name string, fn func(m *Manifest, entry string, r io.Reader) error) (*Manifest, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: not a Qingfeng backup: %w", name, err)
	}
	tr := tar.NewReader(zr)
	var m *Manifest
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if !safeName(hdr.Name) || hdr.Typeflag != tar.TypeReg {
			return nil, fmt.Errorf("%s: unexpected entry %q", name, hdr.Name)
		}
		if m == nil {
			if hdr.Name != manifestName {
				return nil, fmt.Errorf("%s: not a Qingfeng backup (no manifest first)", name)
			}
			m = &Manifest{}
			if err := json.NewDecoder(io.LimitReader(tr, 1<<20)).Decode(m); err != nil {
				return nil, fmt.Errorf("%s: manifest: %w", name, err)
			}
			if m.Format != Format {
				return nil, fmt.Errorf("%s: archive format %d, this version reads %d", name, m.Format, Format)
			}
			continue
		}
		if err := fn(m, hdr.Name, tr); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", name, hdr.Name, err)
		}
	}
	if m == nil {
		return nil, fmt.Errorf("%s: empty archive", name)
	}
	return m, nil
}

// safeName refuses entry names that would land outside the data directory.
func safeName(name string) bool {
	clean := path.Clean(name)
	return clean == name && !path.IsAbs(name) && clean != ".." && !strings.HasPrefix(clean, "../")
}
