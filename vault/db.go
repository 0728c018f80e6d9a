package vault

import (
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"modernc.org/sqlite" // also registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// busyTimeoutMS is how long a statement waits for another process's lock.
const busyTimeoutMS = 10000

// dsn builds the connection string: WAL, synchronous=FULL, immediate
// transactions, defensive mode (SQLITE_DBCONFIG_DEFENSIVE through the
// driver's _defensive flag), no double-quoted string literals, foreign keys,
// secure_delete and in-memory temp storage.
func dsn(file string) string {
	q := url.Values{}
	q.Set("_txlock", "immediate")
	q.Set("_defensive", "1")
	q.Set("_dqs", "0")
	for _, p := range []string{
		fmt.Sprintf("busy_timeout(%d)", busyTimeoutMS), "cache_size(-32768)", "journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(ON)",
		"secure_delete(ON)", "temp_store(MEMORY)", "trusted_schema(OFF)", "cell_size_check(ON)",
	} {
		q.Add("_pragma", p)
	}
	return file + "?" + q.Encode()
}

// openDB opens the file with a single connection: SQLite allows one writer,
// and one connection keeps every statement inside the same pragmas.
func openDB(file string) (*sql.DB, error) {
	if strings.ContainsAny(file, "?#") {
		return nil, invalidRule("path", RulePathCharacters)
	}
	db, err := sql.Open("sqlite", dsn(file))
	if err != nil {
		return nil, fmt.Errorf("vault: open %s: %w", file, err)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	if err := checkPragmas(db); err != nil {
		db.Close()
		if notADatabase(err) {
			return nil, invalidRule("path", RuleNotAVault)
		}
		return nil, fmt.Errorf("vault: open %s: %w", file, err)
	}
	return db, nil
}

// sqliteNotADB is SQLite's result code for a file that is not a database
// (SQLITE_NOTADB).
const sqliteNotADB = 26

// notADatabase reports whether SQLite refused the file as not a database
// at all (a document, an image), which people read as "not a vault".
func notADatabase(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqliteNotADB
}

func checkPragmas(db *sql.DB) error {
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		return err
	}
	if mode != "wal" {
		return fmt.Errorf("journal mode is %q, want wal", mode)
	}
	var fk int
	if err := db.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil {
		return err
	}
	if fk != 1 {
		return errors.New("foreign keys are off")
	}
	return nil
}

type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, n := range names {
		base := path.Base(n)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("vault: migration %s: name must start with a number and '_'", base)
		}
		body, err := migrationFiles.ReadFile(n)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(body)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("vault: migrations %s and %s share number %d", ms[i-1].name, ms[i].name, ms[i].version)
		}
	}
	return ms, nil
}

// migrate applies every migration not yet recorded in schema_migrations, in
// numeric order, each in its own transaction together with its record. A
// migration numbered below one already applied (added later by another
// branch) is still applied.
func migrate(db *sql.DB, now int64) error {
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("vault: migrations table: %w", err)
	}
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	applied, err := appliedMigrations(db)
	if err != nil {
		return err
	}
	known := map[int]bool{}
	for _, m := range ms {
		known[m.version] = true
	}
	for v := range applied {
		if !known[v] {
			return invalidRule("path", RuleNewerVault, v)
		}
	}
	for _, m := range ms {
		if applied[m.version] {
			continue
		}
		if err := applyMigration(db, m, now); err != nil {
			return err
		}
	}
	return nil
}

func appliedMigrations(db *sql.DB) (map[int]bool, error) {
	rows, err := db.Query("SELECT version FROM schema_migrations")
	if err != nil {
		return nil, fmt.Errorf("vault: read schema version: %w", err)
	}
	defer rows.Close()
	applied := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		applied[v] = true
	}
	return applied, rows.Err()
}

func applyMigration(db *sql.DB, m migration, now int64) error {
	tx, err := db.Begin()
	if err != nil {
		return fmt.Errorf("vault: migration %s: %w", m.name, err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(m.sql); err != nil {
		return fmt.Errorf("vault: migration %s: %w", m.name, err)
	}
	if _, err := tx.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", m.version, m.name, now); err != nil {
		return fmt.Errorf("vault: record migration %s: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("vault: migration %s: %w", m.name, err)
	}
	return nil
}

// checkpoint folds the WAL back into the main file and truncates it, so that
// pages freed by a delete (zeroed by secure_delete) leave no copy in the WAL.
func checkpoint(db *sql.DB) error {
	var busy, logFrames, done int
	if err := db.QueryRow("PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logFrames, &done); err != nil {
		return fmt.Errorf("vault: checkpoint: %w", err)
	}
	if busy != 0 {
		return errors.New("vault: checkpoint could not complete: database busy")
	}
	return nil
}
