/**
 * The contract between the server and the console: types and value lists
 * both sides use, kept in one place so they cannot drift. Nothing here
 * imports anything outside contract/ (checked by dependency-cruiser).
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
