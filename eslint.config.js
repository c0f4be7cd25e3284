// @ts-check
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', '.adminjs/', 'coverage/'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // async functions that implement an async interface without awaiting are fine
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read the environment in core/config.ts only.' },
      ],
    },
  },
  {
    // The domain knows nothing of its transports: the bot and the panel are thin layers over core.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['telegraf', 'telegraf/*', '@telegraf/*'], message: 'core/ must not import telegraf.' },
            { group: ['fastify', 'fastify/*', '@fastify/*'], message: 'core/ must not import fastify.' },
            { group: ['adminjs', 'adminjs/*', '@adminjs/*'], message: 'core/ must not import AdminJS.' },
            { group: ['**/bot/*', '**/admin/*', '../../bot/*', '../../admin/*'], message: 'core/ must not import bot/ or admin/.' },
          ],
        },
      ],
    },
  },
  {
    // The transports are thin (issue 11): the bot and the web side call core services for plain views, never
    // entities or the ORM; the web side knows nothing of the bot (its webhook route is handed handleUpdate).
    files: ['bot/**/*.ts', 'admin/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/*.entity', '**/*.entity.js'], message: 'bot/ and admin/ must not import entities, not even their types: a core service returns a plain view.' },
            { group: ['**/core/db', '**/core/db/*', '**/core/database.js', '**/core/entities.js', '**/core/orm-options.js'], message: 'bot/ and admin/ have no database access of their own.' },
            { group: ['@mikro-orm/*'], message: 'bot/ and admin/ must not use the ORM.' },
            { group: ['**/bot/*', '**/bot/**'], message: 'admin/ must not import bot/.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read the environment in core/config.ts only.' },
        { selector: "MemberExpression[property.name='orm']", message: 'bot/ and admin/ must not reach the ORM through core.orm: call a core service.' },
      ],
    },
  },
  {
    // One clock (core/time): "now" and a school's «today» come from the injected Clock, never from the machine
    // or the database. Durations (performance.now()) are not dates and stay allowed. A later block's
    // no-restricted-syntax replaces the earlier one's options, so the rule on reading the environment is repeated here.
    files: ['core/**/*.ts'],
    ignores: ['core/time/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read the environment in core/config.ts only.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Take "now" from the injected Clock (core/time); measure durations with performance.now().' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Take "now" from the injected Clock (core/time).' },
        { selector: "CallExpression[callee.object.name='DateTime'][callee.property.name=/^(now|local|utc)$/][arguments.length=0]", message: 'Take "now" from the injected Clock (core/time).' },
        // A column's default stamp (defaultRaw) decides nothing; every other SQL text takes the time as a parameter.
        { selector: "Literal[value=/\\b(now\\(\\)|current_date|current_timestamp|localtimestamp)/i]:not(CallExpression[callee.property.name='defaultRaw'] > Literal)", message: 'SQL must not read the database\'s clock: pass the Clock\'s time as a parameter (core/time).' },
        { selector: "TemplateElement[value.raw=/\\b(now\\(\\)|current_date|current_timestamp|localtimestamp)/i]", message: 'SQL must not read the database\'s clock: pass the Clock\'s time as a parameter (core/time).' },
      ],
    },
  },
  {
    files: ['core/config.ts', 'test/**/*.ts', 'bench/**/*.ts', '*.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Generated by the MikroORM CLI and never edited once merged.
    files: ['migrations/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // Tests poke at untyped JSON payloads of the Bot API on purpose.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
