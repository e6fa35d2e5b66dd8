import type { ContentPart } from './part.js';
import { ComplaintsService } from './complaints-service.js';

/** The complaints area (placeholder: no routes yet). */
export const complaintsPart: ContentPart<'complaints'> = {
  key: 'complaints',
  migrations: {},
  build: () => new ComplaintsService(),
};
