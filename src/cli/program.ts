import { Command, InvalidArgumentError, Option } from 'commander';
import { buildApp, DEMO_LOGIN_FILE } from '../app.js';
import { generatePassword } from '../platform/auth/password.js';
import { roles, tokenScopes, type Actor, type Role, type TokenScope } from '../platform/auth/roles.js';
import { systemClock } from '../platform/clock.js';
import { loadConfig, type Config, type ConfigOverrides } from '../platform/config.js';
import { openDatabase, type Database } from '../platform/db/database.js';
import { readLock } from '../platform/db/lock.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { AppError, isAppError } from '../platform/errors.js';
import { platformServices, type PlatformServices } from '../platform/services.js';
import { version } from '../platform/version.js';
import { callApi } from './api-client.js';

const progress = (message: string) => process.stderr.write(`… ${message}\n`);

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('a port is a whole number 0-65535');
  return n;
}

function parseRole(value: string): Role {
  if (!(roles as readonly string[]).includes(value))
    throw new InvalidArgumentError(`one of ${roles.join(', ')}`);
  return value as Role;
}

function parseScopes(value: string): TokenScope[] {
  const scopes = value.split(',').map((s) => s.trim());
  for (const s of scopes) {
    if (!(tokenScopes as readonly string[]).includes(s))
      throw new InvalidArgumentError(`scopes are ${tokenScopes.join(', ')}`);
  }
  return scopes as TokenScope[];
}

interface DataOptions {
  data?: string;
  databaseUrl?: string;
}

function configFrom(opts: DataOptions & ConfigOverrides): Config {
  return loadConfig({
    dataDir: opts.data,
    databaseUrl: opts.databaseUrl,
    port: opts.port,
    host: opts.host,
    demo: opts.demo,
  });
}

/** Opens the folder directly (taking its lock) and runs `fn` with the services. */
async function withServices<T>(
  config: Config,
  purpose: string,
  fn: (s: PlatformServices, db: Database) => Promise<T>,
): Promise<T> {
  const database = await openDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    purpose,
    onProgress: progress,
  });
  try {
    await migrateToLatest(database, progress);
    return await fn(platformServices(database, config, systemClock), database);
  } finally {
    await database.close();
  }
}

/** When a server holds the folder, a data-changing command goes through its API. */
function runningServer(config: Config): { url: string } | undefined {
  if (config.databaseUrl) return undefined;
  const lock = readLock(config.dataDir);
  if (!lock?.url) return undefined;
  try {
    process.kill(lock.pid, 0);
  } catch {
    return undefined;
  }
  return { url: lock.url };
}

function requireToken(config: Config, server: { url: string }, token: string | undefined): string {
  if (token) return token;
  throw new AppError(
    'data_locked',
    `A server is running on ${config.dataDir} (${server.url}). Pass --token (or WANGAN_TOKEN) to go through its API, or stop it first.`,
  );
}

const cliActor: Actor = { userId: 'cli', username: 'cli', role: 'admin', via: 'cli' };

const dataOptions = (cmd: Command) =>
  cmd
    .addOption(new Option('--data <dir>', 'embedded data folder').env('WANGAN_DATA').default('data'))
    .addOption(
      new Option('--database-url <url>', 'PostgreSQL server instead of the embedded folder').env(
        'DATABASE_URL',
      ),
    );

export function buildCli(): Command {
  const program = new Command('wangan')
    .description('wangan (网安): Cybersecurity Law and CII compliance for network operators')
    .version(version)
    .showHelpAfterError();

  dataOptions(
    program
      .command('serve')
      .description('start the web console and API (seeds a demo organisation on an empty database)')
      .addOption(new Option('--port <n>', 'port to listen on').env('PORT').default(8080).argParser(parsePort))
      .addOption(new Option('--host <addr>', 'address to listen on').env('HOST').default('127.0.0.1'))
      .option('--no-demo', 'do not seed the demo organisation on an empty database'),
  ).action(async (opts: DataOptions & { port: number; host: string; demo: boolean }) => {
    const config = configFrom(opts);
    const started = Date.now();
    const app = await buildApp({ config, logger: { level: config.logLevel }, onProgress: progress });
    const url = await app.listen();
    const lines = [
      '',
      `  wangan ${version} is up at ${url}  (${app.database.label}, started in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      `  API docs: ${url}/api/docs`,
    ];
    if (!app.webBuilt)
      lines.push('  The web console is not built: run `npm run build:web` (npm start does it).');
    if (app.demoLogin) {
      lines.push(
        `  Demo organisation created. Sign in as  ${app.demoLogin.username} / ${app.demoLogin.password}`,
      );
      if (app.database.kind === 'pglite') lines.push(`  (kept in ${config.dataDir}/${DEMO_LOGIN_FILE})`);
    }
    process.stdout.write(`${lines.join('\n')}\n\n`);
    const stop = async () => {
      process.stderr.write('… stopping\n');
      await app.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  });

  dataOptions(
    program
      .command('init')
      .description('create the data folder, the organisation and the first admin account; prints the login')
      .option('--org <name>', 'organisation name', 'My organisation')
      .option('--admin <username>', 'admin username', 'admin')
      .addOption(
        new Option('--password <password>', 'admin password (generated when omitted)').env(
          'WANGAN_ADMIN_PASSWORD',
        ),
      ),
  ).action(async (opts: DataOptions & { org: string; admin: string; password?: string }) => {
    const config = configFrom(opts);
    const password = opts.password ?? generatePassword();
    await withServices(config, 'wangan init', async (s) => {
      if ((await s.organisation.exists()) || (await s.auth.hasUsers())) {
        throw new AppError(
          'conflict',
          `${config.databaseUrl ? 'The database' : config.dataDir} is already initialised.`,
        );
      }
      await s.organisation.create({ name: opts.org }, false);
      await s.auth.createUser(cliActor, { username: opts.admin, role: 'admin', password });
      await s.audit.record({
        actor: cliActor,
        action: 'init',
        detail: { organisation: opts.org, admin: opts.admin },
      });
    });
    process.stdout.write(
      `Initialised ${config.databaseUrl ? 'the database' : config.dataDir}.\nSign in as  ${opts.admin} / ${password}\n`,
    );
  });

  const user = program.command('user').description('manage accounts');
  dataOptions(
    user
      .command('add <username>')
      .description('create an account')
      .requiredOption('--role <role>', `one of ${roles.join(', ')}`, parseRole)
      .option('--display-name <name>', 'name shown in the console')
      .option('--email <address>', 'e-mail address for reminders')
      .addOption(new Option('--password <password>', 'password (generated when omitted)'))
      .addOption(
        new Option('--token <token>', 'API token, when a server is running on the folder').env(
          'WANGAN_TOKEN',
        ),
      ),
  ).action(
    async (
      username: string,
      opts: DataOptions & {
        role: Role;
        displayName?: string;
        email?: string;
        password?: string;
        token?: string;
      },
    ) => {
      const config = configFrom(opts);
      const password = opts.password ?? generatePassword();
      const input = {
        username,
        role: opts.role,
        password,
        ...(opts.displayName ? { displayName: opts.displayName } : {}),
        ...(opts.email ? { email: opts.email } : {}),
      };
      const server = runningServer(config);
      if (server) {
        await callApi(server.url, requireToken(config, server, opts.token), 'POST', '/api/users', input);
      } else {
        await withServices(config, 'wangan user add', async (s) => {
          const created = await s.auth.createUser(cliActor, input);
          await s.audit.record({
            actor: cliActor,
            action: 'users.create',
            detail: { userId: created.id, username, role: opts.role },
          });
        });
      }
      process.stdout.write(
        `Created ${username} (${opts.role}).${opts.password ? '' : `\nPassword: ${password}`}\n`,
      );
    },
  );

  const token = program.command('token').description('manage API tokens');
  dataOptions(
    token
      .command('create')
      .description('create an API token for a user; the secret is printed once')
      .requiredOption('--user <username>', 'owner of the token')
      .option('--name <name>', 'what the token is for', 'cli')
      .option('--scopes <list>', `comma-separated: ${tokenScopes.join(', ')}`, parseScopes, [
        'read',
      ] as TokenScope[])
      .option('--expires-days <n>', 'days until it expires', (v) => parsePort(v))
      .addOption(
        new Option('--token <token>', 'API token, when a server is running on the folder').env(
          'WANGAN_TOKEN',
        ),
      ),
  ).action(
    async (
      opts: DataOptions & {
        user: string;
        name: string;
        scopes: TokenScope[];
        expiresDays?: number;
        token?: string;
      },
    ) => {
      const config = configFrom(opts);
      const input = {
        name: opts.name,
        scopes: opts.scopes,
        ...(opts.expiresDays ? { expiresInDays: opts.expiresDays } : {}),
      };
      const server = runningServer(config);
      let secret: string;
      if (server) {
        // Through the API the token belongs to the caller's own account.
        const created = await callApi<{ token: string }>(
          server.url,
          requireToken(config, server, opts.token),
          'POST',
          '/api/tokens',
          input,
        );
        secret = created.token;
      } else {
        secret = await withServices(config, 'wangan token create', async (s) => {
          const owner = await s.auth.findActor(opts.user);
          const created = await s.auth.createToken(owner, input);
          await s.audit.record({
            actor: cliActor,
            action: 'tokens.create',
            detail: { tokenId: created.id, owner: opts.user, scopes: created.scopes },
          });
          return created.token;
        });
      }
      process.stdout.write(`${secret}\n`);
      process.stderr.write('Keep this token secret: it is shown only once.\n');
    },
  );

  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildCli().parseAsync(argv);
    return 0;
  } catch (err) {
    if (isAppError(err)) {
      process.stderr.write(`error [${err.code}]: ${err.message}\n`);
      return err.status >= 500 ? 1 : 2;
    }
    process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
