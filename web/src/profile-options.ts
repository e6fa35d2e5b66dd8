/** The profile's services and CII sectors (the server's lists; test/i18n.test.ts keeps them equal). */
export const services = [
  'network_access',
  'domain_registration',
  'phone_network_access',
  'information_publishing',
  'instant_messaging',
  'electronic_messaging',
  'app_distribution',
  'cloud_services',
];
export const sectors = [
  'public_communication',
  'energy',
  'transport',
  'water',
  'finance',
  'public_services',
  'e_government',
  'defence_industry',
  'other',
];
