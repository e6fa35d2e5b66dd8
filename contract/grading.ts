/**
 * MLPS (GB/T 22240-2020): objects harmed and degrees of harm. Value lists
 * without zod, so the console imports them without the schemas' library.
 */
export const harmedObjects = ['citizens', 'social_order', 'national_security'] as const;
export const harms = ['general', 'serious', 'especially_serious'] as const;
export type HarmedObject = (typeof harmedObjects)[number];
export type Harm = (typeof harms)[number];
