// Package auditexport turns vault audit entries into the formats security
// monitoring (SIEM) tools read: JSON Lines, RFC 5424 syslog messages and
// FHIR R4 AuditEvent resources in a Bundle. Audit entries hold ids, never
// names, and nothing here adds any: patients appear as Patient/<id>, staff
// as user ids.
//
// Forwarder follows a vault's audit trail and sends each new entry to a
// syslog receiver over UDP or TCP, remembering in a state file the last
// entry sent so that a restart resumes where it stopped.
package auditexport
