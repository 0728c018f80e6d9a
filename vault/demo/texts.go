package demo

import "custodia/consent"

// The words of the demo that people read and that the vault stores as
// written (the practice's name, the research purpose's name and description, the study's
// title, recipient and contact, the requests' and the breach's texts):
// a demo vault is made once, in the language of the program that makes it
// (German or English; both are shipped here). Codes (purpose kinds, data
// categories, states) stay codes and are worded by the front ends; the
// patients' clinical records stay German, the records of a practice in
// Berlin.

// Texts are the demo's stored words in one language.
type Texts struct {
	Lang string // "de" or "en": also the consent text the demo's grants were given on
	// The practice's name and its data protection officer's title.
	PracticeName, DPOTitle string
	// The research purpose the demo's consents are for.
	PurposeName, PurposeDescription, RecipientName string
	// The demo study.
	StudyName, RecipientOrg, Contact string
	// The demo's data-subject requests.
	Requester, RequestNote string
	// The demo breach.
	BreachDescription, BreachConsequences, BreachMeasures, BreachReason string
}

var texts = map[string]Texts{
	"de": {Lang: "de", PracticeName: "Synthetische Praxis (Demo)", DPOTitle: "Datenschutzbeauftragte",
		PurposeName:        "Forschung: Chronikerregister",
		PurposeDescription: "Synthetische Demo-Studie: Verlauf chronischer Erkrankungen in der Hausarztpraxis.",
		RecipientName:      "Universitäres Forschungsinstitut (Demo)",
		StudyName:          "Register chronischer Erkrankungen (Demo)",
		RecipientOrg:       "Universitäres Forschungsinstitut (Demo)",
		Contact:            "das Forscherkonto der Demo",
		Requester:          "(Patientin oder Patient selbst)",
		RequestNote:        "Synthetische Demo-Anfrage.",
		BreachDescription:  "Synthetische Demo: Ein Brief mit Laborwerten wurde an eine falsche Adresse geschickt.",
		BreachConsequences: "Der Empfänger konnte die Laborwerte einer Patientin lesen.",
		BreachMeasures:     "Brief zurückgeholt; Adressen werden jetzt vor dem Versand geprüft.",
		BreachReason:       "Gesundheitsdaten an eine außenstehende Person gelangt: ein Risiko; die Patientin wurde informiert.",
	},
	"en": {Lang: "en", PracticeName: "Synthetic practice (demo)", DPOTitle: "data protection officer",
		PurposeName:        "Research: chronic disease registry",
		PurposeDescription: "Synthetic demo study: the course of chronic diseases in family practice.",
		RecipientName:      "University research institute (demo)",
		StudyName:          "Chronic disease registry (demo)",
		RecipientOrg:       "University research institute (demo)",
		Contact:            "the demo's researcher account",
		Requester:          "(the patient)",
		RequestNote:        "Synthetic demo request.",
		BreachDescription:  "Synthetic demo: a letter with lab results was sent to a wrong address.",
		BreachConsequences: "The recipient could read a patient's lab results.",
		BreachMeasures:     "Letter retrieved; addresses are now checked before sending.",
		BreachReason:       "Health data reached an outsider: a risk; the patient was informed.",
	},
}

// TextsIn returns the demo's words in lang ("de" or "en"); any other
// language gets the German ones, the language of the demo practice.
func TextsIn(lang string) Texts {
	if t, ok := texts[lang]; ok {
		return t
	}
	return texts["de"]
}

// Languages lists the languages the demo's words are shipped in.
func Languages() []string { return []string{"de", "en"} }

// registryPurposeIn is the demo's research purpose worded in t.
func registryPurposeIn(t Texts) consent.Purpose {
	p := registryPurpose
	p.Name, p.Description = t.PurposeName, t.PurposeDescription
	p.Recipients = []consent.Recipient{{ID: "university", Name: t.RecipientName, Category: "research institute", Country: "DE"}}
	return p
}
