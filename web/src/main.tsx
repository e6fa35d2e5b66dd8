import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/600.css';
import './styles.css';
import './i18n.js';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useParams } from 'react-router-dom';
import { AuthProvider, useAuth } from './auth.js';
import { capabilityPages, WorkspacePage } from './capabilities.js';
import { CapabilitiesProvider, useCapabilities } from './server-capabilities.js';
import { Shell } from './pages/Shell.js';
import { LoginPage } from './pages/Login.js';
import { OverviewPage } from './pages/Overview.js';
import { NotYetAvailable } from './pages/NotYetAvailable.js';

// Pages beyond the first screen load on demand; capability pages are in capabilities.tsx.
const SettingsPage = lazy(() => import('./pages/Settings.js').then((m) => ({ default: m.SettingsPage })));
// The public complaint channel (no sign-in), its own small chunk.
const PublicComplaintPage = lazy(() =>
  import('./pages/public/PublicComplaints.js').then((m) => ({ default: m.PublicComplaintPage })),
);
const PublicTrackPage = lazy(() =>
  import('./pages/public/PublicComplaints.js').then((m) => ({ default: m.PublicTrackPage })),
);

/** A capability's page, as the server's module list says: built, planned, or no such thing. */
function CapabilityRoute({ fixed }: { fixed?: string }) {
  const params = useParams();
  const capability = fixed ?? params.capability ?? '';
  const { list, loaded } = useCapabilities();
  if (!loaded) return null;
  const server = list.find((c) => c.key === capability && c.nav);
  if (!server) return <Navigate to="/" replace />;
  const Page = capabilityPages[capability]?.page;
  if (!server.available || !Page) return <NotYetAvailable capability={capability} />;
  return <Page />;
}

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
      <Route
        element={
          <CapabilitiesProvider>
            <Shell />
          </CapabilitiesProvider>
        }
      >
        {/* Sign-in lands on the workspace: the daily work. The organisation overview stays a page of its own. */}
        <Route index element={<Navigate to="/workspace" replace />} />
        <Route path="overview" element={<OverviewPage />} />
        <Route path="workspace" element={<WorkspacePage />} />
        <Route path=":capability" element={<CapabilityRoute />} />
        {/* One incident has its own address (the incidents page reads :id). */}
        <Route path="incidents/:id" element={<CapabilityRoute fixed="incidents" />} />
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
            <Routes>
              {/* Pages anyone reaches without signing in (CSL 2025 Art 51: the complaint channel). */}
              <Route
                path="/public/complaints"
                element={
                  <Suspense fallback={null}>
                    <PublicComplaintPage />
                  </Suspense>
                }
              />
              <Route
                path="/public/complaints/track"
                element={
                  <Suspense fallback={null}>
                    <PublicTrackPage />
                  </Suspense>
                }
              />
              <Route path="*" element={<Routed />} />
            </Routes>
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
