import { Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { capabilityDescriptions, capabilityLabels, type CapabilityKey } from '../capabilities.js';

/** An honest page for a capability that is not built yet. */
export function NotYetAvailable({ capability }: { capability: CapabilityKey }) {
  const { t } = useTranslation();
  return (
    <Result
      status="info"
      title={t(capabilityLabels[capability])}
      subTitle={
        <>
          <Typography.Paragraph>{t(capabilityDescriptions[capability])}</Typography.Paragraph>
          <Typography.Text strong data-testid="not-yet-available">
            {t(
              'Not yet available: this capability is planned but not built yet. Nothing on this page is a placeholder for real data.',
            )}
          </Typography.Text>
        </>
      }
    />
  );
}
