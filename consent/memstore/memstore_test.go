package memstore_test

import (
	"testing"

	"custodia/consent"
	"custodia/consent/memstore"
	"custodia/consent/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) consent.Store { return memstore.New() })
}
