import { Migration } from '@mikro-orm/migrations';

/**
 * A school whose timetable already has Saturday lessons has a six-day week (school.week_days, added with the
 * default of five): its «завтра» on a Friday is Saturday. The administrator may change it in the panel.
 */
export class Migration20261206042000_six_day_schools extends Migration {

  override async up(): Promise<void> {
    this.addSql(`update "school" s set "week_days" = 6 where "week_days" = 5 and exists (select 1 from "timetable_slot" t where t."school_id" = s."id" and t."weekday" = 6);`);
  }

  override async down(): Promise<void> {
    // Nothing to undo: five or six days is a setting like any other from here on.
  }

}
