# Custodia: two commands do everything on a fresh Debian/Ubuntu machine.
#   make run   installs what is missing, builds, opens the desktop app
#   make test  installs what is missing, checks formatting, vets, tests
export PATH := $(PATH):/usr/local/go/bin
# Every build, test and package uses go1.27.3 (go.mod's toolchain line): it
# carries the standard library's security fixes that Go 1.26.8 lacks. The go
# command fetches it once from the Go module proxy (about 76 MB).
export GOTOOLCHAIN := go1.27.3
GO ?= go
STATICCHECK := $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: all run build build-cli build-tour setup test fmt-check vet staticcheck unit race bench tidy-check vulncheck clean package package-test

all: build build-cli

setup:
	@scripts/setup.sh

run: setup build
	./bin/custodia

build:
	$(GO) build -o bin/custodia ./cmd/custodia

build-cli:
	CGO_ENABLED=0 $(GO) build -o bin/custodiactl ./cmd/custodiactl

# The desktop app with the screenshot tour (CUSTODIA_SCREENSHOT_DIR=dir
# bin/custodia-tour under X); the production build leaves the tour out.
build-tour:
	$(GO) build -tags tour -o bin/custodia-tour ./cmd/custodia

test: setup fmt-check tidy-check vet staticcheck unit race

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...
	$(GO) vet -tags tour ./ui/... ./cmd/custodia/
	CGO_ENABLED=0 $(GO) vet ./...

staticcheck:
	$(STATICCHECK) ./...

# Every test once, the long exhaustive oracles included. Under CI=true a
# missing shared data folder (../shared/data) fails the tests that read it.
# A package may take several minutes on a loaded machine (cmd/custodiactl
# passed 10 minutes once at load 30), hence the longer per-package timeout.
unit:
	$(GO) test -count=1 -timeout 20m ./...

# The race detector runs again only where there is concurrency: the vault
# (concurrent sessions on one file, locking, throttling, batched writes),
# the de-identification search's workers and cancellation, the desktop
# app's background work and idle lock, and the CLI's cancellation. -short
# leaves out the exhaustive oracles, which the unit run covers. It needs
# cgo (setup installs gcc).
race:
	$(GO) test -race -short -count=1 -run 'Concurrent|Lock|Throttle|Batch' ./vault/
	$(GO) test -race -short -count=1 -run 'Optimal|Cancel' ./deid/
	$(GO) test -race -short -count=1 -run 'Idle|Lock|Clock' ./ui/...
	$(GO) test -race -short -count=1 -run 'Cancel' ./cmd/custodiactl/

# The Linux desktop package (dist/Custodia.tar.xz: binary, .desktop entry
# and icon from cmd/custodia/FyneApp.toml, and a Makefile that installs
# them) made by fyne.io/tools; a plain "fyne package" in cmd/custodia
# does the same. package-test installs it into a temporary prefix and
# starts it under Xvfb (docs/packaging.md).
FYNE := $(GO) run fyne.io/tools/cmd/fyne@v1.7.4

# fyne package rewrites FyneApp.toml (it counts Build up); the copy kept
# here is put back so a package build leaves the tree unchanged.
package: setup
	cd cmd/custodia && cp FyneApp.toml .FyneApp.toml.keep && \
		{ $(FYNE) package -os linux; rc=$$?; mv .FyneApp.toml.keep FyneApp.toml; exit $$rc; }
	mkdir -p dist && mv cmd/custodia/Custodia.tar.xz dist/
	@echo "dist/Custodia.tar.xz"

package-test: package
	@scripts/setup.sh --gui-tools
	@scripts/package-test.sh

bench: build-cli
	@scripts/setup.sh --bench
	@scripts/bench.sh

tidy-check:
	$(GO) mod tidy -diff

# govulncheck with an offline database built from golang.org/x/vulndb
# (both from the Go module proxy; versions in the script), under the
# toolchain of go.mod's toolchain line: go1.27.3 carries the standard
# library's fixes that Go 1.26.8 lacks (the go command fetches it once
# from the module proxy, about 76 MB). VULNCHECK_TOOLCHAIN=local checks
# the installed Go instead.
VULNCHECK_TOOLCHAIN ?= go1.27.3
vulncheck:
	@GOTOOLCHAIN=$(VULNCHECK_TOOLCHAIN) GO="$(GO)" scripts/vulncheck.sh

clean:
	rm -rf bin
