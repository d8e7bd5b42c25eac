import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Who may import whom: the arrows of ../shared/ARCHITECTURE.md, enforced on every lint. */
const dependsOn = (...scopes) => scopes.map((scope) => `scope:${scope}`);

export default tseslint.config(
  { ignores: ['tmp/**', 'tmp-*/**', 'tmp-*.ts', '**/node_modules/**', '**/dist/**', '**/generated/**', '**/bin/**'] },
  ...tseslint.configs.recommended,
  { files: ['**/*.js'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:forecasting', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:config', onlyDependOnLibsWithTags: dependsOn('contracts') },
            { sourceTag: 'scope:db', onlyDependOnLibsWithTags: dependsOn('config') },
            { sourceTag: 'scope:kafka', onlyDependOnLibsWithTags: dependsOn('config', 'contracts') },
            { sourceTag: 'scope:observability', onlyDependOnLibsWithTags: dependsOn('config') },
            { sourceTag: 'scope:registry', onlyDependOnLibsWithTags: dependsOn('db', 'forecasting', 'contracts') },
            { sourceTag: 'scope:ingestor', onlyDependOnLibsWithTags: dependsOn('kafka', 'db', 'contracts', 'observability', 'config') },
            { sourceTag: 'scope:trainer', onlyDependOnLibsWithTags: dependsOn('registry', 'forecasting', 'db', 'observability', 'config') },
            { sourceTag: 'scope:scheduler', onlyDependOnLibsWithTags: dependsOn('registry', 'kafka', 'db', 'forecasting', 'contracts', 'observability', 'config') },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: dependsOn('registry', 'db', 'forecasting', 'contracts', 'observability', 'config') },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:tool'] },
          ],
        },
      ],
    },
  },
);
