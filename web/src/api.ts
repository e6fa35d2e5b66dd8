/** Talks to the wangan API; sends the CSRF token with every change. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

function csrfToken(): string | undefined {
  const m = /(?:^|;\s*)wangan_csrf=([^;]+)/.exec(document.cookie);
  return m?.[1] ? decodeURIComponent(m[1]) : undefined;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const csrf = csrfToken();
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => null)) as {
    error?: { code: string; message: string; details?: unknown };
  } | null;
  if (!res.ok) {
    throw new ApiError(
      res.status,
      json?.error?.code ?? 'internal',
      json?.error?.message ?? res.statusText,
      json?.error?.details,
    );
  }
  return json as T;
}

export type Role =
  'admin' | 'compliance_officer' | 'security_officer' | 'data_protection_officer' | 'moderator' | 'auditor';

export const roles: Role[] = [
  'admin',
  'compliance_officer',
  'security_officer',
  'data_protection_officer',
  'moderator',
  'auditor',
];

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface Me {
  user: User;
  csrfToken: string | null;
  via: 'session' | 'token';
}

export interface Capability {
  key: string;
  articles: string;
  available: boolean;
  nav: boolean;
}

export interface Profile {
  name: string;
  services: string[];
  network_operator: boolean;
  central_state_organ: boolean;
  cii: { operator: boolean; voluntary: boolean; sector: string | null };
  products: { network_products_or_services: boolean; critical_equipment_or_security_products: boolean };
  personal_information: {
    processes: boolean;
    individuals: number;
    sensitive_individuals: number;
    cross_border: {
      individuals_this_year: number;
      sensitive_individuals_this_year: number;
      important_data: boolean;
    };
  };
  mlps: { systems: { name: string; level: number }[] };
}

export interface Organisation {
  id: number;
  name: string;
  isDemo: boolean;
  profile: Profile;
  updatedAt: string;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  userId: string;
  scopes: ('read' | 'write')[];
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}
