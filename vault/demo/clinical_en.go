package demo

import "custodia/vault"

// englishDiagnoses are the demo's diagnosis texts (ICD-10 titles) in
// English, by code, for a demo made in English; the German ones are in
// the condition tables (a Berlin practice writes ICD-10-GM).
var englishDiagnoses = map[string]string{
	"I10": "Essential hypertension", "E11.9": "Type 2 diabetes mellitus", "E78.5": "Hyperlipidaemia",
	"J45.9": "Asthma", "J44.9": "Chronic obstructive pulmonary disease", "M17.1": "Primary gonarthrosis",
	"E03.9": "Hypothyroidism", "F32.9": "Depressive episode", "I48.9": "Atrial fibrillation",
	"I25.1": "Atherosclerotic heart disease", "G43.9": "Migraine",
	"J06.9": "Acute upper respiratory infection", "J20.9": "Acute bronchitis", "J02.9": "Acute pharyngitis",
	"B34.9": "Viral infection", "H66.9": "Otitis media", "J30.4": "Allergic rhinitis",
	"A09": "Gastroenteritis", "N39.0": "Urinary tract infection", "M54.5": "Low back pain",
	"L20.9": "Atopic dermatitis", "H10.9": "Conjunctivitis", "R51": "Headache",
	"S93.4": "Sprain of the ankle", "Z34.9": "Supervision of normal pregnancy",
	"Z00.0": "General medical examination", "Z00.1": "Routine child health examination",
}

// wordDiagnoses writes the records' diagnosis texts in t's language (the
// tables are German; an English demo gets englishDiagnoses).
func wordDiagnoses(recs []vault.PatientRecord, t Texts) {
	if t.Lang != "en" {
		return
	}
	for i := range recs {
		for j := range recs[i].Encounters {
			ds := recs[i].Encounters[j].Diagnoses
			for k := range ds {
				if en, ok := englishDiagnoses[ds[k].Code]; ok {
					ds[k].Text = en
				}
			}
		}
	}
}
