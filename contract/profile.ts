/**
 * Value lists of the organisation profile both sides use, kept in one place
 * so they cannot drift (the profile's schema is src/obligations/profile.ts;
 * its shape as the API answers it is contract/organisation.ts).
 */

/** Services an organisation offers (profile `services`). */
export const services = [
  'network_access',
  'domain_registration',
  'phone_network_access',
  'information_publishing',
  'instant_messaging',
  'electronic_messaging',
  'app_distribution',
  'cloud_services',
] as const;

/** CII sectors (profile `cii.sector`). */
export const ciiSectors = [
  'public_communication',
  'energy',
  'transport',
  'water',
  'finance',
  'public_services',
  'e_government',
  'defence_industry',
  'other',
] as const;
