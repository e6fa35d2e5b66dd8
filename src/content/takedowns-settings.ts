import { citationList } from '../obligations/deadlines.js';
import { AppError } from '../platform/errors.js';
import { addDuration, DAY } from '../platform/time.js';
import type { ContentFile } from './catalog-schema.js';

/** The variable that overrides the default deadline of a demand naming none (an ISO 8601 duration: PT12H, P2D). */
export const takedownDeadlineVariable = 'WANGAN_CONTENT_TAKEDOWN_DEADLINE';

/** The default deadline in force, and where it came from (the content status lists it with the uncertain defaults). */
export interface TakedownDeadlineSetting {
  key: 'takedown_default_deadline';
  value: string;
  uncertain: boolean;
  overridden: boolean;
  citations: string[];
}

/**
 * The default deadline of a takedown demand that names none: the
 * catalogue's (uncertain: Art 52 sets no period), or the environment's
 * override, refused at start when it is not a duration of more than zero
 * and at most 30 days. Pure: the environment is passed in.
 */
export function takedownDeadlineSetting(
  catalog: ContentFile['takedowns'],
  env: Readonly<Record<string, string | undefined>> = {},
): TakedownDeadlineSetting {
  const base = {
    key: 'takedown_default_deadline' as const,
    uncertain: catalog.default_deadline.uncertain,
    citations: citationList(catalog.default_deadline.citations),
  };
  const raw = env[takedownDeadlineVariable]?.trim();
  if (!raw) return { ...base, value: catalog.default_deadline.duration, overridden: false };
  let length: number;
  try {
    length = addDuration(new Date(0), raw).getTime();
  } catch {
    length = NaN;
  }
  if (!(length > 0 && length <= 30 * DAY))
    throw new AppError(
      'validation_failed',
      {
        zh: `${takedownDeadlineVariable} 应为大于零、不超过30天的时长（ISO 8601 格式，如 PT12H、P2D），实际为“${raw}”。`,
        en: `${takedownDeadlineVariable} must be a duration of more than zero and at most 30 days (ISO 8601, e.g. PT12H, P2D), got "${raw}".`,
      },
      { field: takedownDeadlineVariable },
      takedownDeadlineVariable,
    );
  return { ...base, value: raw, overridden: raw !== catalog.default_deadline.duration };
}
