import { Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type {
  GateCheckResponse,
  GateReason,
  IdentifierIssue,
  IdentifierKind,
  IdentityStatus,
  KeyStatus,
  Reveal,
  RevealStatus,
  ServiceConfig,
  Subject,
  ValidateResponse,
  Verification,
  VerificationMethod,
  VerificationStatus,
  gateSealPageSchema,
  gateStatsSchema,
  revealPageSchema,
  serviceListSchema,
  subjectPageSchema,
  verificationPageSchema,
} from '../../../../contract/identity.js';
import { useAuth } from '../../auth.js';
import { shanghaiDateTime } from '../../deadline-format.js';

/**
 * What the real-name pages share: the shapes they read (from
 * contract/identity.ts, nothing restated), the console words for the
 * contract's codes, ISO 8601 durations in words and who may do what.
 */
export type {
  GateCheckResponse,
  IdentifierIssue,
  IdentifierKind,
  IdentityStatus,
  KeyStatus,
  Reveal,
  ServiceConfig,
  Subject,
  ValidateResponse,
  Verification,
  VerificationMethod,
};
export type GateStats = z.infer<typeof gateStatsSchema>;
export type SealPage = z.infer<typeof gateSealPageSchema>;
export type RevealPage = z.infer<typeof revealPageSchema>;
export type ServiceList = z.infer<typeof serviceListSchema>;
export type SubjectPage = z.infer<typeof subjectPageSchema>;
export type VerificationPage = z.infer<typeof verificationPageSchema>;

/** The route actions the console reads from the server's `can` (src/identity/*-part.ts). */
export const ACTIONS = {
  configure: 'identity.service_configure',
  enrol: 'identity.enrol',
  check: 'identity.gate_check',
  rotateKeys: 'identity.key_rotate',
  askReveal: 'identity.reveal_request',
  decideReveal: 'identity.reveal_decide',
  openReveal: 'identity.reveal_open',
} as const;

export type IdentityRights = Record<keyof typeof ACTIONS, boolean>;

export function useIdentityRights(): IdentityRights {
  const { can } = useAuth();
  return Object.fromEntries(Object.entries(ACTIONS).map(([k, action]) => [k, can(action)])) as IdentityRights;
}

/** The console's language as the contract's bilingual texts key it. */
export function useLang(): 'zh' | 'en' {
  const { i18n } = useTranslation();
  return i18n.language === 'zh' ? 'zh' : 'en';
}

export const methodLabel: Record<VerificationMethod, string> = {
  sms_otp: 'SMS one-time code',
  id_check: 'Identity check',
};

export const verificationStatusLabel: Record<VerificationStatus, string> = {
  pending: 'Waiting for the code',
  verified: 'Verified',
  failed: 'Failed',
  expired: 'No longer valid',
};
const verificationColour: Record<VerificationStatus, string> = {
  pending: 'processing',
  verified: 'green',
  failed: 'red',
  expired: 'default',
};

export const revealStatusLabel: Record<RevealStatus, string> = {
  pending: 'Waiting for approval',
  approved: 'Approved, not yet opened',
  rejected: 'Rejected',
  opened: 'Opened',
  expired: 'Expired unopened',
};
const revealColour: Record<RevealStatus, string> = {
  pending: 'gold',
  approved: 'blue',
  rejected: 'default',
  opened: 'green',
  expired: 'default',
};

export const gateReasonLabel: Record<GateReason, string> = {
  service_not_configured: 'The service is not configured',
  not_enrolled: 'The user has not registered a real identity',
  not_verified: 'The identity is not verified',
  verification_expired: 'The verification has expired',
  stronger_method_needed: 'The service needs a stronger verification method',
};

export const kindLabel: Record<IdentifierKind, string> = {
  'resident-id': 'Resident identity card number',
  uscc: 'Unified social credit code',
  mobile: 'Mobile phone number',
};

/** A code in the console's words: its English sentence translated, else the code itself. */
export function labelOf(t: (key: string) => string, table: Record<string, string>, code: string): string {
  const label = table[code];
  return label ? t(label) : code;
}

export function MethodTag({ method }: { method: VerificationMethod }) {
  const { t } = useTranslation();
  return <Tag data-testid="method">{labelOf(t, methodLabel, method)}</Tag>;
}

export function VerificationStatusTag({ status }: { status: VerificationStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={verificationColour[status]} data-testid="verification-status" data-status={status}>
      {t(verificationStatusLabel[status])}
    </Tag>
  );
}

export function RevealStatusTag({ status }: { status: RevealStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={revealColour[status]} data-testid="reveal-status" data-status={status}>
      {t(revealStatusLabel[status])}
    </Tag>
  );
}

/** Allowed or denied, as the gate answered. */
export function GateTag({ allowed }: { allowed: boolean }) {
  const { t } = useTranslation();
  return (
    <Tag color={allowed ? 'green' : 'red'} data-testid="gate-decision" data-allowed={String(allowed)}>
      {allowed ? t('Allowed') : t('Denied')}
    </Tag>
  );
}

/** A period the law does not fix: marked so wherever it is shown. */
export function UncertainPeriodTag() {
  const { t } = useTranslation();
  return (
    <Tooltip
      title={t(
        'The law fixes no period for this: the catalogue’s default applies until a service sets its own.',
      )}
    >
      <Tag color="orange" data-testid="uncertain">
        {t('uncertain: the law fixes no period; set per service')}
      </Tag>
    </Tooltip>
  );
}

/** A label's colon in the console's language (full-width in Chinese). */
export function useColon(): string {
  return useLang() === 'zh' ? '：' : ': ';
}

/** Beijing wall time of an instant, or a dash. */
export function beijing(iso: string | null | undefined): string {
  return iso ? shanghaiDateTime(iso) : '—';
}

/** Today's date in Beijing (YYYY-MM-DD), as the gate's daily counts key it. */
export function beijingToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** An ISO 8601 duration in words ("P365D" → "365 days", "PT24H" → "24 hours"); other forms as written. */
export function useDurationText(): (value: string) => string {
  const { t } = useTranslation();
  return (value) => {
    const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(
      value,
    );
    if (!m || value === 'P' || value.endsWith('T')) return value;
    const [, y, mo, w, d, h, mi, s] = m.map((x) => (x === undefined ? 0 : Number(x)));
    const parts: string[] = [];
    if (y) parts.push(y === 1 ? t('1 year') : t('{{n}} years', { n: y }));
    if (mo) parts.push(mo === 1 ? t('1 month') : t('{{n}} months', { n: mo }));
    if (w) parts.push(w === 1 ? t('1 week') : t('{{n}} weeks', { n: w }));
    if (d) parts.push(d === 1 ? t('1 day') : t('{{n}} days', { n: d }));
    if (h) parts.push(h === 1 ? t('1 hour') : t('{{n}} hours', { n: h }));
    if (mi) parts.push(mi === 1 ? t('1 minute') : t('{{n}} minutes', { n: mi }));
    if (s) parts.push(s === 1 ? t('1 second') : t('{{n}} seconds', { n: s }));
    return parts.length ? parts.join(' ') : value;
  };
}

/** A validity as the pages show it: the period in words, marked when the law does not fix it. */
export function Validity({ validity }: { validity: { duration: string; uncertain: boolean } }) {
  const duration = useDurationText();
  return (
    <span data-testid="validity">
      {duration(validity.duration)} {validity.uncertain && <UncertainPeriodTag />}
    </span>
  );
}

/** A Merkle root or hash, abbreviated, whole on hover. */
export function ShortHash({ value }: { value: string }) {
  return (
    <Tooltip title={<span style={{ wordBreak: 'break-all' }}>{value}</span>}>
      <Typography.Text code data-testid="merkle-root">
        {value.length > 16 ? `${value.slice(0, 8)}…${value.slice(-8)}` : value}
      </Typography.Text>
    </Tooltip>
  );
}

/** Reasons or warnings of a validator, in the console's language. */
export function Issues({
  issues,
  type,
  testId,
}: {
  issues: readonly IdentifierIssue[];
  type: 'danger' | 'warning';
  testId: string;
}) {
  const lang = useLang();
  if (issues.length === 0) return null;
  return (
    <ul style={{ margin: 0, paddingLeft: 20 }} data-testid={testId}>
      {issues.map((i) => (
        <li key={i.code} data-code={i.code}>
          <Typography.Text type={type}>{i.message[lang]}</Typography.Text>
        </li>
      ))}
    </ul>
  );
}
