import { Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { EnrolPanel } from './Enrol.js';
import { KeysPanel } from './Keys.js';
import { OverviewPanel } from './Overview.js';
import { PeoplePanel } from './People.js';
import { RevealsPanel } from './Reveals.js';
import { ServicesPanel } from './Services.js';
import { ValidatePanel } from './Validate.js';

/**
 * 网络实名制 (CSL 2025 Art 26 para 1, 2016 Art 24 para 1; Art 30, 2016 Art
 * 28): what the gate answered and the daily seals, the services' required
 * verification, the operator's bench to enrol and verify a user and try the
 * gate, the people (masked) with their accounts and verifications, the
 * two-person reveals, the vault's keys and a number checker, as tabs (?tab=).
 */
export function IdentityPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'overview';
  const go = (k: string) => setParams({ tab: k }, { replace: true });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="identity-page">
      <Typography.Title level={3}>{t('Real-name verification')}</Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={go}
        destroyOnHidden
        items={[
          { key: 'overview', label: t('Overview'), children: <OverviewPanel onTab={go} /> },
          { key: 'services', label: t('Service configuration'), children: <ServicesPanel /> },
          { key: 'enrol', label: t('Registration and verification'), children: <EnrolPanel /> },
          { key: 'people', label: t('Users and identities'), children: <PeoplePanel onTab={go} /> },
          { key: 'reveals', label: t('Identity view requests'), children: <RevealsPanel /> },
          { key: 'keys', label: t('Keys'), children: <KeysPanel /> },
          { key: 'validate', label: t('Number check'), children: <ValidatePanel /> },
        ]}
      />
    </Space>
  );
}
