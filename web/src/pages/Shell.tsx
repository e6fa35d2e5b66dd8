import { DashboardOutlined, HomeOutlined, LogoutOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth.js';
import { capabilityPages } from '../capabilities.js';
import { useCapabilities } from '../server-capabilities.js';
import { setLang, type Lang } from '../i18n.js';

export function Shell() {
  const { t, i18n } = useTranslation();
  const { me, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const selected = location.pathname.split('/')[1] || 'workspace';
  const { list } = useCapabilities();

  const items = [
    { key: 'overview', icon: <HomeOutlined />, label: t('Overview') },
    { key: 'workspace', icon: <DashboardOutlined />, label: t('Compliance workspace') },
    // The server's module list decides what is there; capabilities still being built are marked.
    ...list
      .filter((c) => c.nav)
      .map((c) => ({
        key: c.key,
        icon: capabilityPages[c.key]?.icon,
        label: c.available ? (
          t(capabilityPages[c.key]?.label ?? c.key)
        ) : (
          // The name gives way (ellipsis, full name on hover), never the "planned" tag.
          <span className="nav-planned" data-testid={`nav-planned-${c.key}`}>
            <span className="nav-planned-name" title={t(capabilityPages[c.key]?.label ?? c.key)}>
              {t(capabilityPages[c.key]?.label ?? c.key)}
            </span>
            <Tag>{t('planned')}</Tag>
          </span>
        ),
      })),
    { key: 'settings', icon: <SettingOutlined />, label: t('Settings') },
  ];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={240} breakpoint="lg" collapsedWidth={64}>
        <div className="brand">网安 wangan</div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selected]}
          items={items}
          onClick={({ key }) => navigate(`/${key}`)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
          }}
        >
          <Space size="middle">
            <Segmented
              data-testid="lang-switch"
              value={i18n.language}
              onChange={(v) => setLang(v as Lang)}
              options={[
                { label: '中文', value: 'zh' },
                { label: 'EN', value: 'en' },
              ]}
            />
            <Typography.Text>{me?.user.displayName}</Typography.Text>
            {me && <Tag>{t(`role.${me.user.role}`)}</Tag>}
            <Button icon={<LogoutOutlined />} onClick={() => void logout().then(() => navigate('/'))}>
              {t('Sign out')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <Suspense fallback={<Spin style={{ display: 'block', marginTop: 48 }} />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
