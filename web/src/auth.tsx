import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, type Me, type Session } from './api.js';

interface AuthState {
  me: Me | null;
  loading: boolean;
  /**
   * Whether the signed-in user may take an action: one of the routes'
   * declared action names (`registers.record`, `workspace.review`, ...) the
   * server lists in `can`. The console shows and hides actions from this alone.
   */
  can(action: string): boolean;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    // Not /api/auth/me: its 401 for "not signed in" would be a failed request in the browser's console.
    api<Session>('GET', '/api/auth/session')
      .then((session) => setMe(session.user ? session : null))
      .catch((err: unknown) => {
        console.error(err);
        setMe(null);
      })
      .finally(() => setLoading(false));
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    setMe(await api<Me>('POST', '/api/auth/login', { username, password }));
  }, []);

  const logout = useCallback(async () => {
    await api('POST', '/api/auth/logout').catch(() => undefined);
    setMe(null);
  }, []);

  const can = useCallback((action: string) => me?.can.includes(action) ?? false, [me]);

  return <AuthContext.Provider value={{ me, loading, can, login, logout }}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
