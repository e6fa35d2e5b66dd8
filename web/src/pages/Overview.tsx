import { Alert, Card, Col, Descriptions, List, Row, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, type Organisation } from '../api.js';
import { capabilityPages } from '../capabilities.js';
import { useCapabilities } from '../server-capabilities.js';
import { useErrorText } from '../error-text.js';

export function OverviewPage() {
  const { t } = useTranslation();
  const [org, setOrg] = useState<Organisation | null>(null);
  const caps = useCapabilities().list.filter((c) => c.nav);
  const [error, setError] = useState<unknown>(null);
  const errorText = useErrorText();

  useEffect(() => {
    api<Organisation>('GET', '/api/organisation').then(setOrg, (e: Error) => setError(e));
  }, []);

  const p = org?.profile;
  return (
    <Row gutter={[24, 24]}>
      <Col span={24}>
        <Typography.Title level={3}>{t('Overview')}</Typography.Title>
        {error !== null && <Alert type="error" message={errorText(error)} />}
        {org?.isDemo && (
          <Alert
            type="info"
            showIcon
            message={t('This is the demo organisation. Change its profile under Settings.')}
          />
        )}
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('Organisation')}>
          {p && (
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('Name')}>{p.name}</Descriptions.Item>
              <Descriptions.Item label={t('Network operator')}>
                {p.network_operator ? t('Yes') : t('No')}
              </Descriptions.Item>
              <Descriptions.Item label={t('Services')}>
                {p.services.length
                  ? p.services.map((s) => <Tag key={s}>{t(`service.${s}`)}</Tag>)
                  : t('None')}
              </Descriptions.Item>
              <Descriptions.Item label={t('CII operator')}>
                {p.cii.operator ? t('Yes') : p.cii.voluntary ? t('Voluntary participant') : t('No')}
              </Descriptions.Item>
              <Descriptions.Item label={t('Systems under classified protection')}>
                <Space wrap size={[0, 4]}>
                  {p.mlps.systems.map((s) => (
                    <Tag key={s.name}>
                      {s.name} · {t('Level {{level}}', { level: s.level })}
                    </Tag>
                  ))}
                </Space>
              </Descriptions.Item>
            </Descriptions>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('Capabilities')}>
          <List
            size="small"
            dataSource={caps}
            renderItem={(c) => (
              <List.Item
                extra={
                  c.available ? (
                    <Tag color="green">{t('Available')}</Tag>
                  ) : (
                    <Tag>{t('Not yet available')}</Tag>
                  )
                }
              >
                <Link to={`/${c.key}`}>
                  {capabilityPages[c.key]?.icon} {t(capabilityPages[c.key]?.label ?? c.key)}
                </Link>
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
