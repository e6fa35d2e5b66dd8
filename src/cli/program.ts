import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DEMO_LOGIN_FILE } from '../platform/demo-login.js';
import { generatePassword } from '../platform/auth/password.js';
import { roles, tokenScopes, type Role, type TokenScope } from '../platform/auth/roles.js';
import { AppError, isAppError } from '../platform/errors.js';
import { version } from '../platform/version.js';
import { modules } from '../modules.js';
import { callApi } from './api-client.js';
import {
  cliActor,
  configFrom,
  createKit,
  dataOptions,
  processIo,
  requireToken,
  runningServer,
  type CliIo,
  type DataOptions,
} from './common.js';

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

/**
 * The `wangan` program: the platform's commands (serve, init, user, token),
 * then each module's own (`cli` in its module.ts), in the module list's order.
 */
export function buildCli(io: CliIo = processIo, onCheckFailed: () => void = () => {}): Command {
  const kit = createKit(io, onCheckFailed);
  const { progress, withServices } = kit;
  const program = new Command('wangan')
    .description('wangan (网安): Cybersecurity Law and CII compliance for network operators')
    .version(version)
    // Program options only before the command: `law show ... --version 2016` is the command's own.
    .enablePositionalOptions()
    .showHelpAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    // Bad usage answers exit code 2 (not commander's 1), and never ends the process itself.
    .exitOverride();

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
    // Loaded here, not at the top: `wangan --help` and the light commands never load the server.
    const { buildApp } = await import('../app.js');
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
    io.out(`${lines.join('\n')}\n\n`);
    const stop = async () => {
      io.err('… stopping\n');
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
    io.out(
      `Initialised ${config.databaseUrl ? 'the database' : config.dataDir}.\nSign in as  ${opts.admin} / ${password}\n`,
    );
  });

  const user = program.command('user').description('manage accounts');
  dataOptions(
    user
      .command('add <username>')
      .description('create an account: a person, or with --service a machine that only holds tokens')
      .requiredOption('--role <role>', `one of ${roles.join(', ')}`, parseRole)
      .option('--display-name <name>', 'name shown in the console')
      .option('--email <address>', 'e-mail address for reminders')
      .option(
        '--service',
        'a service account (a SIEM, a log shipper, a platform calling the API): no password, cannot sign in; give it tokens with `wangan token create --user NAME --scopes ...`',
      )
      .addOption(
        new Option('--password <password>', 'password (generated when omitted)').conflicts('service'),
      )
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
        service?: boolean;
        token?: string;
      },
    ) => {
      const config = configFrom(opts);
      const password = opts.service ? undefined : (opts.password ?? generatePassword());
      const input = {
        username,
        role: opts.role,
        ...(opts.service ? { kind: 'service' as const } : { password }),
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
            detail: { userId: created.id, username, role: opts.role, kind: created.kind },
          });
        });
      }
      io.out(
        opts.service
          ? `Created service account ${username} (${opts.role}); it cannot sign in. Give it a token: wangan token create --user ${username} --scopes <list>\n`
          : `Created ${username} (${opts.role}).${opts.password ? '' : `\nPassword: ${password}`}\n`,
      );
    },
  );

  const token = program.command('token').description('manage API tokens');
  dataOptions(
    token
      .command('create')
      .description(
        'create an API token for a user (through a running server: for yourself, or as an admin for a service account); the secret is printed once',
      )
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
        // Through the API a token is the caller's own, or (admins) a service account's.
        const apiToken = requireToken(config, server, opts.token);
        const me = await callApi<{ user: { username: string } }>(server.url, apiToken, 'GET', '/api/auth/me');
        let path = '/api/tokens';
        if (me.user.username.toLowerCase() !== opts.user.toLowerCase()) {
          const { users } = await callApi<{ users: Array<{ id: string; username: string }> }>(
            server.url,
            apiToken,
            'GET',
            '/api/users',
          );
          const owner = users.find((u) => u.username.toLowerCase() === opts.user.toLowerCase());
          if (!owner) throw new AppError('not_found', `No user named "${opts.user}".`);
          path = `/api/users/${encodeURIComponent(owner.id)}/tokens`;
        }
        const created = await callApi<{ token: string }>(server.url, apiToken, 'POST', path, input);
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
      io.out(`${secret}\n`);
      io.err('Keep this token secret: it is shown only once.\n');
    },
  );

  for (const m of modules) m.cli?.(program, kit);
  // Every subcommand writes where the program does and reports usage errors the same way.
  const inherit = (cmd: Command) => {
    for (const sub of cmd.commands) {
      sub.configureOutput({ writeOut: io.out, writeErr: io.err }).exitOverride();
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}

/**
 * Runs `wangan` with `argv` (as process.argv: node, script, args...) and
 * answers the exit code: 0 success, 2 bad usage or input, 3 a failed check,
 * 1 an internal error. `io` is where it writes (a test passes buffers).
 */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  let failedCheck = false;
  try {
    await buildCli(io, () => {
      failedCheck = true;
    }).parseAsync(argv);
    return failedCheck ? 3 : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are "errors" to commander; commander has printed the message already.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (isAppError(err)) {
      // In the terminal's language: a zh_CN locale reads the Chinese sentence.
      const locale = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '';
      const message = locale.toLowerCase().startsWith('zh') ? err.messages.zh : err.message;
      io.err(`error [${err.code}]: ${message}\n`);
      return err.status >= 500 ? 1 : 2;
    }
    io.err(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
