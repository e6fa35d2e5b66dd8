import { Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ComplaintsPanel } from './Complaints.js';
import { DisposalsPanel } from './Disposals.js';
import { OverviewPanel } from './Overview.js';
import { ReviewsPanel } from './Reviews.js';
import { RulesPanel } from './Rules.js';
import { TakedownsPanel } from './Takedowns.js';

/**
 * 信息内容与投诉举报 (CSL 2025 Arts 49-52, 2016 Arts 47-50): what waits, the
 * screening rule sets, the review queue, the disposal records, the
 * authorities' takedown demands and the complaints and reports, as tabs (?tab=).
 */
export function ContentPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'overview';
  const go = (k: string) => setParams({ tab: k }, { replace: true });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="content-page">
      <Typography.Title level={3}>{t('Content safety and complaints')}</Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={go}
        destroyOnHidden
        items={[
          { key: 'overview', label: t('Overview'), children: <OverviewPanel onTab={go} /> },
          { key: 'rules', label: t('Rule sets'), children: <RulesPanel /> },
          { key: 'reviews', label: t('Review queue'), children: <ReviewsPanel /> },
          { key: 'disposals', label: t('Disposal records'), children: <DisposalsPanel /> },
          { key: 'takedowns', label: t('Takedown demands'), children: <TakedownsPanel /> },
          { key: 'complaints', label: t('Complaints and reports'), children: <ComplaintsPanel /> },
        ]}
      />
    </Space>
  );
}
