# Custodia: two commands do everything on a fresh Debian/Ubuntu machine.
#   make run   installs what is missing, builds, opens the desktop app
#   make test  installs what is missing, checks formatting, vets, tests
export PATH := $(PATH):/usr/local/go/bin
GO ?= go
STATICCHECK := $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: all run build build-cli setup test fmt-check vet staticcheck unit race bench tidy-check vulncheck clean

all: build build-cli

setup:
	@scripts/setup.sh

run: setup build
	./bin/custodia

build:
	$(GO) build -o bin/custodia ./cmd/custodia

build-cli:
	CGO_ENABLED=0 $(GO) build -o bin/custodiactl ./cmd/custodiactl

test: setup fmt-check tidy-check vet staticcheck unit race

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...
	CGO_ENABLED=0 $(GO) vet ./...

staticcheck:
	$(STATICCHECK) ./...

unit:
	$(GO) test -count=1 ./...

# The race detector needs cgo (setup installs gcc); -short skips the
# exhaustive Adult searches, which the unit run above covers.
race:
	$(GO) test -race -short -count=1 ./...

bench: build-cli
	@scripts/setup.sh --bench
	@scripts/bench.sh

tidy-check:
	$(GO) mod tidy -diff

# govulncheck with an offline database built from golang.org/x/vulndb
# (both from the Go module proxy; versions in the script).
vulncheck:
	@GO="$(GO)" scripts/vulncheck.sh

clean:
	rm -rf bin
