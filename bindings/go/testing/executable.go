package testing

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// archDirs maps GOARCH to the directory of the executable in the published module.
var archDirs = map[string]string{"amd64": "linux-x86_64", "arm64": "linux-aarch64"}

// Executable returns the path of a runnable copy of the ydrz executable the published module carries for
// this platform (bin/linux-<arch>/ydrz beside this file). The module cache holds it read-only and without
// the executable bit, so it is copied once into the user's cache directory (os.UserCacheDir, else the
// temporary directory) under its SHA-256 and made executable there. It fails when the module carries none
// (a checkout of the repository: use target/release/ydrz with StartExecutable), or on another OS or CPU.
func Executable() (string, error) {
	dir, ok := archDirs[runtime.GOARCH]
	if runtime.GOOS != "linux" || !ok {
		return "", fmt.Errorf("ydrz/testing: no ydrz executable for %s/%s (linux/amd64 and linux/arm64 only)", runtime.GOOS, runtime.GOARCH)
	}
	_, self, _, ok := runtime.Caller(0)
	if !ok {
		return "", fmt.Errorf("ydrz/testing: cannot locate the package's source directory")
	}
	source := filepath.Join(filepath.Dir(self), "bin", dir, "ydrz")
	data, err := os.ReadFile(source)
	if err != nil {
		return "", fmt.Errorf("ydrz/testing: this module carries no ydrz executable (%w): the published module does; "+
			"otherwise pass the path of one to StartExecutable", err)
	}
	sum := sha256.Sum256(data)
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	target := filepath.Join(cache, "ydrz-testing", hex.EncodeToString(sum[:8]), "ydrz")
	if existing, err := os.ReadFile(target); err == nil && sha256.Sum256(existing) == sum {
		return target, nil
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		return "", fmt.Errorf("ydrz/testing: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "ydrz-*")
	if err != nil {
		return "", fmt.Errorf("ydrz/testing: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", fmt.Errorf("ydrz/testing: writing %s: %w", tmp.Name(), err)
	}
	if err := tmp.Chmod(0o700); err != nil {
		tmp.Close()
		return "", fmt.Errorf("ydrz/testing: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("ydrz/testing: %w", err)
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return "", fmt.Errorf("ydrz/testing: %w", err)
	}
	return target, nil
}
