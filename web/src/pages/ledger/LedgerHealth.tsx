import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LedgerStatusView } from '../../../../contract/workspace.js';
import { shanghaiDateTime } from '../../deadline-format.js';

/** Wraps in a narrow card rather than pushing the page sideways. */
const wrapping = { whiteSpace: 'normal', maxWidth: '100%', marginInlineEnd: 0 } as const;

/**
 * The ledger's health as a badge: when its last self-check ran (Beijing
 * time), over how many records, and whether it passed; the detail on hover.
 */
export function LedgerHealthBadge({ status }: { status: Pick<LedgerStatusView, 'lastVerification'> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const v = status.lastVerification;
  if (!v)
    return (
      <Tag color="default" data-testid="ledger-health" style={wrapping}>
        {t('Self-check not run yet')}
      </Tag>
    );
  const words = { at: shanghaiDateTime(v.at), n: v.records.toLocaleString('en-US'), count: v.records };
  return (
    <Tooltip title={v.messages[lang]}>
      <Tag color={v.ok ? 'green' : 'red'} data-testid="ledger-health" style={wrapping}>
        {v.ok
          ? t('Self-check passed {{at}}, over {{n}} records', words)
          : t('Self-check FAILED {{at}}, at {{n}} records', words)}
      </Tag>
    </Tooltip>
  );
}
