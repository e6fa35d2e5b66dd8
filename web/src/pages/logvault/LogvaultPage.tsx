import { Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { OverviewPanel } from './Overview.js';
import { SearchPanel } from './Search.js';
import { SourcesPanel } from './Sources.js';

/**
 * 网络日志留存 (CSL 2025 Art 23(3), 2016 Art 21(3)): the vault's state
 * (retention, day seals, listeners, integrity), the search of stored events
 * and the sources they came from, as tabs (?tab=).
 */
export function LogvaultPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'overview';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="logvault-page">
      <Typography.Title level={3}>{t('Network log vault')}</Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'overview', label: t('Vault overview'), children: <OverviewPanel /> },
          { key: 'search', label: t('Search the logs'), children: <SearchPanel /> },
          { key: 'sources', label: t('Log sources'), children: <SourcesPanel /> },
        ]}
      />
    </Space>
  );
}
