package vault

import (
	"testing"

	"custodia/consent"
	"custodia/consent/storetest"
)

func TestConsentStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) consent.Store {
		_, s := NewTestVault(t)
		return s.ConsentStore()
	})
}
