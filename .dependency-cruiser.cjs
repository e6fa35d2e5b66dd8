/**
 * The layering of docs/ARCHITECTURE.md, checked in CI (npm run depcheck).
 * Type-only imports are allowed where a rule is about runtime coupling.
 */
const io = ['^node:(fs|net|http|https|child_process|dgram|tls)$', '^(fs|net|http|https|child_process|dgram|tls)$'];
const sqlAndHttp = ['node_modules/(kysely|pg|pg-boss|@electric-sql|fastify|@fastify)/'];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Cycles make layers meaningless.',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'pure-rules-no-io',
      severity: 'error',
      comment: 'Pure rules (rules.ts, *.rules.ts, rules/) and the pure parts of every capability folder, i.e. every src/<key>/ of the module list (all but stores, services, routes, modules, commands (cli.ts), jobs, migrations and *-io.ts files) do no I/O.',
      from: { path: ['(^|/)rules(/|\\.ts$)', '\\.rules\\.ts$', '^src/(?!platform/|cli/)[^/]+/(?!(.*(store|service|routes|jobs|module|cli|-io)\\.ts$|migrations/|jobs/))'] },
      to: { path: [...io, ...sqlAndHttp, '^src/platform/(db|http|auth|jobs)'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'platform-imports-no-capability',
      severity: 'error',
      comment: 'The platform is what capabilities stand on: it never imports one (capabilities reach it through the module contract).',
      from: { path: '^src/platform/' },
      to: { path: '^src/(?!platform/)' },
    },
    {
      name: 'law-below-obligations',
      severity: 'error',
      comment: 'The obligations engine reads the law, never the reverse.',
      from: { path: '^src/law/' },
      to: { path: '^src/obligations/' },
    },
    {
      name: 'services-no-sql-no-http',
      severity: 'error',
      comment: 'A service holds domain logic and permission checks; queries live in stores, HTTP in routes.',
      from: { path: '(^|/)service\\.ts$' },
      to: { path: [...sqlAndHttp, '(^|/)routes\\.ts$', '^src/platform/http/'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'stores-no-http',
      severity: 'error',
      comment: 'A store holds queries only.',
      from: { path: '(^|/)store\\.ts$' },
      to: { path: ['node_modules/(fastify|@fastify)/', '(^|/)(service|routes)\\.ts$', '^src/platform/http/'] },
    },
    {
      name: 'routes-thin',
      severity: 'error',
      comment: 'A route validates, calls a service and presents; it never queries.',
      from: { path: '(^|/)routes\\.ts$' },
      to: { path: ['node_modules/(kysely|pg|@electric-sql)/', '(^|/)store\\.ts$'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-foreign-tables',
      severity: 'error',
      comment: "Capabilities talk through services, never through each other's stores or tables.",
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/.*(store|tables)\\.ts$', pathNot: ['^src/$1/'] },
    },
    {
      name: 'composition-root-is-a-root',
      severity: 'error',
      comment: 'Nothing imports the composition root or the CLI but the CLI itself.',
      from: { pathNot: '^src/cli/' },
      to: { path: ['^src/app\\.ts$', '^src/cli/'] },
    },
    {
      name: 'contract-is-a-leaf',
      severity: 'error',
      comment:
        'contract/ holds the schemas, types and value lists server and console share; it depends on nothing but zod.',
      from: { path: '^contract/' },
      to: { pathNot: ['^contract/', '(^|/)node_modules/zod/'] },
    },
    {
      name: 'web-is-separate',
      severity: 'error',
      comment: 'The console talks to the server over HTTP only.',
      from: { path: '^web/' },
      to: { path: '^src/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.test\\.ts$', '^test/', 'web/dist'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
