/**
 * What the console calls each capability of the server's module list (the
 * English sentence is the translation key; locales/zh.ts has the Chinese).
 * Pure text, so a test can hold it against the module list.
 */
export const capabilityText: Record<string, { label: string; description: string }> = {
  law: {
    label: 'Law library',
    description:
      'Statute texts and versions, the 2016 to 2025 article map, and an integrity report for each imported text.',
  },
  obligations: {
    label: 'Obligations',
    description:
      'Which duties apply to your organisation, with citations in both versions, deadlines and the fines at stake.',
  },
  ledger: {
    label: 'Evidence ledger',
    description:
      'A tamper-evident record of the evidence behind every duty, with signed checkpoints and offline verification.',
  },
  governance: {
    label: 'Governance and classified protection',
    description:
      'Grading, filing and assessment of your systems under classified protection; security appointments, approved policies, regulatory interviews, warnings, inspections and rectifications.',
  },
  cii: {
    label: 'Critical information infrastructure',
    description:
      'Duties of critical information infrastructure operators: identification and change reports, security body, background checks, training, DR tests, procurement review, supplier agreements, data localisation and the yearly assessment (drills: under Incident response).',
  },
  incidents: {
    label: 'Incident response',
    description: 'Emergency plans and drills, incident grading and the statutory reporting clocks.',
  },
  privacy: {
    label: 'Personal information',
    description:
      'Personal-information inventory, rights requests, breach notices and cross-border transfers.',
  },
  content: {
    label: 'Content and complaints',
    description: 'Disposal of prohibited content, the complaint and reporting channel, and takedown demands.',
  },
  identity: {
    label: 'Real-name verification',
    description: 'Real-name verification with an encrypted identity vault and audited reveals.',
  },
  logvault: {
    label: 'Network log vault',
    description: 'Network logs kept at least six months, sealed and searchable.',
  },
};
