import { generatePassword } from './auth/password.js';
import { systemActor } from './auth/roles.js';
import type { AuthService } from './auth/service.js';

export const DEMO_USERNAME = 'demo';
/** The file in the data folder that keeps the demo login (owner-only). */
export const DEMO_LOGIN_FILE = 'demo-login.txt';

export interface DemoLogin {
  username: string;
  password: string;
}

/** The demo organisation's admin account (the organisation itself is its module's demo); returns the login. */
export async function seedDemoLogin(auth: AuthService): Promise<DemoLogin> {
  const password = generatePassword();
  await auth.createUser(systemActor, {
    username: DEMO_USERNAME,
    displayName: '演示管理员 Demo admin',
    role: 'admin',
    password,
  });
  return { username: DEMO_USERNAME, password };
}
