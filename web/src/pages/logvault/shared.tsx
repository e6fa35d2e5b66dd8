import { Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type {
  eventPageSchema,
  sourceActivitySchema,
  sourcePageSchema,
  sourceViewSchema,
  StoredEventView,
  vaultStatusSchema,
  verifyRunPageSchema,
  verifyRunSchema,
} from '../../../../contract/logvault.js';
import { useAuth } from '../../auth.js';

/**
 * What the log vault's tabs share: the shapes they read (inferred from
 * contract/logvault.ts, nothing restated), syslog severity names, Beijing
 * wall time sent as an instant, and who may do what.
 */
export type StoredEvent = StoredEventView;
export type EventPage = z.infer<typeof eventPageSchema>;
export type SourceView = z.infer<typeof sourceViewSchema>;
export type SourcePage = z.infer<typeof sourcePageSchema>;
export type SourceActivity = z.infer<typeof sourceActivitySchema>;
export type VaultStatus = z.infer<typeof vaultStatusSchema>;
export type VerifyRun = z.infer<typeof verifyRunSchema>;
export type VerifyRunPage = z.infer<typeof verifyRunPageSchema>;

/** The route actions the console reads from the server's `can` (src/logvault/routes.ts). */
export const ACTIONS = {
  search: 'logvault.search',
  openIncident: 'logvault.open_incident',
  editSource: 'logvault.source_update',
  placeHold: 'logvault.hold_place',
  liftHold: 'logvault.hold_lift',
  verify: 'logvault.verify',
} as const;

export function useLogvaultRights() {
  const { can } = useAuth();
  return {
    search: can(ACTIONS.search),
    openIncident: can(ACTIONS.openIncident),
    editSource: can(ACTIONS.editSource),
    placeHold: can(ACTIONS.placeHold),
    liftHold: can(ACTIONS.liftHold),
    verify: can(ACTIONS.verify),
  };
}

/** Syslog severities 0 (emergency) to 7 (debug), RFC 5424 section 6.2.1, in the console's language. */
export function useSeverityNames(): string[] {
  const { t } = useTranslation();
  return [
    t('severity.emergency'),
    t('severity.alert'),
    t('severity.critical'),
    t('severity.error'),
    t('severity.warning'),
    t('severity.notice'),
    t('severity.informational'),
    t('severity.debug'),
  ];
}

const severityColour = ['red', 'red', 'red', 'volcano', 'orange', 'blue', 'default', 'default'];

export function SeverityTag({ severity }: { severity: number | null }) {
  const names = useSeverityNames();
  if (severity === null) return <Tag>—</Tag>;
  return <Tag color={severityColour[severity]}>{`${severity} ${names[severity] ?? ''}`}</Tag>;
}

/**
 * A picker's value read as Beijing wall time, whatever the browser's zone, as
 * an instant the API takes. The picker shows whole seconds: the end of a
 * range is the end of its last second (the API's `to` is exclusive), so
 * "until 23:59:59" keeps the events of 23:59:59.5.
 */
export function pickerInstant(d: Dayjs | null | undefined, end = false): string | undefined {
  if (!d) return undefined;
  const at = end ? d.startOf('second').add(1, 'second') : d;
  return `${at.format('YYYY-MM-DDTHH:mm:ss')}+08:00`;
}

/** A source as people call it: its name, else the hostname or address it was seen under. */
export function sourceName(s: Pick<SourceView, 'name' | 'hostname' | 'address' | 'id'>): string {
  return s.name ?? s.hostname ?? s.address ?? s.id;
}
