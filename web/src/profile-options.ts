/** The profile's services and CII sectors (the server's lists; test/i18n.test.ts keeps them equal). */
export { services, ciiSectors as sectors } from '../../contract/profile.js';
