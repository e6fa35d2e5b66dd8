import type { Bilingual } from './status.js';

/** Registers (catalog/registers.yaml) as the console sees them. */
export const fieldTypes = ['text', 'textarea', 'date', 'number', 'boolean', 'enum', 'ref', 'file'] as const;
export type FieldType = (typeof fieldTypes)[number];

export interface FieldSpecView {
  name: string;
  type: FieldType;
  label: Bilingual;
  required: boolean;
  not_future: boolean;
  after?: string | undefined;
  min?: number | undefined;
  max?: number | undefined;
  integer: boolean;
  options?: { value: string; zh: string; en: string }[] | undefined;
  register?: string | undefined;
}

/** What the console needs of a register's definition (the server's schema has more). */
export interface RegisterSpecView {
  id: string;
  group: 'governance' | 'cii';
  title: Bilingual;
  summary: Bilingual;
  citations: Record<string, string[] | undefined>;
  date_field: string;
  current_by?: string | undefined;
  subject?: string | undefined;
  versioned: boolean;
  approval: boolean;
  completable: string[];
  fields: FieldSpecView[];
  obligations: string[];
  obligations_by?: Record<string, Record<string, string[]>> | undefined;
  writers?: string[] | undefined;
}

export type FileRef = { name: string; sha256: string };
export type Value = string | number | boolean | FileRef;
export type EntryData = Record<string, Value>;

export type EntryStatus = 'recorded' | 'pending' | 'approved' | 'rejected';

export type EntryView = {
  id: string;
  register: string;
  data: EntryData;
  on: string;
  subject: string;
  version: number | null;
  status: EntryStatus;
  /** The latest counted entry of its kind (per current_by), when the register has versions. */
  current: boolean;
  obligations: string[];
  recordedBy: string;
  recordedAt: string;
  reviewedBy: string | null;
  reviewNote: string | null;
  evidenceIds: string[];
};

export type RegisterSummary<S extends RegisterSpecView = RegisterSpecView> = {
  spec: S;
  /** Shown when at least one duty it serves applies to the organisation. */
  visible: boolean;
  entries: number;
  openItems: number;
};

export type TrainingShortfall = { person: string; post: string; required: number; done: number };
