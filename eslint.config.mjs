import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/** vscode.window members that show text; src/ui wraps each one. */
const INERT_WRAPPED = [
  'showInformationMessage',
  'showWarningMessage',
  'showErrorMessage',
  'withProgress',
  'setStatusBarMessage',
  'showQuickPick',
  'createQuickPick',
  'showInputBox',
  'createInputBox',
  'createOutputChannel',
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'bench-results/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.mjs', 'test/fixtures/*/*.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // Text from the tenant or the workspace reaches the user only through the surface wrappers in src/ui, which make
    // it inert (no command links, icons, escape sequences or forged log lines) and redact secrets.
    files: ['src/**/*.ts'],
    ignores: ['src/ui/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `MemberExpression:matches([object.name='window'], [object.property.name='window'])[property.name=/^(${INERT_WRAPPED.join('|')})$/]`,
          message: 'Use the wrappers in src/ui (notify, quickInput, safeLog): they make tenant and workspace text inert.',
        },
        {
          selector: "AssignmentExpression[left.property.name=/^(isTrusted|supportHtml)$/][right.value!=false]",
          message: 'A MarkdownString with tenant text stays untrusted and without HTML.',
        },
        {
          selector: "CallExpression[callee.property.name='appendText'][arguments.0.callee.name!='tooltipText']",
          message: 'Markdown makes a bare address in appendText a link: pass the text through tooltipText (shared/inertText).',
        },
        {
          selector: "CallExpression[callee.property.name='appendMarkdown'][arguments.0.type!=/^(Literal|TemplateLiteral)$/]",
          message: 'Only our own markdown goes into appendMarkdown; names go through appendText.',
        },
        {
          selector: "CallExpression[callee.property.name='appendMarkdown'] > TemplateLiteral > :not(TemplateElement, CallExpression[callee.property.name='t'])",
          message: 'Only our own (translated) markdown goes into appendMarkdown; names go through appendText.',
        },
      ],
    },
  },
  {
    // Build scripts run on Node.
    files: ['*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
