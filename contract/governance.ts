import type { Bilingual, ObligationStatus } from './status.js';

/** MLPS (GB/T 22240-2020): objects harmed and degrees of harm. */
export const harmedObjects = ['citizens', 'social_order', 'national_security'] as const;
export const harms = ['general', 'serious', 'especially_serious'] as const;
export type HarmedObject = (typeof harmedObjects)[number];
export type Harm = (typeof harms)[number];

export interface Grading {
  level: number;
  businessInformationLevel: number;
  systemServiceLevel: number;
  /** Set when a cell used is one whose level is uncertain (and configured). */
  uncertain: {
    object: HarmedObject;
    harm: Harm;
    used: number;
    alternatives: number[];
    note: Bilingual;
  }[];
}

/** A system of the MLPS register with its filing and assessment schedule. */
export type SystemView = {
  id: string;
  name: string;
  stage: string;
  level: number;
  gradedOn: string;
  grading: Grading;
  filing: {
    required: boolean;
    due: string | null;
    filedOn: string | null;
    reference: string | null;
    status: ObligationStatus;
  };
  assessment: {
    period: string | null;
    last: string | null;
    score: number | null;
    conclusion: string | null;
    nextDue: string | null;
    status: ObligationStatus;
  };
};
