-- Retention schedules per country (issue 9): every rule may name the
-- country whose schedule it belongs to. The rules Custodia seeded before
-- countries were known are the German schedule: tag them DE, so that a
-- practice in another country gets its own schedule instead. The consent
-- and request rules still worded as shipped count from the year-end
-- (§ 199(1) BGB) and take the new wording; rules the DPO edited keep theirs.
UPDATE retention_rules SET body = json_set(body, '$.country', 'DE')
WHERE id IN ('clinical-10y', 'identity-10y', 'billing-10y', 'consents-3y', 'requests-3y', 'disclosures-3y', 'audit-6y', 'contact-1y')
  AND coalesce(json_extract(body, '$.country'), '') = '';

UPDATE retention_rules SET body = json_set(body, '$.yearEnd', json('true'),
    '$.legalSource', 'GDPR Art. 7(1) proof of consent; §§ 195, 199(1) BGB: limitation period of 3 years from the end of the year')
WHERE id = 'consents-3y'
  AND json_extract(body, '$.legalSource') = 'GDPR Art. 7(1) proof of consent; § 195 BGB limitation period 3 years';

UPDATE retention_rules SET body = json_set(body, '$.yearEnd', json('true'),
    '$.legalSource', 'GDPR Art. 5(2) accountability; §§ 195, 199(1) BGB: limitation period of 3 years from the end of the year')
WHERE id = 'requests-3y'
  AND json_extract(body, '$.legalSource') = 'GDPR Art. 5(2) accountability; § 195 BGB limitation period 3 years';

UPDATE retention_rules SET body = json_set(body,
    '$.legalSource', '§ 147 AO, § 257 HGB: accounting records 10 years from the end of the calendar year')
WHERE id = 'billing-10y'
  AND json_extract(body, '$.legalSource') = '§ 147 AO, § 257 HGB: accounting records 10 years';
