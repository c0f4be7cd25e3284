/** A line of the consent registry (G1): consent to the processing of personal data given, refused or withdrawn. */
export const CONSENT_STATUSES = ['given', 'refused', 'withdrawn'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];
