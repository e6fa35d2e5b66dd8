import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { CapabilityList } from '../../contract/system.js';
import { api, type Capability } from './api.js';

/** The server's module list, read once after sign-in: which capabilities exist, are built, are in the navigation. */
const CapabilitiesContext = createContext<{ list: Capability[]; loaded: boolean }>({
  list: [],
  loaded: false,
});

export function CapabilitiesProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<{ list: Capability[]; loaded: boolean }>({ list: [], loaded: false });
  useEffect(() => {
    api<CapabilityList>('GET', '/api/capabilities').then(
      (r) => setState({ list: r.capabilities, loaded: true }),
      () => setState({ list: [], loaded: true }),
    );
  }, []);
  return <CapabilitiesContext.Provider value={state}>{children}</CapabilitiesContext.Provider>;
}

export function useCapabilities(): { list: Capability[]; loaded: boolean } {
  return useContext(CapabilitiesContext);
}
