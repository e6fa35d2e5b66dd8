import { Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { capabilityPages } from '../capabilities.js';

/** An honest page for a capability that is not built yet. */
export function NotYetAvailable({ capability }: { capability: string }) {
  const { t } = useTranslation();
  const page = capabilityPages[capability];
  return (
    <Result
      status="info"
      title={t(page?.label ?? capability)}
      subTitle={
        <>
          {page && <Typography.Paragraph>{t(page.description)}</Typography.Paragraph>}
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
