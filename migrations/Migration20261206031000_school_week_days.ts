import { Migration } from '@mikro-orm/migrations';

/** school.week_days: a five- or six-day school week, so that the diary's «завтра» is the next school day (issue 20). */
export class Migration20261206031000_school_week_days extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "school" add column "week_days" int not null default 5 check ("week_days" in (5, 6));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "school" drop column "week_days";`);
  }

}
