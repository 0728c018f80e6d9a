package app

import "os"

// removeVaultFiles deletes a vault file and its SQLite side files.
func removeVaultFiles(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		_ = os.Remove(path + suffix)
	}
}
