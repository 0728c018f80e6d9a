// Package testdata finds the shared data folder the tests read (the Adult
// census table and its hierarchies in adult/, the FHIR R4 schema in
// fhir/): $CUSTODIA_SHARED_DATA when set, else shared/data beside the
// repository (../shared/data from the module root). A test that needs a
// file calls Path: a missing file skips the test on a developer's machine
// and fails it under CI=true, the same way in every package, so CI never
// passes without the data.
package testdata
