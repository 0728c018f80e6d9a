package consent

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

var practice = Controller{Name: "Synthetic Practice", Address: "1 Example Street, 10115 Berlin", Country: "DE",
	Email: "office@practice.invalid", Phone: "+49 30 0000000", URL: "https://practice.invalid", DPOContact: "dpo@practice.invalid"}

func TestKantaraReceipt(t *testing.T) {
	cat := defaults(t)
	events := ledgerSample(t, cat)
	g, m := events[0], events[3]
	r, err := NewReceipt(cat, ReceiptInput{Controller: practice, Jurisdiction: "DE", PolicyURL: "https://practice.invalid/privacy",
		Language: "en", Service: "Care at Synthetic Practice", Events: []Event{g, m}})
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"version", "jurisdiction", "consentTimestamp", "collectionMethod", "consentReceiptID", "language",
		"piiPrincipalId", "piiControllers", "policyUrl", "services", "sensitive", "spiCat"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("receipt lacks %q", k)
		}
	}
	if doc["version"] != ReceiptVersion || doc["piiPrincipalId"] != g.PatientID || int64(doc["consentTimestamp"].(float64)) != g.Time.Unix() {
		t.Errorf("receipt header: %s", data)
	}
	// Oracle: spiCat is exactly the special categories the index allows the
	// practice to use under the two grants (the deny of psychotherapy notes
	// for everyone removes them).
	ix := mustIndex(t, cat, []Event{g, m}, nil)
	var want []string
	for _, e := range []Event{g, m} {
		for _, c := range DataCategories() {
			if SpecialCategory(c) && ix.Allowed(e.PatientID, e.PurposeID, "", c, e.Time).Allowed && !slices.Contains(want, c) {
				want = append(want, c)
			}
		}
	}
	slices.Sort(want)
	if !slices.Equal(r.SPICat, want) || !r.Sensitive {
		t.Errorf("spiCat %v, want %v", r.SPICat, want)
	}
	ps := r.Services[0].Purposes
	if len(ps) != 2 || !ps[0].ThirdPartyDisclosure || ps[0].ThirdPartyName != "Cardiology practice, Telemedicine service" || ps[1].ThirdPartyDisclosure {
		t.Errorf("purposes %+v", ps)
	}
	if strings.Contains(string(data), "Synthetic Guardian") {
		t.Error("receipt JSON carries the representative's name")
	}
}

func TestReceiptRefusesMixedInput(t *testing.T) {
	cat := defaults(t)
	events := ledgerSample(t, cat)
	other := events[0]
	other.PatientID = "someone-else"
	for name, evs := range map[string][]Event{"withdrawal": {events[2]}, "two patients": {events[0], other}, "none": nil} {
		_, err := NewReceipt(cat, ReceiptInput{Controller: practice, Jurisdiction: "DE", PolicyURL: "x", Language: "en", Events: evs})
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
