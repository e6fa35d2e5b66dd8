export { validateMobile } from './mobile.js';
export { describeResidentId, residentIdCheckChar, validateResidentId } from './resident-id.js';
export { usccCheckChar, validateUscc } from './uscc.js';
export { areaCode, areaCodeCount, areaName } from './areas.js';
export { AREA_CODES_AS_OF, AREA_CODES_SOURCE } from './area-codes.js';
