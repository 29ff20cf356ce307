//go:build !(js && wasm)

package pack

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ArchiveName is the release archive's name; it unpacks into a folder of
// the same name without .tar.gz.
func ArchiveName(version string) string { return "inbenta-auth-" + version + ".tar.gz" }

// ChecksumsName is the checksum list inside the archive, in sha256sum's
// format ("sha256sum -c SHA256SUMS" checks a copy).
const ChecksumsName = "SHA256SUMS"

// archiveTime is every entry's modification time, so that one bundle
// always makes the same archive.
var archiveTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Archive is the release archive of the bundle: its files (integrity.json
// holds their SRI hashes), LICENSE, CHANGELOG.md, README.md and docs/*.md from root,
// and SHA256SUMS of all of them, under inbenta-auth-VERSION/. It returns
// the archive and the checksum list.
func (b *Bundle) Archive(root string) (archive, sums []byte, err error) {
	changelog, err := os.ReadFile(filepath.Join(root, "CHANGELOG.md"))
	if err != nil {
		return nil, nil, err
	}
	if err := CheckChangelog(changelog, b.Manifest.Version); err != nil {
		return nil, nil, err
	}
	type file struct {
		name string
		data []byte
	}
	var files []file
	for _, name := range b.Files() {
		data, err := os.ReadFile(filepath.Join(b.Dir, filepath.FromSlash(name)))
		if err != nil {
			return nil, nil, err
		}
		files = append(files, file{name, data})
	}
	docs, err := docFiles(root)
	if err != nil {
		return nil, nil, err
	}
	for _, name := range docs {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
		if err != nil {
			return nil, nil, err
		}
		files = append(files, file{name, data})
	}
	var list strings.Builder
	for _, f := range files {
		sum := sha256.Sum256(f.data)
		fmt.Fprintf(&list, "%s  %s\n", hex.EncodeToString(sum[:]), f.name)
	}
	files = append(files, file{ChecksumsName, []byte(list.String())})

	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, nil, err
	}
	zw.ModTime = archiveTime
	tw := tar.NewWriter(zw)
	top := strings.TrimSuffix(ArchiveName(b.Manifest.Version), ".tar.gz") + "/"
	if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: top, Mode: 0o755, ModTime: archiveTime, Format: tar.FormatPAX}); err != nil {
		return nil, nil, err
	}
	dirs := map[string]bool{}
	for _, f := range files {
		if dir := filepath.ToSlash(filepath.Dir(f.name)); dir != "." && !dirs[dir] {
			dirs[dir] = true
			if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: top + dir + "/", Mode: 0o755, ModTime: archiveTime, Format: tar.FormatPAX}); err != nil {
				return nil, nil, err
			}
		}
		hdr := &tar.Header{Typeflag: tar.TypeReg, Name: top + f.name, Mode: 0o644, Size: int64(len(f.data)), ModTime: archiveTime, Format: tar.FormatPAX}
		if err := tw.WriteHeader(hdr); err != nil {
			return nil, nil, err
		}
		if _, err := tw.Write(f.data); err != nil {
			return nil, nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), []byte(list.String()), nil
}

// ArchiveChecksum is the .sha256 file written next to the archive, in
// sha256sum's format.
func ArchiveChecksum(name string, archive []byte) []byte {
	sum := sha256.Sum256(archive)
	return []byte(hex.EncodeToString(sum[:]) + "  " + name + "\n")
}
