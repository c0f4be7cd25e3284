/** SQL as PostgreSQL and knex quote it in error messages: a statement's first words. */
const SQL = /\b(select|insert into|delete from|with \w+ as)\s|update "|\bupdate \w+ set\b/i;

/**
 * The lines of a product's output (its structured log, and anything else it wrote) that carry SQL or one
 * of `names` (people of the scenario's school): none may, whatever went wrong.
 */
export function leakyLines(output: string, names: string[]): string[] {
  return output.split('\n').filter((line) => SQL.test(line) || names.some((name) => line.includes(name)));
}
