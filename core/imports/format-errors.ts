import { describeProblem, type TFunction } from '../i18n/i18n.js';
import type { ImportFailed } from './import-failed.js';

/**
 * A failed import in words, one line per problem:
 * «Строка 5: Фамилия: «И.»: пишите полностью, без сокращений и инициалов.»
 */
export function formatImportErrors(t: TFunction, failure: ImportFailed): string[] {
  const lines = [...failure.lines].sort((a, b) => a.line - b.line);
  return lines.flatMap(({ line, column, problems }) =>
    problems.map((p) => {
      const text = describeProblem(t, p);
      // The column as the file heads it; a column missing from the file by its title in the reader's language.
      const name = column ? (failure.headers[column] ?? t(`errors:import.columns.${column}`)) : undefined;
      const message = name ? `${name}: ${text}` : text;
      return t('errors:line', { line, message });
    }),
  );
}
