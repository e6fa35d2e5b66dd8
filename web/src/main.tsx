import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/600.css';
import './styles.css';
import './i18n.js';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { AuthProvider, useAuth } from './auth.js';
import { capabilityKeys } from './capabilities.js';
import { Shell } from './pages/Shell.js';
import { LoginPage } from './pages/Login.js';
import { OverviewPage } from './pages/Overview.js';
import { NotYetAvailable } from './pages/NotYetAvailable.js';

// Pages beyond the first screen load on demand (the workspace brings ECharts with it).
const SettingsPage = lazy(() => import('./pages/Settings.js').then((m) => ({ default: m.SettingsPage })));
const LawPage = lazy(() => import('./pages/Law.js').then((m) => ({ default: m.LawPage })));
const ObligationsPage = lazy(() =>
  import('./pages/Obligations.js').then((m) => ({ default: m.ObligationsPage })),
);
const WorkspacePage = lazy(() => import('./pages/Workspace.js').then((m) => ({ default: m.WorkspacePage })));
const GovernancePage = lazy(() =>
  import('./pages/Governance.js').then((m) => ({ default: m.GovernancePage })),
);
const CiiPage = lazy(() => import('./pages/Registers.js').then((m) => ({ default: m.CiiPage })));

const fontFamily = "'Noto Sans SC', -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

function Routed() {
  const { me, loading } = useAuth();
  if (loading) return null;
  if (!me) {
    return (
      <Routes>
        <Route path="*" element={<LoginPage />} />
      </Routes>
    );
  }
  return (
    <Routes>
      <Route element={<Shell />}>
        <Route index element={<OverviewPage />} />
        <Route path="workspace" element={<WorkspacePage />} />
        <Route path="ledger" element={<WorkspacePage />} />
        <Route path="governance" element={<GovernancePage />} />
        <Route path="cii" element={<CiiPage />} />
        <Route path="law" element={<LawPage />} />
        <Route path="obligations" element={<ObligationsPage />} />
        {capabilityKeys
          .filter((key) => !['law', 'obligations', 'ledger', 'governance', 'cii'].includes(key))
          .map((key) => (
            <Route key={key} path={key} element={<NotYetAvailable capability={key} />} />
          ))}
        <Route path="settings" element={<SettingsPage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}

function Root() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={i18n.language === 'zh' ? zhCN : enUS}
      theme={{ token: { fontFamily, colorPrimary: '#c0392b' } }}
    >
      <AntApp>
        <AuthProvider>
          <BrowserRouter>
            <Routed />
          </BrowserRouter>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
