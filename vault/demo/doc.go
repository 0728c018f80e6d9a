// Package demo fills vaults with synthetic patients for demonstrations,
// tests and benchmarks.
//
// # Synthetic people
//
// Patients generates a deterministic list of patients from a seed: mixed
// European names with accents, birth dates following the age distribution
// of a general practice, addresses with 5-digit postcodes, phone numbers in
// ranges reserved for fiction, e-mail addresses at example.org and
// example.net, insurance numbers, MRNs, ICD-10 diagnosis codes and short
// notes. Every person is invented; none of the data may be mistaken for a
// real record (insurance numbers start with "DEMO", MRNs with "DEMO-").
//
// # Demo vaults
//
// CreateDemoVault creates a vault whose users and passphrases are fixed and
// documented here, so a demonstration can be opened by anyone. They are not
// secret and must never protect real data:
//
//	user        role        passphrase
//	demo        admin       demo-passphrase-not-secret
//	dpo         dpo         dpo-passphrase-not-secret
//	clinician   clinician   clinician-passphrase-not-secret
//	frontdesk   frontdesk   frontdesk-passphrase-not-secret
//	researcher  researcher  researcher-passphrase-not-secret
//
// A demo vault holds one ready research study (StudyID, "registry-demo")
// addressed to the researcher account: the DPO runs it (custodiactl
// export run registry-demo --out demo.age) and the researcher opens the
// package with their own account (custodiactl export open demo.age --dir
// out), never seeing a name.
//
// # Language
//
// A demo vault is made once. CreateDemoVaultIn stores the demo's own words
// (the practice's name, the research purpose, the study, the requests, the
// breach) in one language, German or English (TextsIn), and its consents
// are given on that language's consent text; the desktop and "custodiactl
// vault demo" pass the user's language. CreateDemoVault makes a German
// demo. The clinical records stay German, those of a practice in Berlin.
package demo
